"""A cell that only says there is no data ('-', 'н/д', 'N/A') reads as blank in any column
but the names and the code, and says nothing in the report."""

import csv
from decimal import Decimal

import pytest

from catalogue.importing.headers import find_header
from catalogue.importing.report import FileReport
from catalogue.importing.service import import_catalogue_file
from catalogue.importing.sheet_reader import parse_rows, resolve_name_columns
from catalogue.importing.sources import Sheet
from catalogue.importing.values import DATA_DIR, is_no_data
from catalogue.models import Exporter, Offer, ProductCategory
from tests.spreadsheets import csv_bytes, ministry_rows, ods, xls, xlsx

with (DATA_DIR / "import_no_data.csv").open(encoding="utf-8", newline="") as marks_file:
    MARKS = [row["mark"] for row in csv.DictReader(marks_file)]

HEADER = ["№", "Product", "Russian", "HS code", "Description", "Company", "BIN",
          "Region", "Website", "Contacts", "Certifications", "Capacity", "MOQ", "Unit",
          "Incoterms"]  # fmt: skip
FULL = {
    "№": "1",
    "Product": "Durum wheat",
    "Russian": "Пшеница твёрдая",
    "HS code": "1001 19 000 0",
    "Description": "Class 3",
    "Company": "Kostanay Astyk LLP",
    "BIN": "123456789012",
    "Region": "Костанайская область",
    "Website": "astyk.kz",
    "Contacts": "sales@astyk.kz",
    "Certifications": "Halal",
    "Capacity": "250 000",
    "MOQ": "25",
    "Unit": "t",
    "Incoterms": "FCA",
}
KNOWN = dict.fromkeys(["100119"])


def read(*rows):
    sheet = Sheet("Products", [HEADER, *[[row[h] for h in HEADER] for row in rows]])
    layout = find_header(sheet.rows)
    resolve_name_columns(sheet, layout)
    report = FileReport("products.xlsx")
    return parse_rows(sheet, layout, report, KNOWN), report


def test_the_marks_are_data_beside_the_synonyms_each_saying_what_it_is():
    with (DATA_DIR / "import_no_data.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {"-", "—", "–", "н/д", "н.д.", "нет данных", "нет", "n/a", "na", "x", "х"} <= {
        row["mark"] for row in rows
    }
    assert all(row["language"] and row["meaning"] for row in rows)


@pytest.mark.parametrize(
    "text", ["N/A", "n / a", " Н/Д ", "н. д.", "НЕТ ДАННЫХ", "Нет  данных", "X", "Х", "NA"]
)
def test_marks_match_whatever_their_case_and_spacing(text):
    assert is_no_data(text)


@pytest.mark.parametrize(
    "text", ["0", "", "—//—", "-//-", "нет в наличии", "NAFTA", "5 - 10", "x2", "Nil Desperandum"]
)
def test_a_zero_a_ditto_mark_or_words_around_a_mark_are_not_marks(text):
    assert not is_no_data(text)


def test_a_full_row_reads_without_issues():
    (record,), report = read(FULL)
    assert report.issues == []
    assert (record.name_en, record.name_ru) == ("Durum wheat", "Пшеница твёрдая")
    assert record.offer.capacity == 250000 and record.exporter.region == "kostanay"


@pytest.mark.parametrize("mark", MARKS)
@pytest.mark.parametrize(
    ("column", "blank"),
    [
        ("Capacity", lambda r: r.offer.capacity is None and r.offer.unit == "t"),
        ("MOQ", lambda r: r.offer.moq is None),
        ("Unit", lambda r: r.offer.unit == ""),
        ("Incoterms", lambda r: r.offer.incoterms == ()),
        ("Region", lambda r: r.exporter.region == ""),
        ("Certifications", lambda r: r.exporter.certifications == ()),
        ("Website", lambda r: r.exporter.website == ""),
        ("Contacts", lambda r: r.exporter.email == "" and r.exporter.contact_name == ""),
        ("Description", lambda r: r.description == ""),
        ("BIN", lambda r: r.exporter.bin == "" and r.exporter.name == "Kostanay Astyk LLP"),
        ("№", lambda r: r.name == "Durum wheat"),
    ],
)
def test_a_mark_in_an_optional_column_reads_as_blank_without_an_issue(mark, column, blank):
    (record,), report = read(FULL | {column: mark})
    assert report.issues == [], [i.message for i in report.issues]
    assert blank(record)


