"""Headers of one to three rows, merged or not, in every format the importer reads."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.importing import ods_package
from catalogue.importing.report import FileReport
from catalogue.importing.service import import_catalogue_file, read_records
from catalogue.importing.sources import ReadLimits, read_workbook
from catalogue.models import Exporter, Offer, ProductCategory
from tests.conftest import DEMO
from tests.spreadsheets import csv_bytes, ods, xls, xlsx

KINDS = ("xlsx", "xls", "ods", "csv")
NOTES = [["Примечания"], ["Коды ТН ВЭД указаны на 2025 год."], ["Компании вымышлены."]]

REGISTRY_HEADER = [
    ["Реестр экспортёров, 2025 год"],
    [],
    ["№", "Товар", "", "Код товара", "Экспортёр", "", "", "Мощность", ""],
    ["", "рус.", "англ.", "по ТН ВЭД", "наименование", "БИН", "регион", "т/год", "мин. партия, т"],
]
REGISTRY_MERGES = ["A3:A4", "B3:C3", "E3:G3", "H3:I3"]
GRAIN_CO = ["ТОО «Костанай Астык»", "123456789012", "Костанайская область"]
WHEAT = [1, "Пшеница твёрдая", "Durum wheat", "1001 19 000 0", *GRAIN_CO, "250 000", "1 000"]
BEEF = [2, "Говядина замороженная", "Frozen beef", "0202 30 900 0", "АО «Астана Ет»", "",
        "г. Астана", "", ""]  # fmt: skip

THREE_ROW_HEADER = [
    ["№", "Товар", "", "", "Сведения об экспортёре", "", ""],
    ["", "Наименование", "", "Код ТН ВЭД", "наименование", "Реквизиты", ""],
    ["", "рус.", "англ.", "", "", "БИН", "регион"],
]
THREE_ROW_MERGES = ["A1:A3", "B1:D1", "E1:G1", "B2:C2", "D2:D3", "E2:E3", "F2:G2"]


def build(kind: str, rows: list[list[object]], merges: Sequence[str] = ()) -> bytes:
    """A workbook of `rows` and a sheet of notes; a CSV file is only the rows."""
    if kind == "xlsx":
        return xlsx(("Реестр", rows), ("Примечания", NOTES), merges=merges)
    if kind == "xls":
        return xls("Реестр", rows, merges=merges, more=[("Примечания", NOTES)])
    if kind == "ods":
        return ods("Реестр", rows, merges=merges, more=[("Примечания", NOTES)])
    return csv_bytes([["" if c is None else str(c) for c in row] for row in rows])


# Every format with merged cells, and with blank cells beside the group cells instead.
SHAPES = [
    pytest.param(kind, merged, id=f"{kind}-{'merged' if merged else 'blank cells'}")
    for kind in KINDS
    for merged in (True, False)
    if not (merged and kind == "csv")
]


def run(kind: str, data: bytes):
    return import_catalogue_file(data=data, file_name=f"registry.{kind}")


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "merged"), SHAPES)
def test_a_two_row_registry_header_imports_with_no_errors(hs, kind, merged):
    rows = [*REGISTRY_HEADER, WHEAT, BEEF]
    report = run(kind, build(kind, rows, REGISTRY_MERGES if merged else ()))
    assert not report.errors, [(i.row, i.column, i.message) for i in report.errors]
    assert report.written and report.skipped == 0
    assert not [i for i in report.issues if i.row == 4]  # the sub-header row is not data
    assert not [i for i in report.issues if i.sheet == "Примечания"]
    wheat = ProductCategory.objects.get(name="Durum wheat")
    assert wheat.name_ru == "Пшеница твёрдая"
    assert wheat.codes.get().hs_code_id == "100119"
    grain = Exporter.objects.get(bin="123456789012")
    assert (grain.name, grain.region) == ("ТОО «Костанай Астык»", "kostanay")
    offer = Offer.objects.get(category=wheat)
    assert (offer.capacity, offer.unit, offer.moq) == (250_000, "t", 1000)
    assert set(ProductCategory.objects.values_list("name", flat=True)) == {
        "Durum wheat",
        "Frozen beef",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "merged"), SHAPES)
def test_a_three_row_header_imports_with_no_errors(hs, kind, merged):
    rows = [
        *THREE_ROW_HEADER,
        [1, "Пшеница твёрдая", "Durum wheat", "1001 19 000 0", *GRAIN_CO],
        [2, "Мука пшеничная", "Wheat flour", "1101001500", *GRAIN_CO],
    ]
    report = run(kind, build(kind, rows, THREE_ROW_MERGES if merged else ()))
    assert not report.errors, [(i.row, i.column, i.message) for i in report.errors]
    assert report.written and report.skipped == 0
    assert dict(ProductCategory.objects.values_list("name", "name_ru")) == {
        "Durum wheat": "Пшеница твёрдая",
        "Wheat flour": "Мука пшеничная",
    }
    assert list(Exporter.objects.values_list("name", "bin", "region")) == [
        ("ТОО «Костанай Астык»", "123456789012", "kostanay")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_issues_name_a_column_by_the_path_of_its_header(hs, kind):
    wrong_code = [3, "Нечто", "Something", "9999.99", *GRAIN_CO, "", ""]
    merges = () if kind == "csv" else REGISTRY_MERGES
    report = run(kind, build(kind, [*REGISTRY_HEADER, WHEAT, wrong_code], merges))
    (error,) = report.errors
    assert (error.row, error.column, error.value) == (6, "D (Код товара / по ТН ВЭД)", "9999.99")


def read(data: bytes, known_codes) -> tuple[list, FileReport]:
    report = FileReport("file")
    workbook = read_workbook(data, limits=ReadLimits.from_settings(django_settings))
    return read_records(workbook, report, known_codes=known_codes), report


def test_a_sheet_of_notes_is_not_reported_but_a_table_without_a_header_is():
    table = [["Товарная позиция", "Шифр"], ["Пшеница", "1001"], ["Мука", "1101"]]
    data = xlsx(("Реестр", [*REGISTRY_HEADER, WHEAT]), ("Примечания", NOTES), ("Прочее", table))
    _, report = read(data, known_codes={"100119"})
    assert [(i.sheet, i.message) for i in report.issues if i.sheet != "Реестр"] == [
        ("Прочее", "No header row recognised on this sheet; skipped.")
    ]


def test_the_demo_workbooks_notes_sheet_is_not_reported():
    _, report = read(DEMO.read_bytes(), known_codes=set())
    assert not [i for i in report.issues if i.sheet == "Примечания"]


def test_ods_merges_are_read_for_each_sheet_across_chunks_and_only_at_its_head(monkeypatch):
    monkeypatch.setattr(ods_package, "CHUNK", 7)  # every tag cut somewhere
    body = [[f"строка {i}", i] for i in range(50)]
    data = ods("Реестр & Ко", [*REGISTRY_HEADER, *body, ["Итого", ""]],
               merges=[*REGISTRY_MERGES, "A55:B55"], more=[("Примечания", NOTES)])  # fmt: skip
    merges = ods_package.head_merges(data, {"Реестр & Ко", "Примечания"}, rows=40)
    assert merges == {
        "Реестр & Ко": [(2, 0, 3, 0), (2, 1, 2, 2), (2, 4, 2, 6), (2, 7, 2, 8)],
        "Примечания": [],
    }


def test_ods_merges_stop_at_the_last_sheet_wanted():
    data = ods("Реестр", REGISTRY_HEADER, merges=REGISTRY_MERGES, more=[("Примечания", NOTES)])
    assert list(ods_package.head_merges(data, {"Реестр"}, rows=40)) == ["Реестр"]


# The property: a header block of one to three rows, its columns grouped under parent
# cells, merged or not, reads the data rows below it as the one-row header of the same
# columns does. A leaf is (its label in the block, its label in one row); a group is
# (its label, its children).

NAMES_AND_CODE = [
    [("Наименование (рус.)",) * 2, ("Наименование (англ.)",) * 2, ("Код ТН ВЭД",) * 2],
    [("Товар", [("рус.", "Наименование (рус.)"), ("англ.", "Наименование (англ.)")]),
     ("Код товара", [("по ТН ВЭД", "Код ТН ВЭД")])],
    [("Товар", [("Наименование", [("рус.", "Наименование (рус.)"),
                                  ("англ.", "Наименование (англ.)")]),
                ("Код ТН ВЭД",) * 2])],
]  # fmt: skip
EXPORTER = [
    [("Экспортёр",) * 2, ("БИН",) * 2, ("Регион",) * 2],
    [("Экспортёр", [("наименование", "Экспортёр"), ("БИН", "БИН"), ("регион", "Регион")])],
    [("Сведения об экспортёре", [("наименование", "Экспортёр"),
                                 ("Реквизиты", [("БИН", "БИН"), ("регион", "Регион")])])],
]  # fmt: skip
QUANTITIES = [
    [("Мощность, т/год",) * 2, ("Мин. партия, т",) * 2],
    [("Мощность", [("т/год", "Мощность, т/год"), ("мин. партия, т", "Мин. партия, т")])],
]
NUMBER = [("№ п/п",) * 2]


def is_leaf(node) -> bool:
    return isinstance(node[1], str)


def leaves(nodes) -> list[tuple[str, str]]:
    return [leaf for node in nodes for leaf in ([node] if is_leaf(node) else leaves(node[1]))]


def depth(nodes) -> int:
    return max(1 if is_leaf(node) else 1 + depth(node[1]) for node in nodes)


def header_block(
    nodes, *, top: int, merged: bool, vertical: bool
) -> tuple[list[list[str]], list[str]]:
    """The rows of a header drawing `nodes` from row `top`, and its merges ("A3:B3") when
    merged; leaves are merged down to the last row only when `vertical`."""
    height = depth(nodes)
    rows = [[""] * len(leaves(nodes)) for _ in range(height)]
    merges: list[str] = []

    def reference(row: int, column: int) -> str:
        return f"{chr(65 + column)}{top + row + 1}"

    def draw(nodes, row: int, column: int) -> None:
        for node in nodes:
            rows[row][column] = node[0]
            width = 1 if is_leaf(node) else len(leaves(node[1]))
            last_row = height - 1 if is_leaf(node) else row
            if merged and (width > 1 or (vertical and last_row > row)):
                merges.append(f"{reference(row, column)}:{reference(last_row, column + width - 1)}")
            if not is_leaf(node):
                draw(node[1], row + 1, column)
            column += width

    draw(nodes, 0, 0)
    return rows, merges


# Cells that look like headers ("Продукция", "область", "Компания") are among them.
POOLS = {
    "Наименование (рус.)": ["Пшеница твёрдая", "Мука пшеничная", "Продукция птицеводства", ""],
    "Наименование (англ.)": ["Durum wheat", "Wheat flour", "Products", ""],
    "Код ТН ВЭД": ["1001 19 000 0", "1101001500", "0202 30 900 0", "9999.99", ""],
    "Экспортёр": ["ТОО «Костанай Астык»", "АО «Астана Ет»", "Компания «Ет»", ""],
    "БИН": ["123456789012", "12345", ""],
    "Регион": ["Костанайская область", "г. Астана", ""],
    "Мощность, т/год": ["250 000", "5000", "много", ""],
    "Мин. партия, т": ["100", "20", ""],
}
KNOWN_CODES = {"100119", "110100", "020230"}


@st.composite
def header_blocks(draw):
    families = [draw(st.sampled_from(f)) for f in (NAMES_AND_CODE, EXPORTER, QUANTITIES)]
    families = draw(st.permutations(families))
    nodes = [*(NUMBER if draw(st.booleans()) else []), *[n for f in families for n in f]]
    return nodes, draw(st.booleans()), draw(st.booleans())


def data_rows(labels: list[str]):
    """Rows of any cells, valid or not, then a valid one (the first of each pool)."""
    first = [POOLS.get(label, [""])[0] for label in labels]
    return st.lists(st.tuples(*[st.sampled_from(POOLS.get(label, [""])) for label in labels]),
                    max_size=6).map(lambda rows: [*rows, first])  # fmt: skip


def with_numbers(labels: list[str], rows) -> list[list[object]]:
    return [[i + 1 if label == "№ п/п" else cell for label, cell in zip(labels, row, strict=True)]
            for i, row in enumerate(rows)]  # fmt: skip


def records_and_issues(kind: str, rows, merges) -> tuple[list, list]:
    records, report = read(build(kind, rows, merges), KNOWN_CODES)
    issues = [(i.level, i.message, i.row, i.value) for i in report.issues if i.row]
    return records, issues


def moved_up(records, issues, by: int) -> tuple[list, list]:
    """Records and issues as they would be `by` rows higher up the sheet."""
    records = [dataclasses.replace(r, row=r.row - by) for r in records]
    return records, [(level, message, row - by, value) for level, message, row, value in issues]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(header_blocks(), st.sampled_from(KINDS), st.booleans(), st.data())
def test_a_header_block_reads_the_rows_a_one_row_header_reads(block, kind, title, data):
    nodes, merged, vertical = block
    labels = [flat for _, flat in leaves(nodes)]
    rows = with_numbers(labels, data.draw(data_rows(labels)))
    above = [["Реестр экспортёров, 2025 год"], []] if title else []
    header, merges = header_block(
        nodes, top=len(above), merged=merged and kind != "csv", vertical=vertical
    )
    flat = records_and_issues(kind, [*above, labels, *rows], [])
    blocked = records_and_issues(kind, [*above, *header, *rows], merges)
    assert flat[0], "the data rows give records to compare"
    assert moved_up(*blocked, by=len(header) - 1) == flat


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_an_exporter_merged_beside_several_products_offers_each(hs, kind):
    header = ["Наименование товара", "Код ТН ВЭД", "Экспортёр", "БИН"]
    rows = [
        header,
        ["Пшеница твёрдая", "1001 19 000 0", "ТОО «Костанай Астык»", "123456789012"],
        ["Ячмень", "1003 90 000 0", "", ""],
        ["Гречиха", "1008 10 000 0", "", ""],
        ["Говядина", "0202 30 900 0", "АО «Астана Ет»", ""],
    ]
    # Far below the rows header detection looks at, too.
    rows[1:1] = [[f"Товар {n}", "1001 99 000 0", "", ""] for n in range(60)]
    merges = ["C62:C64", "D62:D64"]
    build = {"xlsx": lambda: xlsx(("Реестр", rows), merges=merges),
             "xls": lambda: xls("Реестр", rows, merges=merges),
             "ods": lambda: ods("Реестр", rows, merges=merges)}  # fmt: skip
    data = build[kind]()
    report = import_catalogue_file(data=data, file_name=f"merged.{kind}")
    assert report.written and not report.errors
    offered = Offer.objects.filter(exporter__bin="123456789012")
    assert sorted(offered.values_list("category__code_key", flat=True)) == [
        "100119",
        "100390",
        "100810",
    ]
    assert Exporter.objects.count() == 2
