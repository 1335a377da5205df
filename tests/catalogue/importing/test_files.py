"""Import real files, built in memory, through the whole pipeline."""

import hashlib
import zipfile
from io import BytesIO

import openpyxl
import pytest
from django.core.management import call_command

from catalogue.importing.service import import_catalogue_file
from catalogue.models import CategoryCode, Exporter, ImportBatch, Offer, ProductCategory
from tests.spreadsheets import MINISTRY_HEADER, csv_bytes, ministry_rows, ods, xls, xlsx

pytestmark = pytest.mark.django_db

GRAIN_CO = ("ТОО «Костанай Астык»", "123456789012")
WHEAT = [
    1,
    "Пшеница твёрдая",
    "Durum wheat",
    "1001 19 000 0",
    *GRAIN_CO,
    "Костанайская область",
    "250 000",
]
FLOUR = [2, "Мука пшеничная", "Wheat flour", "1101001500", *GRAIN_CO, "Костанайская обл.", "50000"]
BEEF = [
    3,
    "Говядина замороженная",
    "Frozen beef",
    "0202 30 900 0",
    "АО «Астана Ет»",
    "",
    "г. Астана",
    "",
]


def run(data, name="catalogue.xlsx", **options):
    return import_catalogue_file(data=data, file_name=name, **options)


def codes():
    return dict(ProductCategory.objects.values_list("name", "codes__hs_code"))


def test_ministry_workbook_with_titles_sections_and_notes(hs):
    report = run(
        xlsx(("Перечень", ministry_rows(WHEAT, FLOUR, BEEF)), ("Примечания", [["Только заметки"]]))
    )
    assert report.written and not report.errors
    assert codes() == {"Durum wheat": "100119", "Wheat flour": "110100", "Frozen beef": "020230"}
    assert ProductCategory.objects.get(name="Durum wheat").name_ru == "Пшеница твёрдая"
    assert Exporter.objects.count() == 2
    grain = Exporter.objects.get(bin="123456789012")
    assert (grain.name, grain.region) == ("ТОО «Костанай Астык»", "kostanay")
    assert Offer.objects.get(category__name="Durum wheat").capacity == 250000
    assert Offer.objects.get(category__name="Durum wheat").unit == "t"
    assert not [i for i in report.issues if i.sheet == "Примечания"]  # notes, not a table


def test_codes_that_lost_their_leading_zero_are_restored(hs):
    rows = ministry_rows(
        [1, "Свинина", "Pork offal", 20500, "", "", "", ""],
        [2, "Горох", "Peas", 713105000, "", "", "", ""],
        [3, "Молоко сухое", "Milk powder", "402210000.0", "", "", "", ""],
        [4, "Масло", "Sunflower oil", 1512110000.0, "", "", "", ""],
        [5, "Цемент", "Cement", "2523.29", "", "", "", ""],
        [6, "Лекарства", "Medicaments", "3004.90", "", "", "", ""],
        [7, "Дизель", "Diesel", "2710.19.00", "", "", "", ""],
    )
    report = run(xlsx(("Лист1", rows)))
    assert not report.errors
    assert codes() == {
        "Pork offal": "020500",
        "Peas": "071310",
        "Milk powder": "040221",
        "Sunflower oil": "151211",
        "Cement": "252329",
        "Medicaments": "300490",
        "Diesel": "271019",
    }


def test_number_format_0000_restores_a_heading(hs):
    rows = ministry_rows([1, "Молоко", "Milk", 402, "", "", "", ""])
    report = run(xlsx(("Лист1", rows), formats={"D6": "0000"}))
    assert codes() == {"Milk": "0402"}
    heading_warning = [w for w in report.warnings if "4-digit heading" in w.message]
    assert (
        heading_warning
        and heading_warning[0].row == 6
        and heading_warning[0].column.startswith("D")
    )


def test_errors_name_sheet_excel_row_column_and_value_and_nothing_is_written(hs):
    rows = ministry_rows(WHEAT, [2, "Нечто", "Something", "9999.99", "", "", "", ""],
                         [3, "Мука", "Flour", "110100", "ТОО Мука", "12345", "", ""])  # fmt: skip
    report = run(xlsx(("Перечень", rows)))
    assert not report.written
    assert ProductCategory.objects.count() == 0 and Exporter.objects.count() == 0
    by_row = {e.row: e for e in report.errors}
    assert set(by_row) == {7, 8}
    assert by_row[7].sheet == "Перечень"
    assert by_row[7].column == "D (Код ТН ВЭД ЕАЭС)"
    assert by_row[7].value == "9999.99"
    assert "not in the HS 2022 nomenclature" in by_row[7].message
    assert by_row[8].column == "F (БИН)" and "12 digits" in by_row[8].message
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REJECTED
    assert batch.issues.filter(level="error").count() == 2


