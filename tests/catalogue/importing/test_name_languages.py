"""Each name goes to the field of the language it is written in: Russian text is never the
English title on the English site, and Kazakh is kept as Kazakh, not taken for Russian."""

import pytest
from django.urls import reverse

from catalogue.importing.headers import default_vocabulary, find_header
from catalogue.importing.records import NameCells, read_names
from catalogue.importing.report import WARNING, FileReport
from catalogue.importing.service import import_catalogue_file
from catalogue.importing.sheet_reader import parse_rows, resolve_name_columns
from catalogue.importing.sources import Sheet
from catalogue.importing.values import name_language
from catalogue.models import ProductCategory
from tests.spreadsheets import csv_bytes, ods, xls, xlsx

WHEAT_KK = "Қатты бидай"
FLOUR_KK = "Бидай ұны"
BEEF_KK = "Мұздатылған сиыр еті"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Durum wheat", "name_en"),
        ("Steel, ГОСТ 380", "name_en"),
        ("Durum wheat (пшеница)", "name_en"),
        ("12345", "name_en"),
        ("Пшеница твёрдая", "name_ru"),
        ("Сталь AISI 304", "name_ru"),
        ("Мука пшеничная «Ақ Дала» высшего сорта", "name_ru"),  # a Kazakh brand
        ("Бидай", "name_ru"),  # Kazakh without the letters Russian lacks
        (WHEAT_KK, "name_kk"),
        (FLOUR_KK, "name_kk"),
        (BEEF_KK, "name_kk"),
        ("ҚАТТЫ БИДАЙ", "name_kk"),
        ("Күнбағыс майы", "name_kk"),
    ],
)
def test_a_name_is_told_english_russian_or_kazakh_by_its_letters(text, language):
    assert name_language(text) == language


def names(en="", ru="", kk=""):
    return NameCells(name_en=en, name_ru=ru, description="", name_kk=kk)


def test_names_in_their_own_columns_are_left_alone():
    cells = names("Durum wheat", "Пшеница твёрдая", WHEAT_KK)
    assert read_names(cells) == (cells, [])


def test_russian_in_the_english_column_becomes_the_russian_name_with_a_warning():
    moved, (problem,) = read_names(names("Пшеница твёрдая"))
    assert moved == names(ru="Пшеница твёрдая")
    assert (problem.level, problem.field) == (WARNING, "name_en")
    assert "The English name is missing" in problem.message
    assert "read as the Russian name" in problem.message


def test_russian_in_the_english_column_is_dropped_when_the_row_has_a_russian_name():
    moved, (problem,) = read_names(names("Пшеница", "Пшеница твёрдая"))
    assert moved == names(ru="Пшеница твёрдая")
    assert "ignored" in problem.message and "The English name is missing" in problem.message


@pytest.mark.parametrize(
    ("cells", "expected", "column"),
    [
        (names(en=WHEAT_KK), names(kk=WHEAT_KK), "name_en"),
        (names(ru=WHEAT_KK), names(kk=WHEAT_KK), "name_ru"),
        (names("Durum wheat", WHEAT_KK), names("Durum wheat", kk=WHEAT_KK), "name_ru"),
        (names(ru=FLOUR_KK, kk=WHEAT_KK), names(kk=WHEAT_KK), "name_ru"),
        (names(en=FLOUR_KK, kk=WHEAT_KK), names(kk=WHEAT_KK), "name_en"),
    ],
)
def test_kazakh_in_the_english_or_russian_column_becomes_the_kazakh_name(cells, expected, column):
    moved, (problem,) = read_names(cells)
    assert moved == expected
    assert (problem.level, problem.field) == (WARNING, column)
    assert problem.message.startswith("Kazakh text in the ")
    assert ("The English name is missing" in problem.message) == (column == "name_en")


def test_kazakh_in_the_russian_column_and_russian_in_the_english_one_both_move():
    moved, problems = read_names(names("Пшеница твёрдая", WHEAT_KK))
    assert moved == names(ru="Пшеница твёрдая", kk=WHEAT_KK)
    assert [p.field for p in problems] == ["name_ru", "name_en"]


