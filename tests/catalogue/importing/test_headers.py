import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.importing.headers import (
    FIELDS,
    HeaderVocabulary,
    column_letter,
    default_vocabulary,
    find_header,
    looks_like_table,
)
from catalogue.importing.service import import_catalogue_file
from tests.spreadsheets import csv_bytes


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
        ("Примечание", "notes"),
        ("Remarks", "notes"),
        ("Дата", None),
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
        ["№", "Наименование товара", "Код ТН ВЭД", "Экспортёр", "Дата"],
        [1, "Пшеница", "1001990000", "ТОО Зерно", ""],
    ]
    layout = find_header(rows)
    assert layout.row_index == 3
    assert layout.data_start == 4
    assert layout.columns == {0: "number", 1: "name", 2: "code", 3: "exporter"}
    assert layout.unknown == {4: "Дата"}


def test_two_row_header_with_a_group_over_blanks_is_combined():
    rows = [
        ["Наименование", "", "Код ТН ВЭД", "Экспортёр"],
        ["рус.", "англ.", "", ""],
        ["Пшеница", "Wheat", "1001990000", "ТОО Зерно"],
    ]
    layout = find_header(rows)
    assert layout.data_start == 2
    assert layout.columns == {0: "name_ru", 1: "name_en", 2: "code", 3: "exporter"}
    assert layout.headers[1] == "Наименование / англ."


REGISTRY = [
    ["Реестр экспортёров, 2025 год"],
    [],
    ["№", "Товар", "", "Код товара", "Экспортёр", "", "", "Мощность", ""],
    ["", "рус.", "англ.", "по ТН ВЭД", "наименование", "БИН", "регион", "т/год", "мин. партия"],
    [1, "Пшеница", "Wheat", "1001 19 000 0", "ТОО Астык", "123456789012", "Костанай", 5000, ""],
]
# A3:A4, B3:C3, E3:G3, H3:I3
REGISTRY_MERGES = [(2, 0, 3, 0), (2, 1, 2, 2), (2, 4, 2, 6), (2, 7, 2, 8)]
REGISTRY_FIELDS = {0: "number", 1: "name_ru", 2: "name_en", 3: "code", 4: "exporter", 5: "bin",
                   6: "region", 7: "capacity", 8: "moq"}  # fmt: skip


@pytest.mark.parametrize("merges", [REGISTRY_MERGES, []], ids=["merged", "blank cells"])
def test_the_lowest_header_cell_decides_and_a_group_gives_it_context(merges):
    layout = find_header(REGISTRY, merges=merges)
    assert (layout.row_index, layout.data_start) == (2, 4)
    assert layout.columns == REGISTRY_FIELDS
    assert layout.headers == {
        0: "№", 1: "Товар / рус.", 2: "Товар / англ.", 3: "Код товара / по ТН ВЭД",
        4: "Экспортёр / наименование", 5: "Экспортёр / БИН", 6: "Экспортёр / регион",
        7: "Мощность / т/год", 8: "Мощность / мин. партия",
    }  # fmt: skip
    assert not layout.unknown and not layout.repeated


THREE_ROWS = [
    ["№", "Товар", "", "", "Сведения об экспортёре", "", ""],
    ["", "Наименование", "", "Код ТН ВЭД", "наименование", "Реквизиты", ""],
    ["", "рус.", "англ.", "", "", "БИН", "регион"],
    ["1", "Пшеница", "Wheat", "1001990000", "ТОО Астык", "123456789012", "Костанай"],
]
# A1:A3, B1:D1, E1:G1, B2:C2, D2:D3, E2:E3, F2:G2
THREE_ROW_MERGES = [(0, 0, 2, 0), (0, 1, 0, 3), (0, 4, 0, 6), (1, 1, 1, 2), (1, 3, 2, 3),
                    (1, 4, 2, 4), (1, 5, 1, 6)]  # fmt: skip


@pytest.mark.parametrize("merges", [THREE_ROW_MERGES, []], ids=["merged", "blank cells"])
def test_a_three_row_header_reads_each_column_by_its_path(merges):
    layout = find_header(THREE_ROWS, merges=merges)
    assert (layout.row_index, layout.data_start) == (0, 3)
    assert layout.columns == {0: "number", 1: "name_ru", 2: "name_en", 3: "code",
                              4: "exporter", 5: "bin", 6: "region"}  # fmt: skip
    assert layout.headers[2] == "Товар / Наименование / англ."
    assert layout.headers[3] == "Товар / Код ТН ВЭД"
    assert layout.headers[6] == "Сведения об экспортёре / Реквизиты / регион"


def test_recorded_merges_are_not_second_guessed_by_blank_cells():
    """A workbook that merges some cells left the others unmerged on purpose."""
    rows = [["№", "Наименование", "", "Код ТН ВЭД"], ["", "рус.", "англ.", ""]]
    layout = find_header(rows, merges=[(0, 0, 1, 0)])
    assert layout.headers == {0: "№", 1: "Наименование / рус.", 2: "англ.", 3: "Код ТН ВЭД"}
    assert layout.columns == {0: "number", 1: "name_ru", 2: "name_en", 3: "code"}


