"""Hostile uploads are refused with a clear message, within a budget, and leave nothing behind."""

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalogue.importing import sources
from catalogue.importing.sandbox import OverMemory, run_limited
from catalogue.importing.service import import_catalogue_file
from catalogue.importing.sources import ReadLimits
from catalogue.models import ImportBatch, ProductCategory
from tests.spreadsheets import (
    MINISTRY_HEADER,
    csv_bytes,
    ministry_rows,
    ods,
    ole2,
    rezip,
    with_cell,
    with_dimension,
    with_shared_strings,
    xlsx,
)

pytestmark = pytest.mark.django_db


def zipped(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def errors_of(data: bytes) -> list[str]:
    report = import_catalogue_file(data=data, file_name="upload.xlsx")
    assert not report.written
    return [e.message for e in report.errors]


def test_a_member_compressed_more_than_100_to_1_is_refused(hs):
    bomb = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                   "xl/worksheets/sheet1.xml": b"0" * (20 * 1024 * 1024)})  # fmt: skip
    assert any("compressed more than 100 to 1" in m for m in errors_of(bomb))


def test_too_many_members_are_refused(hs):
    many = zipped(
        {"xl/workbook.xml": b"<workbook/>", **{f"xl/x{n}.xml": b"x" for n in range(2500)}}
    )
    assert any("parts" in m for m in errors_of(many))


def test_too_much_unpacked_data_is_refused(hs, monkeypatch):
    monkeypatch.setattr(sources, "MAX_UNPACKED_BYTES", 1024 * 1024)
    big = zipped({"xl/workbook.xml": b"<workbook/>", "xl/data.bin": bytes(range(256)) * 8000},
                 compression=zipfile.ZIP_STORED)  # fmt: skip
    assert any("would unpack to" in m for m in errors_of(big))


def test_xml_entity_expansion_does_not_blow_up(hs):
    """A 'billion laughs' sharedStrings part: read without expanding the entities, or refused."""
    good = xlsx(("Перечень", ministry_rows([1, "Пшеница", "Wheat", "1001990000", "", "", "", ""])))
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    laughs = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{entities}]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    ).encode()
    source = zipfile.ZipFile(io.BytesIO(good))
    members = {item.filename: source.read(item) for item in source.infolist()}
    members["xl/sharedStrings.xml"] = laughs
    report = import_catalogue_file(data=zipped(members), file_name="laughs.xlsx")
    assert ProductCategory.objects.filter(name__contains="lollollol").count() == 0
    assert all(len(i.value) < 1000 for i in report.issues)


def test_uploads_wait_outside_any_served_folder():
    upload_dir = Path(storages["files"].location).resolve()
    served = [
        Path(settings.STATIC_ROOT).resolve(),
        *(Path(p).resolve() for p in settings.STATICFILES_DIRS),
    ]
    assert not any(upload_dir.is_relative_to(folder) for folder in served)
    assert not str(upload_dir).startswith(str((Path(settings.BASE_DIR) / "templates").resolve()))