def test_skip_invalid_writes_the_valid_rows_and_reports_the_rest(hs):
    rows = ministry_rows(WHEAT, [2, "Нечто", "Something", "9999.99", "", "", "", ""])
    report = run(xlsx(("Перечень", rows)), skip_invalid=True)
    assert report.written and report.skipped == 1
    assert list(codes()) == ["Durum wheat"]
    assert len(report.errors) == 1


def test_dry_run_reports_and_writes_nothing(hs):
    report = run(xlsx(("Перечень", ministry_rows(WHEAT, FLOUR))), dry_run=True)
    assert report.categories.created == 2 and report.exporters.created == 1
    assert not report.written
    assert ProductCategory.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_importing_the_same_file_twice_changes_nothing(hs):
    data = xlsx(("Перечень", ministry_rows(WHEAT, FLOUR, BEEF)))
    first = run(data)
    assert first.total("created") == 3 + 2 + 3
    before = list(ProductCategory.objects.values_list("id", "updated_at"))
    second = run(data)
    assert (second.total("created"), second.total("updated")) == (0, 0)
    assert second.total("unchanged") == 8
    assert list(ProductCategory.objects.values_list("id", "updated_at")) == before


def test_a_changed_row_updates_and_a_blank_cell_erases_nothing(hs):
    run(xlsx(("Перечень", ministry_rows(WHEAT))))
    changed = [1, "Пшеница твёрдая (дурум)", "Durum wheat", "1001190000", "ТОО «Костанай Астык»",
               "123456789012", "", "300000"]  # fmt: skip
    report = run(xlsx(("Перечень", ministry_rows(changed))))
    assert (report.categories.updated, report.offers.updated) == (1, 1)
    category = ProductCategory.objects.get()
    assert category.name_ru == "Пшеница твёрдая (дурум)"
    assert Exporter.objects.get().region == "kostanay"
    assert Offer.objects.get().capacity == 300000


def test_duplicate_rows_are_merged_with_a_warning(hs):
    report = run(xlsx(("Перечень", ministry_rows(WHEAT, FLOUR, WHEAT))))
    assert Offer.objects.count() == 2
    assert any("Repeats row 6" in w.message and w.row == 8 for w in report.warnings)


def test_a_repeat_spelt_differently_is_reported_in_the_files_own_terms(hs):
    rows = ministry_rows(
        [1, "Пшеница твёрдая", "", "1001190000", "", "", "", ""],
        [2, "ПШЕНИЦА  твёрдая", "", "1001190000", "", "", "", ""],
        [3, "Пшеница твёрдая", "", "1001190000", "", "", "", ""],
    )
    report = run(xlsx(("Перечень", rows)))
    assert ProductCategory.objects.get().name == "Пшеница твёрдая"
    assert [(w.row, w.message) for w in report.warnings] == [
        (7, "This product also appears on row 6 with a different Russian name (Пшеница твёрдая); "
            "row 6's is kept."),
        (7, "Repeats the product of row 6; merged."),
        (8, "Repeats the product of row 6; merged."),
        (6, "A new product without an English name: created unpublished, so that the English "
            "site does not show it in another language; publish it once an official has given "
            "it one."),
    ]  # fmt: skip


def test_a_row_without_a_code_is_flagged_not_invented(hs):
    report = run(
        xlsx(("Перечень", ministry_rows([1, "Цемент", "Portland cement", "", "", "", "", ""])))
    )
    category = ProductCategory.objects.get()
    assert not CategoryCode.objects.filter(category=category, status="confirmed").exists()
    assert any("No HS code" in w.message and w.row == 6 for w in report.warnings)


def test_sheet_option_imports_only_that_sheet(hs):
    data = xlsx(("Зерно", ministry_rows(WHEAT)), ("Мясо", ministry_rows(BEEF)))
    run(data, sheets=["Мясо"])
    assert list(codes()) == ["Frozen beef"]
    report = run(data, sheets=["Нет такого"])
    assert "No sheet named 'Нет такого'" in report.errors[0].message


def test_english_headers_and_an_english_only_file(hs):
    rows = [
        ["Kazakhstan export offer to Nigeria"],
        ["Product", "HS Code", "Company", "BIN", "Region", "Capacity (t/year)", "Incoterms",
         "Certificates"],
        ["Refined sunflower oil", "1512.19", "Pavlodar Oil LLP", "", "Pavlodar region", "120,000",
         "FCA DAP", "HALAL ISO 22000"],
    ]  # fmt: skip
    report = run(xlsx(("Offer", rows)))
    assert not report.errors
    offer = Offer.objects.get()
    assert offer.incoterms == "DAP FCA" and offer.capacity == 120000
    assert set(offer.exporter.certifications.values_list("code", flat=True)) == {
        "halal",
        "iso-22000",
    }