def test_a_kazakh_column_is_taken_at_its_word():
    cells = names(kk="Бидай")
    assert read_names(cells) == (cells, [])


@pytest.mark.parametrize(
    "header",
    [
        "Атауы (қаз.)",
        "Тауар атауы (қазақ тілінде)",
        "Наименование (каз.)",
        "Наименование на казахском языке",
        "Kazakh name",
        "Product name (KK)",
        "қазақша",
    ],
)
def test_a_kazakh_name_header_maps_to_the_kazakh_name(header):
    assert default_vocabulary().field_for(header) == "name_kk"


def layout_of(rows):
    sheet = Sheet("Products", rows)
    layout = find_header(rows)
    resolve_name_columns(sheet, layout)
    return layout, sheet


def test_a_plain_name_column_of_kazakh_names_is_the_kazakh_name():
    rows = [["Тауар атауы", "HS code"], [WHEAT_KK, "100119"], [FLOUR_KK, "110100"],
            ["Бидай", "100199"], [BEEF_KK, "020230"]]  # fmt: skip
    assert layout_of(rows)[0].columns == {0: "name_kk", 1: "code"}


def test_a_plain_name_column_of_russian_names_with_a_kazakh_one_is_russian():
    rows = [["Наименование", "HS code"], ["Пшеница", "100119"], ["Мука", "110100"],
            [WHEAT_KK, "100199"]]  # fmt: skip
    assert layout_of(rows)[0].columns == {0: "name_ru", 1: "code"}


def test_a_header_naming_the_country_is_read_by_its_contents():
    rows = [["Product made in Kazakhstan", "HS code"], ["Durum wheat", "100119"]]
    assert layout_of(rows)[0].columns == {0: "name_en", 1: "code"}
    rows = [["Товар (экспорт из Казахстана)", "HS code"], ["Пшеница", "100119"]]
    assert layout_of(rows)[0].columns == {0: "name_ru", 1: "code"}


def test_every_name_problem_carries_the_sheet_row_column_and_value():
    rows = [["Product (EN)", "Russian", "HS code"], ["Durum wheat", "", "1001 19"],
            ["Пшеница мягкая", "", "1001 99"], [WHEAT_KK, "", "1001 19"]]  # fmt: skip
    layout, sheet = layout_of(rows)
    report = FileReport("names.xlsx")
    records = parse_rows(sheet, layout, report, dict.fromkeys(["100119", "100199"]))
    assert [(r.name_en, r.name_ru, r.name_kk) for r in records] == [
        ("Durum wheat", "", ""),
        ("", "Пшеница мягкая", ""),
        ("", "", WHEAT_KK),
    ]
    assert [(i.level, i.sheet, i.row, i.column, i.value) for i in report.issues] == [
        (WARNING, "Products", 3, "A (Product (EN))", "Пшеница мягкая"),
        (WARNING, "Products", 4, "A (Product (EN))", WHEAT_KK),
    ]


HEADER = ["Product (EN)", "Russian", "Kazakh name", "HS code", "Company"]
WHEAT = ["Durum wheat", "Пшеница твёрдая", WHEAT_KK, "1001 19 000 0", "Kostanay Astyk LLP"]


def run(data, name="names.xlsx", **options):
    return import_catalogue_file(data=data, file_name=name, **options)


def stored():
    return list(
        ProductCategory.objects.order_by("code_key").values_list("name", "name_ru", "name_kk")
    )


@pytest.mark.parametrize(
    ("build", "name"),
    [
        (lambda rows: xlsx(("Products", rows)), "names.xlsx"),
        (lambda rows: csv_bytes(rows), "names.csv"),
        (lambda rows: xls("Products", rows), "names.xls"),
        (lambda rows: ods("Products", rows), "names.ods"),
    ],
)
@pytest.mark.django_db
def test_the_kazakh_name_is_saved_and_imported_again_changes_nothing(hs, build, name):
    data = build([HEADER, WHEAT])
    report = run(data, name)
    assert report.written and not report.warnings and not report.errors
    assert stored() == [("Durum wheat", "Пшеница твёрдая", WHEAT_KK)]
    again = run(data, name)
    assert (again.total("created"), again.total("updated")) == (0, 0)