@pytest.mark.parametrize("mark", ["-", "н/д", "N/A", "нет"])
def test_a_mark_for_the_exporter_leaves_the_row_without_an_offer(mark):
    no_exporter = FULL | {"Company": mark, "BIN": mark, "Region": mark, "Website": mark,
                          "Contacts": mark, "Certifications": mark, "Capacity": mark,
                          "MOQ": mark, "Unit": mark, "Incoterms": mark}  # fmt: skip
    (record,), report = read(no_exporter)
    assert report.issues == [] and record.exporter is None and record.offer is None


def test_a_row_of_marks_only_is_no_product():
    marks_only = dict.fromkeys(HEADER, "-") | {"Product": "", "Russian": ""}
    marks_only["HS code"] = ""
    records, report = read(FULL, marks_only)
    assert len(records) == 1 and report.issues == []


def test_a_zero_is_a_quantity_not_a_mark():
    (record,), _ = read(FULL | {"MOQ": "0"})
    assert record.offer.moq == Decimal(0)


def test_a_mark_in_a_name_column_is_no_name_and_said_so():
    (record,), report = read(FULL | {"Product": "-", "Russian": ""})
    assert record.name_en == "" and record.name.startswith("HS ")
    assert any("'-' is no English name" in w.message for w in report.warnings)


def test_a_ditto_mark_is_not_read_as_blank():
    records, report = read(FULL | {"Capacity": "—//—"})
    assert records == [] and [i.column for i in report.errors] == ["L (Capacity)"]


@pytest.mark.parametrize(
    ("build", "name"),
    [
        (lambda rows: xlsx(("Products", rows)), "marks.xlsx"),
        (lambda rows: csv_bytes(rows, delimiter=";", encoding="cp1251"), "marks.csv"),
        (lambda rows: xls("Products", rows), "marks.xls"),
        (lambda rows: ods("Products", rows), "marks.ods"),
    ],
)
@pytest.mark.django_db
def test_marks_in_an_imported_file_are_blank_and_erase_nothing(hs, build, name):
    first = import_catalogue_file(data=xlsx(("Products", [HEADER, list(FULL.values())])),
                                  file_name="full.xlsx")  # fmt: skip
    assert first.written and not first.issues
    marked = FULL | {"Region": "—", "Website": "н/д", "Contacts": "N/A", "Capacity": "-",
                     "MOQ": "нет данных", "Incoterms": "х", "Certifications": "нет",
                     "Description": "–"}  # fmt: skip
    report = import_catalogue_file(data=build([HEADER, list(marked.values())]), file_name=name)
    row_issues = [i.message for i in report.issues if i.row is not None]
    assert report.written and not report.errors and row_issues == []
    assert report.total("updated") == 0 and report.total("created") == 0
    exporter = Exporter.objects.get()
    assert (exporter.region, exporter.website, exporter.email) == (
        "kostanay",
        "https://astyk.kz",
        "sales@astyk.kz",
    )
    offer = Offer.objects.get()
    assert (offer.capacity, offer.moq, offer.incoterms) == (250000, 25, "FCA")
    assert ProductCategory.objects.get().description == "Class 3"


@pytest.mark.django_db
def test_a_new_offer_with_marks_has_blank_details(hs):
    marked = FULL | {"Capacity": "н/д", "MOQ": "—", "Unit": "-", "Incoterms": "n/a"}
    report = import_catalogue_file(
        data=xlsx(("Products", [HEADER, list(marked.values())])), file_name="new.xlsx"
    )
    assert report.written and not report.issues
    offer = Offer.objects.get()
    assert (offer.capacity, offer.moq, offer.unit, offer.incoterms) == (None, None, "", "")


@pytest.mark.django_db
def test_a_section_heading_with_dashes_beside_it_is_still_a_heading(hs):
    wheat = [1, "Пшеница твёрдая", "Durum wheat", "1001 19 000 0", "ТОО Астык", "", "", "5000"]
    beef = [2, "Говядина", "Frozen beef", "0202 30 900 0", "ТОО Астык", "", "", "-"]
    heading = ["", "Мясная промышленность", "", "", "—", "—", "—", "н/д"]
    report = import_catalogue_file(
        data=xlsx(("Перечень", ministry_rows(wheat, heading, beef))), file_name="list.xlsx"
    )
    assert report.written and not report.errors
    assert set(ProductCategory.objects.values_list("name", flat=True)) == {
        "Durum wheat",
        "Frozen beef",
    }
    assert any("section heading" in i.message and i.row == 7 for i in report.issues)
