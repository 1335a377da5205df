"""Descriptions in Russian and Kazakh go to their own fields: by a language in the header
("Описание (каз.)", "Description (RU)"), else by what the column holds ("Сипаттама")."""

import pytest

from catalogue.importing.headers import default_vocabulary, find_header
from catalogue.importing.service import import_catalogue_file
from catalogue.importing.sheet_reader import resolve_name_columns
from catalogue.importing.sources import Sheet
from catalogue.models import ProductCategory
from tests.spreadsheets import xlsx

WHEAT = ["Durum wheat", "Пшеница твёрдая", "Қатты бидай", "1001 19 000 0"]
WHEAT_SAYS = [
    "Hard amber grain for pasta.",
    "Твёрдое янтарное зерно для макарон.",
    "Макаронға арналған қатты кәріптас түсті дән.",
]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Описание (каз.)", "description_kk"),
        ("Описание на казахском языке", "description_kk"),
        ("Сипаттамасы (қазақша)", "description_kk"),
        ("Описание (рус.)", "description_ru"),
        ("Description (RU)", "description_ru"),
        ("Описание (англ.)", "description"),
        ("Описание", "description"),  # its contents decide
    ],
)
def test_a_description_header_with_a_language_is_the_description_in_it(header, field):
    assert default_vocabulary().field_for(header) == field


def layout_of(rows):
    sheet = Sheet("Products", rows)
    layout = find_header(rows)
    resolve_name_columns(sheet, layout)
    return layout.columns


def test_plain_description_columns_are_read_by_their_contents():
    rows = [["Product", "HS code", "Описание", "Сипаттама", "Description"],
            ["Durum wheat", "100119", WHEAT_SAYS[1], WHEAT_SAYS[2], WHEAT_SAYS[0]]]  # fmt: skip
    assert layout_of(rows) == {
        0: "name_en", 1: "code", 2: "description_ru", 3: "description_kk", 4: "description"
    }  # fmt: skip


def test_a_description_header_speaking_of_the_country_is_read_by_its_contents():
    rows = [["Product", "HS code", "Description of the product made in Kazakhstan"],
            ["Durum wheat", "100119", WHEAT_SAYS[0]]]  # fmt: skip
    assert layout_of(rows)[2] == "description"


def test_a_two_row_header_gives_each_language_its_description():
    rows = [["Product", "HS code", "Описание", "", ""],
            ["", "", "англ.", "рус.", "каз."],
            ["Durum wheat", "100119", *WHEAT_SAYS]]  # fmt: skip
    assert layout_of(rows) == {
        0: "name_en", 1: "code", 2: "description", 3: "description_ru", 4: "description_kk"
    }  # fmt: skip


@pytest.mark.django_db
def test_an_xlsx_with_kazakh_names_and_descriptions_imports_them(hs, admin_user, client):
    header = ["Наименование (англ.)", "Наименование (рус.)", "Атауы (қаз.)", "Код ТН ВЭД",
              "Description", "Описание", "Сипаттама"]  # fmt: skip
    data = xlsx(("Перечень", [header, [*WHEAT, *WHEAT_SAYS]]))
    report = import_catalogue_file(data=data, file_name="kk.xlsx", user=admin_user)
    assert report.written and not report.errors
    wheat = ProductCategory.objects.get()
    assert (wheat.name_kk, wheat.description, wheat.description_ru, wheat.description_kk) == (
        "Қатты бидай", *WHEAT_SAYS
    )  # fmt: skip
    html = client.get(f"/kk/products/{wheat.slug}/").text
    assert "<h1>Қатты бидай</h1>" in html and f"<p>{WHEAT_SAYS[2]}</p>" in html


@pytest.mark.django_db
def test_a_later_file_fills_a_missing_kazakh_description(hs, admin_user):
    header = ["Product", "HS code", "Описание (рус.)"]
    first = xlsx(("Products", [header, ["Durum wheat", "1001 19", WHEAT_SAYS[1]]]))
    import_catalogue_file(data=first, file_name="ru.xlsx", user=admin_user)
    header = ["Product", "HS code", "Сипаттама"]
    second = xlsx(("Products", [header, ["Durum wheat", "1001 19", WHEAT_SAYS[2]]]))
    report = import_catalogue_file(data=second, file_name="kk.xlsx", user=admin_user)
    assert report.written and not report.errors
    wheat = ProductCategory.objects.get()
    assert (wheat.description_ru, wheat.description_kk) == (WHEAT_SAYS[1], WHEAT_SAYS[2])