def test_russian_excel_csv_semicolons_in_windows_1251(hs):
    rows = [MINISTRY_HEADER, WHEAT, FLOUR]
    report = run(csv_bytes(rows, delimiter=";", encoding="cp1251"), name="export.csv")
    assert not report.errors
    assert codes() == {"Durum wheat": "100119", "Wheat flour": "110100"}
    assert any("Windows-1251" in i.message and "semicolons" in i.message for i in report.issues)


def test_utf8_csv_with_bom_and_line_numbers(hs):
    rows = [MINISTRY_HEADER, WHEAT, [2, "Нечто", "Something", "0000", "", "", "", ""]]
    report = run(b"\xef\xbb\xbf" + csv_bytes(rows), name="export.csv")
    assert report.errors[0].row == 3
    assert report.errors[0].sheet == ""


def test_tab_separated_text(hs):
    report = run(csv_bytes([MINISTRY_HEADER, WHEAT, BEEF], delimiter="\t"), name="export.txt")
    assert not report.errors
    assert set(codes()) == {"Durum wheat", "Frozen beef"}


def test_csv_record_spanning_lines_keeps_its_first_line_number(hs):
    rows = [["Product", "HS Code"], ["Wheat,\nmilling", "1001990000"], ["Bad", "99"]]
    report = run(csv_bytes(rows), name="x.csv")
    assert report.errors[0].row == 4


def test_xls_workbook(hs):
    report = run(xls("Лист1", ministry_rows(WHEAT, BEEF)), name="old.xls")
    assert not report.errors
    assert set(codes()) == {"Durum wheat", "Frozen beef"}


def test_ods_spreadsheet(hs):
    report = run(ods("Лист1", ministry_rows(WHEAT, BEEF)), name="libre.ods")
    assert not report.errors
    assert set(codes()) == {"Durum wheat", "Frozen beef"}


def test_file_type_comes_from_content_not_name(hs):
    report = run(xlsx(("Перечень", ministry_rows(WHEAT))), name="misnamed.csv")
    assert report.written and list(codes()) == ["Durum wheat"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"%PDF-1.7 ...", "This is a PDF document, not a spreadsheet."),
        (b"PK\x03\x04garbage that is not a zip", "damaged"),
        (b"\x00\x01\x02\x03binary", "not a spreadsheet"),
        (b"just some words\nwith no header at all\n", "No sheet has a header row we recognise"),
    ],
)
def test_files_that_are_not_spreadsheets_get_a_clear_error(hs, data, message):
    report = run(data, name="upload.xlsx")
    assert not report.written
    assert message in report.errors[0].message
    assert ProductCategory.objects.count() == 0


