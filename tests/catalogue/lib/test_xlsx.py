import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.lib.normalise import clean_text
from catalogue.lib.xlsx import (
    DATE,
    DATETIME,
    FORMULA_STARTS,
    NUMBER,
    TEXT,
    Column,
    SheetWriter,
    new_workbook,
)

HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+2348031234567",
    "-1+1",
    "@SUM(A1)",
    "\tTAB",
    "\rCR",
    "=1+1",
]


def written(rows, columns):
    book = new_workbook()
    writer = SheetWriter(book, "Sheet", columns)
    writer.write_all(rows)
    writer.finish()
    buffer = io.BytesIO()
    book.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["Sheet"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_looks_like_a_formula_stays_text(text):
    sheet = written([{"value": text}], [Column("value", "Value")])
    cell = sheet["A2"]
    assert cell.data_type == "s"
    assert cell.value == text.replace("\r", "\n")  # line breaks are written as \n
    assert cell.quotePrefix is True


def test_ordinary_text_has_no_quote_prefix_and_codes_keep_their_zeros():
    sheet = written(
        [{"name": "Sunflower oil", "code": "040221", "heading": "0402"}],
        [Column("name", "Name"), Column("code", "HS code"), Column("heading", "Heading")],
    )
    assert [c.value for c in sheet[2]] == ["Sunflower oil", "040221", "0402"]
    assert all(c.data_type == "s" and not c.quotePrefix for c in sheet[2])


def test_numbers_and_dates_are_typed():
    when = dt.datetime(2026, 3, 4, 10, 30, tzinfo=dt.UTC)
    sheet = written(
        [{"quantity": Decimal("1500.250"), "day": dt.date(2026, 3, 4), "at": when, "empty": None}],
        [
            Column("quantity", "Quantity", NUMBER),
            Column("day", "Day", DATE),
            Column("at", "At", DATETIME),
            Column("empty", "Empty", TEXT),
        ],
    )
    quantity, day, moment, empty = sheet[2]
    assert quantity.data_type == "n" and quantity.value == 1500.25
    assert day.is_date and day.value == dt.datetime(2026, 3, 4)
    assert moment.is_date and moment.value == dt.datetime(2026, 3, 4, 11, 30)  # shown in Lagos time
    assert empty.value is None


def test_header_is_frozen_and_filterable():
    sheet = written([{"name": "a"}, {"name": "b"}], [Column("name", "Name")])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:A3"
    assert sheet["A1"].font.bold


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_any_stored_text_makes_a_valid_workbook_that_shows_it_as_text(text):
    sheet = written([{"a": text, "b": f"\x1b{text}"}], [Column("a", "A"), Column("b", "B")])
    shown = clean_text(text, multiline=True)
    for cell in sheet[2]:
        assert cell.value == (shown or None)
        assert cell.data_type == "s" or cell.value is None
        assert cell.quotePrefix == shown.startswith(FORMULA_STARTS)


def test_a_control_character_before_a_formula_does_not_hide_it():
    cell = written([{"value": "\x1b=1+1"}], [Column("value", "Value")])["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True)


def test_a_value_lands_under_the_column_it_is_named_for_whatever_the_order():
    columns = [Column("code", "HS code"), Column("name", "Name"), Column("unit", "Unit")]
    sheet = written([{"name": "Durum wheat", "unit": "t", "code": "100119"}], columns)
    assert [c.value for c in sheet[1]] == ["HS code", "Name", "Unit"]
    assert [c.value for c in sheet[2]] == ["100119", "Durum wheat", "t"]


@pytest.mark.parametrize(
    "row",
    [
        {"name": "Durum wheat"},  # a column left out
        {"name": "Durum wheat", "code": "100119", "unit": "t"},  # a column the sheet has not
        {"name": "Durum wheat", "hs_code": "100119"},  # a misspelt column
    ],
)
def test_a_row_that_does_not_name_exactly_the_columns_is_refused(row):
    book = new_workbook()
    writer = SheetWriter(book, "Sheet", [Column("name", "Name"), Column("code", "Code")])
    with pytest.raises(ValueError, match="Sheet 'Sheet': a row lacks"):
        writer.write(row)
    assert writer.rows == 0
    book.save(io.BytesIO())  # a write-only sheet left unsaved complains when collected


def test_two_columns_of_one_name_are_refused():
    with pytest.raises(ValueError, match="share a name"):
        SheetWriter(new_workbook(), "Sheet", [Column("name", "Name"), Column("name", "Name (RU)")])