@pytest.mark.django_db
def test_a_stored_category_gains_its_kazakh_name_and_keeps_it_when_a_file_has_none(hs):
    run(xlsx(("Products", [HEADER[:2] + HEADER[3:], WHEAT[:2] + WHEAT[3:]])))
    report = run(xlsx(("Products", [HEADER, WHEAT])), preview=True)
    (change,) = [c for c in report.changes if c.kind == "category"]
    assert change.action == "updated"
    assert [(f.old, f.new) for f in change.fields] == [("", WHEAT_KK)]
    run(xlsx(("Products", [HEADER, WHEAT])))
    assert stored() == [("Durum wheat", "Пшеница твёрдая", WHEAT_KK)]
    again = run(xlsx(("Products", [HEADER[:2] + HEADER[3:], WHEAT[:2] + WHEAT[3:]])))
    assert again.total("updated") == 0
    assert stored() == [("Durum wheat", "Пшеница твёрдая", WHEAT_KK)]


@pytest.mark.django_db
def test_russian_in_the_english_column_is_never_the_english_title_beside_a_russian_name(hs):
    rows = [HEADER, ["Пшеница", "Пшеница твёрдая", "", "1001 19 000 0", ""]]
    report = run(xlsx(("Products", rows)))
    warning, unpublished = report.warnings
    assert "created unpublished" in unpublished.message and unpublished.row == 2
    assert (warning.sheet, warning.row, warning.column, warning.value) == (
        "Products",
        2,
        "A (Product (EN))",
        "Пшеница",
    )
    assert "The English name is missing" in warning.message
    assert stored() == [("Пшеница твёрдая", "Пшеница твёрдая", "")]


@pytest.mark.django_db
def test_a_product_with_only_a_russian_name_keeps_it_as_its_title_unpublished_and_warned(hs):
    rows = [["Product (EN)", "HS code"], ["Пшеница твёрдая", "1001 19 000 0"], ["Durum", "1001 99"]]
    report = run(csv_bytes(rows), "english.csv")
    warning, unpublished = report.warnings
    assert (warning.row, warning.column) == (2, "A (Product (EN))")
    assert "The English name is missing" in warning.message
    assert "created unpublished" in unpublished.message and unpublished.row == 2
    wheat = ProductCategory.objects.get(code_key="100119")
    assert (wheat.name, wheat.name_ru) == ("Пшеница твёрдая", "Пшеница твёрдая")
    # Not on the English site until an official gives it an English name.
    assert not wheat.is_published
    assert ProductCategory.objects.get(code_key="100199").is_published


@pytest.mark.parametrize(
    ("header", "cells", "warned"),
    [
        (["Product (EN)", "HS code"], [WHEAT_KK], True),
        (["Наименование (рус.)", "Product (EN)", "HS code"], [WHEAT_KK, "Durum wheat"], True),
        (["Тауар атауы", "HS code"], [WHEAT_KK], False),
        (["Атауы (қаз.)", "Product (EN)", "HS code"], [WHEAT_KK, "Durum wheat"], False),
    ],
)
@pytest.mark.django_db
def test_kazakh_is_recognised_in_every_kind_of_name_column(hs, header, cells, warned):
    report = run(xlsx(("Products", [header, [*cells, "1001 19 000 0"]])))
    assert not report.errors
    assert bool([w for w in report.warnings if w.column]) == warned
    category = ProductCategory.objects.get()
    assert category.name_kk == WHEAT_KK and category.name_ru == ""


@pytest.mark.django_db
def test_the_admin_form_edits_the_kazakh_name(admin_client, hs):
    run(xlsx(("Products", [HEADER, WHEAT])))
    category = ProductCategory.objects.get()
    url = reverse("admin:catalogue_productcategory_change", args=[category.pk])
    form = admin_client.get(url).context["adminform"].form
    assert "name_kk" in form.fields
    assert form.initial["name_kk"] == WHEAT_KK