def test_corrupt_xlsx_with_a_valid_zip_is_refused_cleanly(hs):
    good = xlsx(("Перечень", ministry_rows(WHEAT)))
    broken = BytesIO()
    with zipfile.ZipFile(BytesIO(good)) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                content = content[: len(content) // 2]
            target.writestr(item, content)
    report = run(broken.getvalue())
    assert not report.written
    assert "cannot be read" in report.errors[0].message


def test_a_word_document_is_named_as_such(hs):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "Word document" in run(buffer.getvalue()).errors[0].message


def test_merged_title_and_section_rows_are_skipped(hs):
    rows = ministry_rows(WHEAT, BEEF)
    rows.insert(6, ["II. Мясная промышленность"])
    data = xlsx(("Перечень", rows), merges=["A1:H1", "A5:H5", "A7:H7"])
    report = run(data)
    assert not report.errors and report.skipped == 0
    assert set(codes()) == {"Durum wheat", "Frozen beef"}


def test_kazakh_headers(hs):
    rows = [
        ["Р/с", "Тауар атауы", "СЭҚ ТН коды", "Экспорттаушы", "БСН", "Өңір"],
        [1, "Бидай", "1001 99 000 0", "Астық ЖШС", "123456789012", "Қостанай облысы"],
    ]
    report = run(xlsx(("Тізім", rows)))
    assert not report.errors
    category = ProductCategory.objects.get()
    assert (category.name_ru, category.codes.get().hs_code_id) == ("Бидай", "100199")
    assert Exporter.objects.get().region == "kostanay"


def test_unknown_columns_are_reported_and_ignored(hs):
    rows = [["Product", "HS Code", "Price, USD"], ["Wheat", "1001990000", "230"]]
    report = run(xlsx(("Offer", rows)))
    note = next(i for i in report.issues if "not recognised" in i.message)
    # A warning: the column holds data the import leaves out.
    assert (note.level, note.row, note.column) == ("warning", 1, "C (Price, USD)")
    assert report.written


def test_batch_records_file_checksum_and_who_ran_it(hs, admin_user):
    data = xlsx(("Перечень", ministry_rows(WHEAT)))
    run(data, user=admin_user)
    batch = ImportBatch.objects.get()
    assert batch.file_name == "catalogue.xlsx"
    assert batch.checksum == hashlib.sha256(data).hexdigest()
    assert (batch.created_by, batch.run_by) == (admin_user, "admin")
    assert ProductCategory.objects.get().import_batch == batch


def test_an_unnumbered_heading_in_the_name_column_is_not_a_product(hs):
    rows = ministry_rows(WHEAT, ["", "Мясная промышленность", "", "", "", "", "", ""], BEEF)
    report = run(xlsx(("Перечень", rows)))
    assert set(codes()) == {"Durum wheat", "Frozen beef"}
    assert any("section heading" in i.message and i.row == 7 for i in report.issues)


def test_a_numbered_product_without_a_code_is_still_a_product(hs):
    rows = ministry_rows(WHEAT, [2, "Цемент", "Cement", "", "", "", "", ""])
    run(xlsx(("Перечень", rows)))
    assert set(codes()) == {"Durum wheat", "Cement"}


def test_a_hidden_sheet_is_read_only_when_chosen(hs):
    book = openpyxl.Workbook()
    book.active.append(["Product", "HS Code"])
    book.active.append(["Wheat", "1001990000"])
    hidden = book.create_sheet("Черновик")
    hidden.sheet_state = "hidden"
    for row in (["Product", "HS Code"], ["Barley", "1003900000"], ["Oats", "1004900000"]):
        hidden.append(row)
    data = BytesIO()
    book.save(data)
    report = run(data.getvalue())
    assert report.written and not report.errors
    (said,) = [w for w in report.warnings if w.sheet == "Черновик"]
    assert "hidden" in said.message
    assert list(ProductCategory.objects.values_list("name", flat=True)) == ["Wheat"]
    chosen = run(data.getvalue(), sheets=["Черновик"])
    assert chosen.written and ProductCategory.objects.filter(name="Barley").exists()


def test_a_cell_showing_a_formula_error_is_an_error_naming_it(hs):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Реестр"
    sheet.append(["Наименование товара", "Код ТН ВЭД", "Экспортёр", "Мощность, т/год"])
    sheet.append(["Пшеница", "1001990000", "ТОО Астык", 5000])
    sheet.append(["Ячмень", "1003900000", "ТОО Астык", None])
    sheet.append(["Овёс", "1004900000", "ТОО Астык", 300])
    for reference, shown in (("D3", "#DIV/0!"), ("A4", "#REF!")):
        sheet[reference].value, sheet[reference].data_type = shown, "e"
    data = BytesIO()
    book.save(data)
    report = run(data.getvalue())
    assert not report.written
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "D (Мощность, т/год)"),
        (4, "A (Наименование товара)"),
    ]
    assert "#DIV/0!" in report.errors[0].message
    skipping = run(data.getvalue(), skip_invalid=True)
    assert skipping.written and skipping.skipped == 2
    assert list(ProductCategory.objects.values_list("name", flat=True)) == ["Пшеница"]


def test_an_offers_notes_are_imported_and_exported_again(hs, tmp_path):
    rows = [
        ["Наименование товара", "Наименование (англ.)", "Код ТН ВЭД", "Экспортёр", "Примечание"],
        ["Пшеница", "Wheat", "1001990000", "ТОО Астык", "Отгрузка с мая, вагонами"],
    ]
    report = run(xlsx(("Перечень", rows)))
    assert report.written and not report.warnings
    assert Offer.objects.get().notes == "Отгрузка с мая, вагонами"
    call_command("export_catalogue", str(tmp_path / "out.xlsx"))
    again = run((tmp_path / "out.xlsx").read_bytes())
    assert again.written and again.total("created") == again.total("updated") == 0
    assert Offer.objects.get().notes == "Отгрузка с мая, вагонами"


def test_an_ods_sheet_with_a_table_inside_a_cell_is_refused_not_cut_short(hs):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    def row(*values):
        table_row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            table_row.addElement(cell)
        return table_row

    document = OpenDocumentSpreadsheet()
    sheet = Table(name="Перечень")
    sheet.addElement(row("Product", "HS code"))
    sheet.addElement(row("Wheat", "1001 99"))
    inner = Table(name="inner", issubtable="true")
    inner.addElement(row("x"))
    nested = TableRow()
    holder = TableCell(valuetype="string")
    holder.addElement(P(text="Buckwheat"))
    holder.addElement(inner)
    nested.addElement(holder)
    sheet.addElement(nested)
    for n in range(5):
        sheet.addElement(row(f"Product {n}", "1001 99"))
    document.spreadsheet.addElement(sheet)
    data = BytesIO()
    document.save(data)
    report = run(data.getvalue(), "nested.ods")
    assert not report.written
    (error,) = report.errors
    assert "a table inside a cell" in error.message
