"""Write xlsx workbooks row by row in constant memory, safe to open in Excel.

A sheet is a list of columns and a stream of rows (the pretix way): each row is
a mapping of column name to value, so a value can only land under the column
it is named for, whatever order the columns are shown in. Text never
becomes a formula: openpyxl turns any string starting with "=" into one, so
such cells are written as text explicitly, and every text that Excel could
read as the start of a formula (=, +, -, @, tab, carriage return) carries the
quote prefix that makes Excel show it as typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from catalogue.lib.normalise import clean_text

# What OWASP lists as formula starts; a carriage return has become "\n" by then.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\n")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="00576B")
WRAP = Alignment(wrap_text=True, vertical="top")
TEXT, NUMBER, INTEGER, DATE, DATETIME = "text", "number", "integer", "date", "datetime"
FORMATS = {NUMBER: "#,##0.###", INTEGER: "#,##0", DATE: "yyyy-mm-dd", DATETIME: "yyyy-mm-dd hh:mm"}


@dataclass(frozen=True)
class Column:
    """A column of a sheet: rows give its value under name; title heads it in the sheet."""

    name: str
    title: str
    kind: str = TEXT
    width: int = 14


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def safe_text(sheet, text: str):
    """A text cell; a plain string unless openpyxl or Excel could take it for a formula.

    Whatever was stored, the cell is valid XML: control characters are dropped (openpyxl
    refuses them) and line breaks are written as "\n" (XML turns a lone "\r" into one).
    """
    text = clean_text(text, multiline=True)
    if not text.startswith(FORMULA_STARTS):
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl's own string-to-formula conversion, turned off
    cell.quotePrefix = True  # Excel shows it as text and never evaluates it
    return cell


def _local(value: dt.datetime) -> dt.datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def value_cell(sheet, value, kind: str):
    """A value as a cell of its kind: text stays text, numbers are numbers, dates are dates."""
    if value is None or value == "":
        return None
    if kind == TEXT:
        return safe_text(sheet, str(value))
    if kind in (NUMBER, INTEGER):
        return float(value) if isinstance(value, Decimal) else value
    if kind == DATETIME:
        return _local(value)  # openpyxl gives datetimes a date format of its own
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = FORMATS[kind]
    return cell


class SheetWriter:
    """One worksheet: a frozen, filterable header row, then rows as they come."""

    def __init__(self, book: Workbook, title: str, columns: list[Column]):
        names = [column.name for column in columns]
        if len(set(names)) != len(names):
            raise ValueError(f"Two columns of sheet {title!r} share a name: {names}")
        self.sheet = book.create_sheet(title[:31])
        self.columns = columns
        for index, column in enumerate(columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = column.width
        self.sheet.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = WriteOnlyCell(self.sheet, value=column.title)
            cell.data_type = "s"
            cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
            header.append(cell)
        self.sheet.append(header)
        self.rows = 0

    def write(self, row: Mapping[str, object]) -> None:
        """Write one row: a value under the name of each column, and nothing else."""
        sheet = self.sheet
        if len(row) != len(self.columns):
            raise ValueError(self._mismatch(row))
        try:
            cells = [value_cell(sheet, row[c.name], c.kind) for c in self.columns]
        except KeyError:
            if all(c.name in row for c in self.columns):
                raise  # not a missing column: a bug in value_cell
            raise ValueError(self._mismatch(row)) from None
        sheet.append(cells)
        self.rows += 1

    def _mismatch(self, row: Mapping[str, object]) -> str:
        names = {c.name for c in self.columns}
        missing, unknown = sorted(names - set(row)), sorted(set(row) - names)
        return f"Sheet {self.sheet.title!r}: a row lacks {missing} and has unknown {unknown}"

    def write_all(
        self, rows: Iterable[Mapping[str, object]], counted: Callable[[int], None] | None = None
    ) -> None:
        """Write every row; counted(rows so far) is told every thousand rows and at the end."""
        for row in rows:
            self.write(row)
            if counted and self.rows % 1000 == 0:
                counted(self.rows)
        if counted:
            counted(self.rows)

    def finish(self) -> None:
        last = get_column_letter(len(self.columns))
        self.sheet.auto_filter.ref = f"A1:{last}{self.rows + 1}"
