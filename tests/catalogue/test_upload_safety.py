"""Hostile uploads are refused with a clear message before any parsing, and leave nothing behind."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalogue.importing import sources
from catalogue.importing.service import import_catalogue_file
from catalogue.models import ImportBatch, ProductCategory
from tests.spreadsheets import ministry_rows, xlsx

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
    upload_dir = Path(settings.IMPORT_UPLOAD_DIR).resolve()
    served = [
        Path(settings.STATIC_ROOT).resolve(),
        *(Path(p).resolve() for p in settings.STATICFILES_DIRS),
    ]
    assert not any(upload_dir.is_relative_to(folder) for folder in served)
    assert not str(upload_dir).startswith(str((Path(settings.BASE_DIR) / "templates").resolve()))


def test_a_refused_upload_leaves_no_file(admin_client, hs, tmp_path, settings):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    bomb = zipped(
        {"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"0" * (5 * 1024 * 1024)}
    )
    response = admin_client.post(
        reverse("admin:catalogue_import"), {"file": SimpleUploadedFile("b.xlsx", bomb)}
    )
    assert response.status_code == 200 and "zip bomb" in response.text
    assert ImportBatch.objects.get().status == ImportBatch.Status.REJECTED
    assert not list((tmp_path / "imports").glob("*"))
