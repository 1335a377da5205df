"""Read a spreadsheet or text file into sheets of cells, recognising it by content.

Cells keep the type the file gives them (text, number, date); callers turn
them into text where they need text. Spreadsheets are read with calamine,
which is several times faster than openpyxl; openpyxl is asked for number
formats only when a code column holds numbers.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import openpyxl
import python_calamine

MAX_TEXT_BYTES = 50 * 1024 * 1024
# Zip bombs: a workbook is refused before parsing when it would unpack to more than
# this, holds more members, or has a large member compressed more than MAX_RATIO to 1.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_RATIO = 100
RATIO_CHECKED_ABOVE = 1024 * 1024
DELIMITERS = (";", ",", "\t", "|")
SNIFF_LINES = 60


class UnreadableFile(Exception):
    """The file cannot be read as a spreadsheet; the message says why, for the user."""


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]
    # Excel rows are numbered from 1; a CSV record is numbered by the line it starts on.
    line_numbers: list[int] | None = None
    number_format_reader: Callable[[int], dict[int, str]] | None = field(default=None, repr=False)

    def row_number(self, index: int) -> int:
        return self.line_numbers[index] if self.line_numbers else index + 1

    def number_formats(self, column: int) -> dict[int, str]:
        """Number formats of a column's numeric cells, by row index (xlsx only)."""
        return self.number_format_reader(column) if self.number_format_reader else {}


@dataclass
class Workbook:
    kind: str
    sheets: list[Sheet]
    notes: list[str] = field(default_factory=list)


OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NOT_SPREADSHEETS = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"Rar!": "a RAR archive",
    b"\x1f\x8b": "a gzip archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"MZ": "a Windows program",
    b"\x7fELF": "a program",
}


def detect_kind(data: bytes) -> str:
    """'xlsx', 'ods', 'xls' or 'text'; raises UnreadableFile for anything else."""
    if not data:
        raise UnreadableFile("The file is empty.")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if data.startswith(OLE2_SIGNATURE):
        return "xls"
    for signature, what in NOT_SPREADSHEETS.items():
        if data.startswith(signature):
            raise UnreadableFile(f"This is {what}, not a spreadsheet.")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("This is not a spreadsheet or a text file.")
    return "text"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
            names = set(archive.namelist())
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                return "xlsx"
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype == "application/vnd.oasis.opendocument.spreadsheet":
                    return "ods"
                raise UnreadableFile(
                    f"This is an OpenDocument file of type {mimetype}, not a spreadsheet."
                )
            if "word/document.xml" in names:
                raise UnreadableFile("This is a Word document, not a spreadsheet.")
            if "ppt/presentation.xml" in names:
                raise UnreadableFile("This is a PowerPoint presentation, not a spreadsheet.")
    except zipfile.BadZipFile:
        raise UnreadableFile("The file looks like an Excel workbook but is damaged.") from None
    raise UnreadableFile("This is a ZIP archive, not a spreadsheet.")


def _check_archive(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise UnreadableFile(f"The file holds {len(members)} parts; a workbook has far fewer.")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFile(
            f"The file would unpack to {unpacked // (1024 * 1024)} MB, more than the "
            f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB allowed."
        )
    for member in members:
        if member.file_size > RATIO_CHECKED_ABOVE and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise UnreadableFile(
                f"Part {member.filename} is compressed more than {MAX_RATIO} to 1: "
                "refused as a possible zip bomb."
            )


def read_workbook(data: bytes) -> Workbook:
    kind = detect_kind(data)
    if kind == "text":
        return _read_text(data)
    return _read_spreadsheet(data, kind)


def _read_spreadsheet(data: bytes, kind: str) -> Workbook:
    names = {
        "xlsx": "an Excel workbook",
        "xls": "an Excel 97-2003 workbook",
        "ods": "an OpenDocument spreadsheet",
    }
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in book.sheets_metadata:
            if str(meta.typ) != "SheetTypeEnum.WorkSheet":
                continue
            rows = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            reader = _xlsx_format_reader(data, meta.name) if kind == "xlsx" else None
            sheets.append(Sheet(meta.name, rows, number_format_reader=reader))
    except python_calamine.PasswordError:
        raise UnreadableFile(
            "The workbook is protected by a password; save a copy without one."
        ) from None
    except (python_calamine.CalamineError, zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnreadableFile(
            f"The file looks like {names[kind]} but cannot be read: {error}."
        ) from None
    return Workbook(kind, sheets)


def _xlsx_format_reader(data: bytes, sheet_name: str) -> Callable[[int], dict[int, str]]:
    def read(column: int) -> dict[int, str]:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            formats = {}
            sheet = book[sheet_name]
            cells = sheet.iter_rows(min_row=1, min_col=column + 1, max_col=column + 1)
            for index, (cell,) in enumerate(cells):
                if getattr(cell, "data_type", None) == "n" and cell.number_format != "General":
                    formats[index] = cell.number_format
            return formats
        finally:
            book.close()

    return read


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding: a BOM decides, else UTF-8, else Windows-1251."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 with BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        # What Russian Excel writes when asked for CSV.
        return data.decode("cp1251", errors="replace"), "Windows-1251"


def _sniff_delimiter(text: str) -> str:
    sample = text.splitlines()[:SNIFF_LINES]
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        counts = [
            len(r) for r in csv.reader(sample, delimiter=delimiter) if any(c.strip() for c in r)
        ]
        wide = [c for c in counts if c > 1]
        if not wide:
            continue
        mode = max(set(wide), key=wide.count)
        score = wide.count(mode) * 1000 + mode
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_text(data: bytes) -> Workbook:
    if len(data) > MAX_TEXT_BYTES:
        raise UnreadableFile(f"The text file is larger than {MAX_TEXT_BYTES // (1024 * 1024)} MB.")
    text, encoding = decode_text(data)
    delimiter = _sniff_delimiter(text)
    rows: list[list[object]] = []
    line_numbers: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for record in reader:
            rows.append(list(record))
            line_numbers.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        raise UnreadableFile(f"Line {reader.line_num}: {error}.") from None
    names = {";": "semicolons", ",": "commas", "\t": "tabs", "|": "vertical bars"}
    note = f"Read as text in {encoding}, columns separated by {names[delimiter]}."
    return Workbook("csv", [Sheet("", rows, line_numbers=line_numbers)], notes=[note])