def test_a_refused_upload_leaves_no_file(admin_client, hs, tmp_path, settings):
    bomb = zipped(
        {"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"0" * (5 * 1024 * 1024)}
    )
    response = admin_client.post(
        reverse("admin:catalogue_import"), {"file": SimpleUploadedFile("b.xlsx", bomb)}
    )
    assert response.status_code == 200 and "zip bomb" in response.text
    assert ImportBatch.objects.get().status == ImportBatch.Status.REJECTED
    assert not list((tmp_path / "files").rglob("*.upload"))


# Files of a few kilobytes that declare vast sizes: refused before anything is allocated
# for them, with the limit in the message.

GOOD = [1, "Пшеница", "Wheat", "1001990000", "ТОО «Астык»", "123456789012", "", ""]


def good_xlsx() -> bytes:
    return xlsx(("Перечень", ministry_rows(GOOD)))


@pytest.mark.parametrize("reference", ["XFD1048576", "ALL60000", "B3000000"])
def test_a_cell_far_away_is_refused_by_the_cell_limit(hs, reference):
    data = with_cell(good_xlsx(), reference)
    assert len(data) < 10_000
    assert any("more than the 5,000,000 allowed" in m and "IMPORT_MAX_CELLS" in m
               for m in errors_of(data))  # fmt: skip


def test_a_declared_dimension_past_the_cell_limit_is_refused(hs):
    messages = errors_of(with_dimension(good_xlsx(), "A1:XFD1048576"))
    assert any("declares its size as A1:XFD1048576" in m for m in messages)


def test_a_shared_string_count_of_four_billion_is_refused(hs):
    messages = errors_of(with_shared_strings(good_xlsx(), ["Wheat"], count=4_000_000_000))
    assert any("4,000,000,000 shared texts" in m and "IMPORT_MAX_CELLS" in m for m in messages)


def test_an_honest_shared_string_table_is_read(hs):
    report = import_catalogue_file(
        data=with_shared_strings(good_xlsx(), ["Пшеница"]), file_name="strings.xlsx"
    )
    assert report.written and not report.errors


def test_the_cell_limit_is_a_setting(hs, settings):
    settings.IMPORT_MAX_CELLS = 50
    messages = errors_of(good_xlsx())  # 8 rows × 8 columns
    assert any("64 cells, more than the 50 allowed (IMPORT_MAX_CELLS)." in m for m in messages)


# Whatever the file, reading it runs in a child process under a memory and time budget:
# over it, the importer answers with a message, and the process that asked lives on.


def test_a_read_over_the_memory_budget_is_stopped_with_a_message(hs, settings):
    # calamine (Rust) asks for 512 GiB for this sheet and aborts; the child dies, not us.
    settings.IMPORT_MAX_CELLS = 10**15
    messages = errors_of(with_cell(good_xlsx(), "XFD1048576"))
    assert messages == [
        f"The file needs more than {settings.IMPORT_READ_MEMORY_MB} MB of memory to read, "
        "the limit for one file (IMPORT_READ_MEMORY_MB)."
    ]


def test_python_running_out_of_memory_while_reading_gets_the_same_message(hs, settings):
    settings.IMPORT_READ_MEMORY_MB = 64
    big = csv_bytes([MINISTRY_HEADER] + [[str(n), f"Товар {n}", "x" * 40] for n in range(300_000)])
    assert any("needs more than 64 MB" in m for m in errors_of(big))


def test_a_read_over_the_time_budget_is_stopped_with_a_message(hs, settings, monkeypatch):
    settings.IMPORT_READ_SECONDS = 1
    monkeypatch.setattr(sources, "_read_text", lambda data, max_rows: time.sleep(30))
    started = time.monotonic()
    assert errors_of(b"a;b\n1;2\n") == [
        "The file took longer than 1 s to read, the limit for one file (IMPORT_READ_SECONDS)."
    ]
    assert time.monotonic() - started < 5


def test_a_read_spinning_on_the_cpu_is_stopped(hs, settings, monkeypatch):
    settings.IMPORT_READ_SECONDS = 1

    def spin(data, max_rows):
        while True:
            pass

    monkeypatch.setattr(sources, "_read_text", spin)
    assert any("took longer than 1 s" in m for m in errors_of(b"a;b\n1;2\n"))


def test_a_reader_that_crashes_leaves_a_message_and_a_working_database(hs, monkeypatch):
    monkeypatch.setattr(sources, "_read_text", lambda data, max_rows: os.abort())
    messages = errors_of(b"a;b\n1;2\n")
    assert messages == ["The file cannot be read: the reader failed (it was stopped by SIGABRT: "
                        "no message)."]  # fmt: skip
    # The child shared the parent's database connection and must not have closed it.
    assert ImportBatch.objects.filter(status=ImportBatch.Status.REJECTED).count() == 1


def test_any_exception_of_a_parser_becomes_a_message(hs, monkeypatch):
    def broken(data, max_rows):
        raise KeyError("There is no item named '[Content_Types].xml' in the archive")

    monkeypatch.setattr(sources, "_read_text", broken)
    assert errors_of(b"a;b\n1;2\n") == [
        'The file looks like a text file but cannot be read: "There is no item named '
        "'[Content_Types].xml' in the archive\"."
    ]


def test_the_admin_answers_a_file_that_would_have_killed_the_worker(admin_client, hs):
    data = with_shared_strings(good_xlsx(), ["Wheat"], count=4_000_000_000)
    response = admin_client.post(
        reverse("admin:catalogue_import"), {"file": SimpleUploadedFile("tiny.xlsx", data)}
    )
    assert response.status_code == 200 and "4,000,000,000 shared texts" in response.text


# Damaged files that used to raise unhandled errors (500 in the admin).


def test_a_field_too_large_for_the_csv_module_while_sniffing_is_a_message(hs):
    data = csv_bytes([MINISTRY_HEADER, ["1", "x" * 200_000, "Wheat", "1001990000"]])
    assert any("field larger than field limit" in m for m in errors_of(data))


def test_damaged_document_properties_do_not_stop_an_import(hs, settings):
    """Only calamine, the styles and the sheet are read: openpyxl's KeyError / ParseError on
    docProps/core.xml is gone, and the code keeps the leading zero its format gives it."""
    rows = ministry_rows([1, "Молоко", "Milk", 402, "", "", "", ""])
    data = rezip(xlsx(("Лист1", rows), formats={"D6": "0000"}),
                 lambda name, xml: xml[:40] if name == "docProps/core.xml" else xml)  # fmt: skip
    report = import_catalogue_file(data=data, file_name="props.xlsx")
    assert not report.errors
    assert ProductCategory.objects.get().codes.get().hs_code_id == "0402"
    workbook = sources.read_workbook(data, limits=ReadLimits.from_settings(settings))
    assert workbook.sheets[0].number_formats(3) == {5: "0000"}


def test_a_workbook_without_content_types_is_read_or_refused_cleanly(hs):
    rows = ministry_rows([1, "Молоко", "Milk", 402, "", "", "", ""])
    data = rezip(xlsx(("Лист1", rows), formats={"D6": "0000"}),
                 lambda name, xml: None if name == "[Content_Types].xml" else xml)  # fmt: skip
    report = import_catalogue_file(data=data, file_name="types.xlsx")
    assert report.written or report.errors


def test_an_ods_with_a_damaged_zip_directory_is_a_message(hs):
    """zipfile said "negative seek value" (ValueError) for this one."""
    good = ods("Лист1", ministry_rows(GOOD))
    directory = good.rfind(b"PK\x01\x02")
    damaged = good[: directory + 42] + b"\xff\xff\xff\x7f" + good[directory + 46 :]
    assert errors_of(damaged) == [
        "The file is a ZIP archive, as xlsx and ods workbooks are, but it is damaged."
    ]


def test_a_password_protected_xlsx_is_named_as_such(hs):
    encrypted = ole2({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": bytes(5000)})
    assert errors_of(encrypted) == [
        "The workbook is protected by a password; save a copy without one."
    ]


def test_an_xls_holding_a_stream_with_another_name_is_not_taken_for_encrypted(hs):
    assert "password" not in " ".join(errors_of(ole2({"Workbook": b"\x09\x08" + bytes(100)})))


def test_the_sandbox_gives_back_a_value_or_the_exception_and_reports_usage():
    used = []
    assert run_limited(sorted, [3, 1, 2], memory_mb=64, seconds=5, on_usage=used.append) == [
        1, 2, 3,
    ]  # fmt: skip
    assert used and used[0].wall_seconds < 5 and used[0].peak_rss_mb > 0
    with pytest.raises(ZeroDivisionError):
        run_limited(divmod, 1, 0, memory_mb=64, seconds=5)
    with pytest.raises(OverMemory):
        run_limited(bytearray, 200 * 1024 * 1024, memory_mb=64, seconds=5)