def test_a_section_row_merged_across_the_sheet_is_not_a_sub_header():
    rows = [
        ["№ п/п", "Наименование товара", "Наименование (англ.)", "Код ТН ВЭД"],
        ["II. Готовая продукция", "", "", ""],
        [1, "Пшеница", "Wheat", "1001990000"],
    ]
    for merges in ([(1, 0, 1, 3)], []):
        layout = find_header(rows, merges=merges)
        assert (layout.data_start, layout.headers[0]) == (1, "№ п/п")


def test_a_first_data_row_of_text_is_not_a_sub_header():
    rows = [["Наименование", "", "Регион"], ["Пшеница", "Wheat", "Костанайская область"]]
    assert find_header(rows).data_start == 1
    rows = [["Товар", "Код ТН ВЭД"], ["Продукция", "ТН ВЭД"], ["Пшеница", "1001"]]
    assert find_header(rows).data_start == 2  # labels that say their column's field again


def test_a_merged_header_cell_without_sub_headers_labels_only_its_first_column():
    rows = [["Наименование товара", "", "Код ТН ВЭД"], ["Пшеница", "", "1001990000"]]
    layout = find_header(rows, merges=[(0, 0, 0, 1)])
    assert layout.headers == {0: "Наименование товара", 2: "Код ТН ВЭД"}
    assert layout.data_start == 1


def test_a_column_only_its_group_names_gives_way_to_one_that_names_itself():
    rows = [["Товар", "Экспортёр", "", ""], ["", "адрес", "наименование", "БИН"]]
    layout = find_header(rows)
    assert layout.columns == {0: "name", 2: "exporter", 3: "bin"}
    assert layout.unknown == {1: "Экспортёр / адрес"}


def test_a_merge_from_above_the_header_is_not_part_of_it():
    rows = [["Реестр", "", ""], ["", "", ""], ["Товар", "Код ТН ВЭД", "Экспортёр"]]
    layout = find_header(rows, merges=[(0, 0, 1, 2)])
    assert (layout.row_index, layout.headers[0]) == (2, "Товар")


def test_hostile_merges_cost_no_more_than_the_cells_scanned():
    rows = [["Товар", "Код ТН ВЭД", *[""] * 200], ["Пшеница", "1001990000"]]
    overlapping = [(0, 0, 10**9, 10**6)] * 100_000
    # The merge swallows the header; the budget stops at the first (a hang otherwise).
    assert find_header(rows, merges=overlapping) is None


def test_a_sheet_of_notes_does_not_look_like_a_table():
    notes = [["Примечания"], ["Коды указаны на 2025 год."], ["Компании вымышлены."]]
    assert not looks_like_table(notes)
    table = [["Товарная позиция", "Шифр"], ["Пшеница", "1001"], ["Мука", "1101"]]
    assert looks_like_table(table)


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


cells = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["", "Товар", "рус.", "англ.", "Код ТН ВЭД", "Экспортёр", "БИН", "т/год"]),
    st.integers(),
    st.floats(),
)
spans = st.tuples(*[st.integers(-2, 12)] * 4)


@given(st.lists(st.lists(cells, max_size=8), max_size=30), st.lists(spans, max_size=6))
def test_find_header_never_fails_on_arbitrary_cells_and_merges(rows, merges):
    layout = find_header(rows, merges=merges)
    if layout is not None:
        assert layout.row_index < layout.data_start <= layout.row_index + 3
        assert set(layout.columns) <= set(layout.headers)


@pytest.mark.parametrize(
    ("index", "letter"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters_match_excel(index, letter):
    assert column_letter(index) == letter


@pytest.mark.parametrize(
    "header",
    ["H.S. Code", "H.S. code (10 digits)", "Код Т.Н.В.Э.Д.",
     "HS Code, as the customs declaration gives it, see note 3 below: 10 digits where known, "
     "else 6 or 4 digits of the subheading or heading"],
)  # fmt: skip
def test_a_code_header_written_with_initials_or_at_length_is_the_code(header):
    layout = find_header([["Product", header, "Exporter"], ["Wheat", "1001", "X"]])
    assert layout.columns == {0: "name", 1: "code", 2: "exporter"}


@pytest.mark.django_db
def test_a_column_not_recognised_that_holds_data_is_a_warning(hs):
    rows = [["Product", "HS code", "Price", "Empty"], ["Wheat", "1001 99", "230 USD", ""]]
    report = import_catalogue_file(data=csv_bytes(rows), file_name="prices.csv", dry_run=True)
    assert [i.column for i in report.warnings] == ["C (Price)"]
    assert "C (Price)" not in [i.column for i in report.of_level("info")]
    assert "D (Empty)" in [i.column for i in report.of_level("info")]


@pytest.mark.parametrize(
    "header",
    [["Наименование товара", "Код ОКЭД", "Код ТН ВЭД ЕАЭС", "Экспортёр"],
     ["Наименование", "Код товара", "Код ТН ВЭД", "Экспортёр"]],
)  # fmt: skip
def test_of_two_columns_for_one_field_the_one_whose_header_says_it_more_is_read(header):
    layout = find_header([header, ["Пшеница", "01.11", "1001990000", "ТОО Астык"]])
    assert layout.columns == {0: "name", 2: "code", 3: "exporter"}
    assert layout.repeated == {1: "code"}


def test_of_two_columns_saying_one_field_as_much_the_first_is_read():
    layout = find_header([["Товар", "Код ТН ВЭД", "Код ТНВЭД"], ["Пшеница", "1001", "1002"]])
    assert (layout.columns[1], layout.repeated) == ("code", {2: "code"})
