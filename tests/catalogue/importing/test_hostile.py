"""Hostile cell contents: imported cleanly or refused with their place, the same on both
databases, and never able to break a page or an export afterwards."""

import io

import openpyxl
import pytest
from django.core.management import call_command

from catalogue.importing import service
from catalogue.importing.service import import_catalogue_file
from catalogue.models import Exporter, ImportIssue, Offer, ProductCategory
from tests.spreadsheets import MINISTRY_HEADER, csv_bytes, ministry_rows, xlsx

pytestmark = pytest.mark.django_db
HEADER = ["Наименование товара", "Код ТН ВЭД ЕАЭС", "Экспортёр", "Мощность, т/год", "Контакты"]


def test_control_characters_are_dropped_and_the_catalogue_still_exports(hs, client, tmp_path):
    padding = [[f"Товар {n}", "1001990000", "", "", ""] for n in range(200)]
    rows = [
        HEADER,
        *padding,  # the NUL below sits well past the first 4 KB
        [
            "Пшеница\x1b твёрдая",
            "1001 11 000 0",
            "ТОО\x00 Астык",
            "5000",
            "тел.\x07 +7 701 1234567",
        ],
    ]
    report = import_catalogue_file(data=csv_bytes(rows), file_name="wheat\x1b.csv")
    assert report.written, report.errors
    wheat = ProductCategory.objects.get(code_key="100111")
    assert wheat.name == "Пшеница твёрдая"
    exporter = Exporter.objects.get()
    assert (exporter.name, exporter.phone) == ("ТОО Астык", "+7 701 1234567")
    call_command("export_catalogue", str(tmp_path / "out.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert "Пшеница твёрдая" in [row[1] for row in sheet.iter_rows(values_only=True)]
    # Without an English name it waits for an official to publish it.
    ProductCategory.objects.filter(pk=wheat.pk).update(is_published=True)
    assert client.get(f"/products/{wheat.slug}/").status_code == 200


@pytest.mark.parametrize(
    "capacity, message",
    [
        (10**17, "larger than 1,000,000,000,000"),
        ("99999999 млн", "larger than 1,000,000,000,000"),
        (-5, "must not be negative"),
    ],
)
def test_quantities_beyond_what_the_database_keeps_are_refused_with_their_place(
    hs, capacity, message
):
    row = [1, "Пшеница", "Wheat", "1001990000", "ТОО Астык", "", "", capacity]
    report = import_catalogue_file(data=xlsx(("Лист1", ministry_rows(row))), file_name="big.xlsx")
    assert not report.written and not Offer.objects.exists()
    (error,) = report.errors
    assert (error.row, error.column) == (6, "H (Мощность, т/год)")
    assert message in error.message


def test_a_name_that_grows_when_normalised_fits_its_key(hs):
    name = "\ufdfa" * 300  # one character, eighteen once compatibility forms are unified
    row = [1, name, "", "1001990000", name, "", "", ""]
    report = import_catalogue_file(data=xlsx(("Лист1", ministry_rows(row))), file_name="x.xlsx")
    assert report.written, report.errors
    category = ProductCategory.objects.get()
    assert category.name_ru == name and len(category.name_key) <= 300
    again = import_catalogue_file(data=xlsx(("Лист1", ministry_rows(row))), file_name="x.xlsx")
    assert again.total("created") == 0  # found again by the same key


def test_a_huge_contacts_cell_is_refused_quickly_with_its_place(hs):
    contacts = "1(" * 50_000  # quadratic for a backtracking phone pattern
    row = [1, "Пшеница", "Wheat", "1001990000", "ТОО Астык", "", "", "", contacts]
    rows = ministry_rows(row)
    rows[3] = [*MINISTRY_HEADER, "Контакты"]
    report = import_catalogue_file(data=xlsx(("Лист1", rows)), file_name="c.xlsx")
    (error,) = report.errors
    assert (error.row, error.column) == (6, "I (Контакты)")
    assert "Longer than" in error.message


def test_issues_with_control_characters_are_recorded(hs):
    rows = [HEADER, ["\x1bНечто", "99\x00", "", "", ""]]
    report = import_catalogue_file(data=csv_bytes(rows), file_name="bad.csv")
    assert not report.written
    assert ImportIssue.objects.filter(batch_id=report.batch_id, level="error").exists()
    assert all("\x00" not in i.value for i in ImportIssue.objects.all())


def test_a_workbook_written_with_control_characters_in_the_source_exports(hs, tmp_path):
    """Rows already stored before the importer cleaned them still export."""
    call_command("import_catalogue", _csv(tmp_path), stdout=io.StringIO())
    ProductCategory.objects.update(description="a\x1bb\x07c")  # PostgreSQL refuses NUL
    call_command("export_catalogue", str(tmp_path / "out.xlsx"))
    assert openpyxl.load_workbook(tmp_path / "out.xlsx").active.max_row == 2


def _csv(tmp_path) -> str:
    path = tmp_path / "in.csv"
    path.write_bytes(csv_bytes([HEADER, ["Пшеница", "1001990000", "", "", ""]]))
    return str(path)


def test_a_file_of_more_rows_than_allowed_is_refused_before_it_costs_memory(hs, settings):
    settings.IMPORT_MAX_ROWS = 1000
    rows = [["Product", "HS Code"], *([f"p{i}", "100111"] for i in range(1000))]
    for data in (csv_bytes(rows, delimiter=";"), xlsx(("Sheet", rows))):
        report = import_catalogue_file(data=data, file_name="many.csv")
        (error,) = report.errors
        assert "more than 1,000 rows" in error.message and "IMPORT_MAX_ROWS" in error.message
    assert not ProductCategory.objects.exists()


def test_utf8_with_one_broken_byte_stays_utf8_and_says_where(hs):
    rows = [HEADER, *([f"Пшеница {n}", "1001990000", "", "", ""] for n in range(20))]
    data = csv_bytes(rows).replace("Пшеница 7".encode(), b"\xd0 7", 1)
    report = import_catalogue_file(data=data, file_name="broken.csv")
    assert report.written
    assert ProductCategory.objects.filter(name_ru="Пшеница 3").exists()  # not garbled
    (warning,) = [w for w in report.warnings if "not UTF-8" in w.message]
    assert "line 9" in warning.message


def test_a_file_repeating_one_mistake_lists_it_a_bounded_number_of_times(hs):
    rows = [HEADER, *([f"Товар {n}", "1001990000", "ТОО Астык", "много", ""] for n in range(2500))]
    report = import_catalogue_file(data=csv_bytes(rows), file_name="many.csv", dry_run=True)
    errors = report.errors
    assert len(errors) == 2000 and all(e.row and e.column for e in errors)
    assert any("500 more errors not listed" in w.message for w in report.warnings)
    assert report.only_row_errors  # the valid rows can still be imported


def test_a_cell_of_many_unknown_names_lists_a_bounded_number_of_them(hs):
    header = [*HEADER, "Сертификаты"]
    names = "; ".join(f"Серт. {n}" for n in range(100))  # under the cell's 1,000 characters
    rows = [header, ["Пшеница", "1001990000", "ТОО Астык", "5000", "", names]]
    report = import_catalogue_file(data=csv_bytes(rows), file_name="certs.csv", dry_run=True)
    assert not report.errors
    (warning,) = [w for w in report.warnings if w.row == 2 and w.column]
    assert "and 95 more" in warning.message


@pytest.mark.parametrize(
    "name",
    ["Источники питания бесперебойные", "Notebooks", "Dates, dried", "Total mixed ration",
     "Sources of vitamin D", "Датчики давления", "Total 5W-40 motor oil", "Итоговый продукт"],
)  # fmt: skip
def test_a_product_whose_name_begins_like_a_note_is_imported(hs, name):
    rows = [HEADER, ["Пшеница", "1001990000", "", "", ""], [name, "", "", "", ""]]
    report = import_catalogue_file(data=csv_bytes(rows), file_name="names.csv")
    assert report.written and not report.errors
    assert ProductCategory.objects.filter(name=name).exists()


@pytest.mark.parametrize(
    "note", ["Источник: Министерство торговли", "Итого: 2", "Примечание к таблице",
             "* данные за 2024 год", "Дата составления: 01.02.2025", "Total"]
)  # fmt: skip
def test_a_note_below_the_table_is_said_to_be_one(hs, note):
    rows = [HEADER, ["Пшеница", "1001990000", "", "", ""], [note, "", "", "", ""]]
    report = import_catalogue_file(data=csv_bytes(rows), file_name="notes.csv")
    assert report.written and not report.errors
    assert ProductCategory.objects.count() == 1
    (said,) = [i for i in report.issues if i.row == 3]
    assert said.level == "info" and ("note" in said.message or "totals" in said.message)


@pytest.mark.parametrize(
    "mark",
    ["N/A", "н/д", "-", "!!!", "\u200b", "—", "...", "N\\A", "n/d", "NULL", "NaN", "0", "б/н",
     "нет инф.", "①", "ª", "\u0660", "\u3164\u3164", "\u115f\u1160"],
)  # fmt: skip
def test_a_name_cell_that_says_nothing_is_no_name(hs, mark):
    header = ["Product", "Наименование товара", "HS code", "Exporter"]
    rows = [header, [mark, "Пшеница твёрдая", "1001 11 000 0", "ТОО Астык"]]
    report = import_catalogue_file(data=csv_bytes(rows), file_name="marks.csv")
    assert report.written and not report.errors
    wheat = ProductCategory.objects.get()
    assert (wheat.name, wheat.name_ru) == ("Пшеница твёрдая", "Пшеница твёрдая")
    assert any("name; left blank" in w.message and w.row == 2 for w in report.warnings)
    again = import_catalogue_file(
        data=csv_bytes([header, ["Durum wheat", "Пшеница твёрдая", "1001 11 000 0", "ТОО Астык"],
                        [mark, mark, "", "ТОО Астык"]]),
        file_name="marks.csv",
        skip_invalid=True,
    )  # fmt: skip
    assert again.written and [e.row for e in again.errors] == [3]  # data, but no name
    assert ProductCategory.objects.filter(name=mark).count() == 0
    assert ProductCategory.objects.get(code_key="100111", name="Durum wheat")


def test_a_file_of_many_wide_sheets_is_looked_through_for_headers_only_so_far(hs, monkeypatch):
    monkeypatch.setattr(service, "MAX_HEADER_CELLS", 5000)
    wide = [[f"Заголовок {row}-{column}" for column in range(50)] for row in range(40)]
    sheets = [(f"Лист {n}", wide) for n in range(4)]
    report = import_catalogue_file(data=xlsx(*sheets), file_name="wide.xlsx", dry_run=True)
    assert [e.sheet for e in report.errors] == ["Лист 2", "Лист 3"]
    assert "5,000" in report.errors[0].message


@pytest.mark.parametrize(
    "totals",
    [["Итого", "", "", "12 500", ""], ["", "", "", "12500", "Итого:"], ["Total: 2", "", "", "", ""],
     ["Всего", "", "", "", "тел. +7 701 1234567"]],
)  # fmt: skip
def test_a_row_of_totals_is_no_product(hs, totals):
    rows = [HEADER, ["Пшеница", "1001990000", "ТОО Астык", "12500", ""], totals]
    report = import_catalogue_file(data=csv_bytes(rows), file_name="totals.csv")
    assert report.written and not report.errors
    assert ProductCategory.objects.count() == 1
    assert any(i.row == 3 and "totals" in i.message for i in report.issues)


def test_a_certifications_cell_longer_than_a_list_is_refused_with_its_place(hs):
    header = [*HEADER, "Сертификаты"]
    rows = [header, ["Пшеница", "1001990000", "ТОО Астык", "5000", "", "ISO 9001; " * 200]]
    report = import_catalogue_file(data=csv_bytes(rows), file_name="certs.csv", dry_run=True)
    (error,) = report.errors
    assert (error.row, error.column) == (2, "F (Сертификаты)")
    assert error.message == "Longer than 1,000 characters."
