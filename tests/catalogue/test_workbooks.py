import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from catalogue.workbooks import DATE, DATETIME, NUMBER, TEXT, Column, SheetWriter, new_workbook

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
    sheet = written([[text]], [Column("value")])
    cell = sheet["A2"]
    assert cell.data_type == "s"
    assert cell.value == text.replace("\r", "\n")  # line breaks are written as \n
    assert cell.quotePrefix is True


def test_ordinary_text_has_no_quote_prefix_and_codes_keep_their_zeros():
    sheet = written([["Sunflower oil", "040221", "0402"]], [Column("a"), Column("b"), Column("c")])
    assert [c.value for c in sheet[2]] == ["Sunflower oil", "040221", "0402"]
    assert all(c.data_type == "s" and not c.quotePrefix for c in sheet[2])


def test_numbers_and_dates_are_typed():
    when = dt.datetime(2026, 3, 4, 10, 30, tzinfo=dt.UTC)
    sheet = written(
        [[Decimal("1500.250"), dt.date(2026, 3, 4), when, None]],
        [Column("q", NUMBER), Column("d", DATE), Column("t", DATETIME), Column("empty", TEXT)],
    )
    quantity, day, moment, empty = sheet[2]
    assert quantity.data_type == "n" and quantity.value == 1500.25
    assert day.is_date and day.value == dt.datetime(2026, 3, 4)
    assert moment.is_date and moment.value == dt.datetime(2026, 3, 4, 11, 30)  # shown in Lagos time
    assert empty.value is None


def test_header_is_frozen_and_filterable():
    sheet = written([["a"], ["b"]], [Column("Name")])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:A3"
    assert sheet["A1"].font.bold
