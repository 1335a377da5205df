"""Build real spreadsheet files in memory for import tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import openpyxl
import pandas as pd
import xlwt

Rows = Sequence[Sequence[object]]


def xlsx(
    *sheets: tuple[str, Rows], formats: dict[str, str] | None = None, merges: Sequence[str] = ()
) -> bytes:
    """Each sheet is (title, rows); formats and merges apply to the first sheet."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for index, (title, rows) in enumerate(sheets):
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        if index == 0:
            for cell, number_format in (formats or {}).items():
                sheet[cell].number_format = number_format
            for cells in merges:
                sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xls(title: str, rows: Rows) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet(title)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value not in ("", None):
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods(title: str, rows: Rows) -> bytes:
    width = max(len(r) for r in rows)
    frame = pd.DataFrame([list(r) + [None] * (width - len(r)) for r in rows])
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="odf") as writer:
        frame.to_excel(writer, sheet_name=title, header=False, index=False)
    return buffer.getvalue()


def csv_bytes(rows: Rows, *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


MINISTRY_HEADER = [
    "№ п/п",
    "Наименование товара",
    "Наименование (англ.)",
    "Код ТН ВЭД ЕАЭС",
    "Экспортёр",
    "БИН",
    "Регион",
    "Мощность, т/год",
]


def ministry_rows(*data: Sequence[object]) -> list[list[object]]:
    """A ministry sheet: title, date line, blank row, header, a section row, then the data."""
    return [
        ["Перечень товаров, предлагаемых к экспорту в Нигерию"],
        ["по состоянию на 14.02.2025"],
        [],
        MINISTRY_HEADER,
        ["I. Сельское хозяйство и пищевая промышленность"],
        *[list(row) for row in data],
        [],
        ["Источник: Министерство торговли и интеграции Республики Казахстан"],
    ]
