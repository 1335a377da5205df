import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.importing.headers import (
    FIELDS,
    HeaderVocabulary,
    column_letter,
    default_vocabulary,
    find_header,
)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("№ п/п", "number"),
        ("Наименование товара", "name"),
        ("Наименование (англ.)", "name_en"),
        ("Наименование товара на русском языке", "name_ru"),
        ("Код ТН ВЭД ЕАЭС", "code"),
        ("Код ТН ВЭД", "code"),
        ("Экспортёр", "exporter"),
        ("Экспортер", "exporter"),
        ("Наименование предприятия", "exporter"),
        ("БИН", "bin"),
        ("Регион", "region"),
        ("Product", "name"),
        ("Product name (EN)", "name_en"),
        ("HS Code", "code"),
        ("HS code (6 digits)", "code"),
        ("Company", "exporter"),
        ("Company name", "exporter"),
        ("Capacity (t/year)", "capacity"),
        ("Мощность, тыс. тонн в год", "capacity"),
        ("Ед. изм.", "unit"),
        ("Incoterms", "incoterms"),
        ("Базис поставки", "incoterms"),
        ("Сертификаты", "certifications"),
        ("Website", "website"),
        ("Контактные данные", "contact"),
        ("Минимальная партия", "moq"),
        ("Тауар атауы", "name"),
        ("СЭҚ ТН коды", "code"),
        ("Экспорттаушы", "exporter"),
        ("БСН", "bin"),
        ("Өңір", "region"),
        ("Примечание", None),
        ("", None),
    ],
)
def test_headers_in_three_languages_map_to_fields(header, field):
    assert default_vocabulary().field_for(header) == field


def test_header_is_found_below_title_rows_and_blank_rows():
    rows = [
        ["Перечень товаров"],
        ["по состоянию на 14.02.2025"],
        [],
        ["№", "Наименование товара", "Код ТН ВЭД", "Экспортёр", "Примечание"],
        [1, "Пшеница", "1001990000", "ТОО Зерно", ""],
    ]
    layout = find_header(rows)
    assert layout.row_index == 3
    assert layout.data_start == 4
    assert layout.columns == {0: "number", 1: "name", 2: "code", 3: "exporter"}
    assert layout.unknown == {4: "Примечание"}


def test_two_row_header_with_merged_group_is_combined():
    rows = [
        ["Наименование", "", "Код ТН ВЭД", "Экспортёр"],
        ["рус.", "англ.", "", ""],
        ["Пшеница", "Wheat", "1001990000", "ТОО Зерно"],
    ]
    layout = find_header(rows)
    assert layout.data_start == 2
    assert layout.columns[0] == "name_ru"
    assert layout.columns[1] == "name_en"


def test_a_sheet_without_a_header_has_no_layout():
    assert find_header([["Notes only"], ["Some remark about exports"]]) is None
    assert find_header([]) is None


def test_a_data_row_does_not_pass_for_a_header():
    rows = [["Wheat", "1001990000"], ["Product", "HS code", "Company"], ["Flour", "110100", "X"]]
    assert find_header(rows).row_index == 1


def test_vocabulary_refuses_an_unknown_field():
    with pytest.raises(ValueError, match="unknown field"):
        HeaderVocabulary.from_pairs([("price", "Цена")])


@given(st.text(max_size=60))
def test_any_header_text_maps_to_a_known_field_or_none(text):
    assert default_vocabulary().field_for(text) in (*FIELDS, None)


@given(
    st.lists(
        st.lists(st.one_of(st.text(max_size=20), st.integers(), st.floats()), max_size=8),
        max_size=30,
    )
)
def test_find_header_never_fails_on_arbitrary_cells(rows):
    layout = find_header(rows)
    if layout is not None:
        assert layout.data_start > layout.row_index


@pytest.mark.parametrize(
    ("index", "letter"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters_match_excel(index, letter):
    assert column_letter(index) == letter
