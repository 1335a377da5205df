"""Read a spreadsheet or text file into sheets of cells, recognising it by content. Pure.

Cells keep the type the file gives them (text, number, date); callers turn
them into text where they need text. Spreadsheets are read with calamine,
which is several times faster than openpyxl; number formats are read only for
the code column, and only when it holds numbers.

Files come from outside and are read within a budget (ReadLimits): the sizes a
workbook declares are checked before calamine reads it, the size calamine finds
before its cells become Python objects, and the whole read runs in a child
process under memory and time limits (sandbox.run_limited). Every way reading
can fail, a parser's own exceptions and crashes included, ends as UnreadableFile
with a message for the user.
"""

from __future__ import annotations

import csv
import gc
import io
import marshal
import pickle
import re
import struct
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

import python_calamine

from catalogue.importing import ods_package, xlsx_package
from catalogue.importing.headers import Merge, column_letter, find_header
from catalogue.importing.sandbox import (
    ChildError,
    OverMemory,
    OverTime,
    ResultTooLarge,
    Usage,
    run_limited,
)
from catalogue.lib.messages import Message, gettext_noop, ngettext_noop

MAX_TEXT_BYTES = 50 * 1024 * 1024
# Zip bombs: a workbook is refused before parsing when it would unpack to more than
# this, holds more members, or has a large member compressed more than MAX_RATIO to 1.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_RATIO = 100
RATIO_CHECKED_ABOVE = 1024 * 1024
DELIMITERS = (";", ",", "\t", "|")
SNIFF_LINES = 60
SNIFF_CHARS = 1024 * 1024
PASSWORD = gettext_noop("The workbook is protected by a password; save a copy without one.")
KINDS = {
    "xlsx": gettext_noop("an Excel workbook"),
    "xls": gettext_noop("an Excel 97-2003 workbook"),
    "ods": gettext_noop("an OpenDocument spreadsheet"),
    "text": gettext_noop("a text file"),
}


class UnreadableFile(Exception):
    """The file cannot be read as a spreadsheet; the message says why, for the user: a
    report.Message made of the template and values given."""

    def __init__(self, template: str | Message, /, **params: object) -> None:
        message = template if isinstance(template, Message) else Message(template, **params)
        super().__init__(message)

    @property
    def message(self) -> Message:
        return self.args[0]


@dataclass(frozen=True)
class ReadLimits:
    """The budget of reading one file: memory the parsers may add, seconds of CPU and of wall
    clock, and cells in a sheet (rows × columns from A1, as the importer sees it)."""

    memory_mb: int
    seconds: int
    max_cells: int
    # Rows of all sheets together: what follows reading (checking, merging, comparing) costs
    # by the row, so a file of a million tiny rows is refused however few cells it has.
    max_rows: int
    # The setting max_rows comes from, named in the message that refuses a file.
    rows_setting: str = "IMPORT_MAX_ROWS"

    @classmethod
    def from_settings(cls, settings: Any, *, web: bool = False) -> ReadLimits:
        """web: for an upload in the admin, checked within a web worker's timeout."""
        web = web and settings.IMPORT_WEB_MAX_ROWS < settings.IMPORT_MAX_ROWS
        return cls(
            memory_mb=settings.IMPORT_READ_MEMORY_MB,
            seconds=settings.IMPORT_READ_SECONDS,
            max_cells=settings.IMPORT_MAX_CELLS,
            max_rows=settings.IMPORT_WEB_MAX_ROWS if web else settings.IMPORT_MAX_ROWS,
            rows_setting="IMPORT_WEB_MAX_ROWS" if web else "IMPORT_MAX_ROWS",
        )


def _too_many_rows(limits: ReadLimits) -> UnreadableFile:
    if limits.rows_setting == "IMPORT_WEB_MAX_ROWS":
        return UnreadableFile(
            gettext_noop(
                "The file has more than %(most)s rows, the limit for an upload in the admin "
                "(IMPORT_WEB_MAX_ROWS): import it with manage.py import_catalogue, or split it."
            ),
            most=limits.max_rows,
        )
    return UnreadableFile(
        gettext_noop(
            "The file has more than %(most)s rows, the limit for one file (IMPORT_MAX_ROWS); "
            "split it into smaller files."
        ),
        most=limits.max_rows,
    )


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]
    # Excel rows are numbered from 1; a CSV record is numbered by the line it starts on.
    line_numbers: list[int] | None = None
    # Number formats by column, then by row index: only the code column's, in xlsx files.
    formats: dict[int, dict[int, str]] = field(default_factory=dict, repr=False)
    # Merged ranges as (first row, first column, last row, last column), 0-based and
    # inclusive.
    merges: list[Merge] = field(default_factory=list)
    # Hidden in the workbook (a list for drop-downs, a working copy): read only if chosen.
    hidden: bool = False
    # Cells showing a formula's error ("#N/A"), read as blank: by (row, column) index.
    errors: dict[tuple[int, int], str] = field(default_factory=dict)

    def row_number(self, index: int) -> int:
        return self.line_numbers[index] if self.line_numbers else index + 1

    def fill_merged_down(self, start: int) -> None:
        """A value merged over several rows from row index start on (one exporter beside
        its three products) belongs to each of them. Overlapping merges, which no real
        workbook has, fill no more cells than the sheet holds."""
        budget = len(self.rows)
        for top, left, bottom, _ in self.merges:
            if top < start or bottom <= top or top >= len(self.rows):
                continue
            budget -= bottom - top
            if budget < 0:
                return
            value = self.rows[top][left] if left < len(self.rows[top]) else None
            if value in ("", None):
                continue
            for row in self.rows[top + 1 : bottom + 1]:
                if left < len(row) and row[left] in ("", None):
                    row[left] = value

    def number_formats(self, column: int) -> dict[int, str]:
        """Number formats other than General of a column's numeric cells, by row index."""
        return self.formats.get(column, {})


@dataclass
class Workbook:
    kind: str
    sheets: list[Sheet]
    notes: list[Message] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)


OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NOT_SPREADSHEETS = {
    b"%PDF": gettext_noop("This is a PDF document, not a spreadsheet."),
    b"\x89PNG": gettext_noop("This is a PNG image, not a spreadsheet."),
    b"\xff\xd8\xff": gettext_noop("This is a JPEG image, not a spreadsheet."),
    b"GIF8": gettext_noop("This is a GIF image, not a spreadsheet."),
    b"Rar!": gettext_noop("This is a RAR archive, not a spreadsheet."),
    b"\x1f\x8b": gettext_noop("This is a gzip archive, not a spreadsheet."),
    b"7z\xbc\xaf": gettext_noop("This is a 7-Zip archive, not a spreadsheet."),
    b"MZ": gettext_noop("This is a Windows program, not a spreadsheet."),
    b"\x7fELF": gettext_noop("This is a program, not a spreadsheet."),
}


def detect_kind(data: bytes) -> str:
    """'xlsx', 'ods', 'xls' or 'text'; raises UnreadableFile for anything else."""
    if not data:
        raise UnreadableFile(gettext_noop("The file is empty."))
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if data.startswith(OLE2_SIGNATURE):
        if _is_encrypted_package(data):
            raise UnreadableFile(PASSWORD)
        return "xls"
    for signature, message in NOT_SPREADSHEETS.items():
        if data.startswith(signature):
            raise UnreadableFile(message)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(gettext_noop("This is not a spreadsheet or a text file."))
    return "text"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
            names = set(archive.namelist())
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                return "xlsx"
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(100).decode("ascii", "replace").strip()
                mimetype = mimetype if mimetype.isprintable() else "(damaged)"
                if mimetype == "application/vnd.oasis.opendocument.spreadsheet":
                    if _ods_is_encrypted(archive):
                        raise UnreadableFile(PASSWORD)
                    return "ods"
                raise UnreadableFile(
                    gettext_noop(
                        "This is an OpenDocument file of type %(type)s, not a spreadsheet."
                    ),
                    type=mimetype,
                )
            if "word/document.xml" in names:
                raise UnreadableFile(gettext_noop("This is a Word document, not a spreadsheet."))
            if "ppt/presentation.xml" in names:
                raise UnreadableFile(
                    gettext_noop("This is a PowerPoint presentation, not a spreadsheet.")
                )
    except (zipfile.BadZipFile, zlib.error, ValueError, NotImplementedError, EOFError, OSError):
        # zipfile's ways of saying its directory or a member is damaged ("negative seek
        # value", "zip file version 23.3", "compressed patched data"...).
        raise UnreadableFile(
            gettext_noop(
                "The file is a ZIP archive, as xlsx and ods workbooks are, but it is damaged."
            )
        ) from None
    raise UnreadableFile(gettext_noop("This is a ZIP archive, not a spreadsheet."))


def _is_encrypted_package(data: bytes) -> bool:
    """An OLE2 file holding an EncryptedPackage stream: an xlsx saved with a password.

    Looks for the name in a directory entry: UTF-16 at the start of a 128-byte entry, its
    length (with the terminating zero, in bytes) 64 bytes further on."""
    name = "EncryptedPackage".encode("utf-16-le")
    length = (len(name) + 2).to_bytes(2, "little")
    at = data.find(name)
    while at != -1:
        if at % 128 == 0 and data[at + 64 : at + 66] == length:
            return True
        at = data.find(name, at + 1)
    return False


def _ods_is_encrypted(archive: zipfile.ZipFile) -> bool:
    manifest = "META-INF/manifest.xml"
    if manifest not in archive.NameToInfo:
        return False
    with archive.open(manifest) as stream:
        return b"encryption-data" in stream.read(4 * 1024 * 1024)


def _check_archive(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise UnreadableFile(
            gettext_noop("The file holds %(parts)s parts; a workbook has far fewer."),
            parts=len(members),
        )
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFile(
            gettext_noop(
                "The file would unpack to %(size)s MB, more than the %(most)s MB allowed."
            ),
            size=unpacked // (1024 * 1024),
            most=MAX_UNPACKED_BYTES // (1024 * 1024),
        )
    for member in members:
        if member.file_size > RATIO_CHECKED_ABOVE and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise UnreadableFile(
                gettext_noop(
                    "Part %(part)s is compressed more than %(ratio)s to 1: refused as a possible "
                    "zip bomb."
                ),
                part=member.filename,
                ratio=MAX_RATIO,
            )


def read_workbook(
    data: bytes, *, limits: ReadLimits, on_usage: Callable[[Usage], None] | None = None
) -> Workbook:
    """The file's sheets, read in a child process within `limits`; raises UnreadableFile.

    on_usage, if given, is told the child's peak memory and time (benchmarks use it)."""
    started = time.monotonic()
    try:
        packed = run_limited(
            _read_packed,
            data,
            limits,
            memory_mb=limits.memory_mb,
            seconds=limits.seconds,
            on_usage=on_usage,
        )
    except OverMemory:
        _explain_over_memory(data, limits, limits.seconds - (time.monotonic() - started))
        raise UnreadableFile(
            gettext_noop(
                "The file needs more than %(most)s MB of memory to read, the limit for one file "
                "(IMPORT_READ_MEMORY_MB)."
            ),
            most=limits.memory_mb,
        ) from None
    except OverTime:
        raise UnreadableFile(
            gettext_noop(
                "The file took longer than %(most)s s to read, the limit for one file "
                "(IMPORT_READ_SECONDS)."
            ),
            most=limits.seconds,
        ) from None
    except ResultTooLarge:
        raise UnreadableFile(
            gettext_noop(
                "The file's contents take more than %(most)s MB once read, the limit for one "
                "file (IMPORT_READ_MEMORY_MB)."
            ),
            most=limits.memory_mb,
        ) from None
    except ChildError as error:
        raise UnreadableFile(
            gettext_noop("The file cannot be read: the reader failed (%(error)s)."),
            error=str(error),
        ) from None
    return _unpack(packed)


def _explain_over_memory(data: bytes, limits: ReadLimits, seconds_left: float) -> None:
    """Raise the cell limit's message when a far cell is why reading ran out of memory:
    calamine sizes a sheet's grid by its farthest cell, and dies allocating it. Within what
    is left of the time budget, so a server's worker timeout is not overrun."""
    try:
        message = run_limited(
            _cells_over_limit,
            data,
            limits.max_cells,
            memory_mb=limits.memory_mb,
            seconds=max(1.0, seconds_left),
        )
    except Exception:  # noqa: BLE001 - no explanation; the memory limit's message stands
        return
    if message:
        raise UnreadableFile(message)


def _cells_over_limit(data: bytes, max_cells: int) -> Message | None:
    """In a child: the sheet size an xlsx file's cells or an xls file's DIMENSIONS records
    reach, when over max_cells; else None."""
    if data.startswith(OLE2_SIGNATURE):
        rows, columns = _xls_declared_size(data)
        area = rows * columns
        if area <= max_cells:
            return None
        return Message(
            gettext_noop(
                "A sheet declares its size as %(rows)s rows × %(columns)s columns, %(cells)s "
                "cells, more than the %(most)s allowed (IMPORT_MAX_CELLS)."
            ),
            rows=rows,
            columns=columns,
            cells=area,
            most=max_cells,
        )
    package = zipfile.ZipFile(io.BytesIO(data))
    if not xlsx_package.is_xml_workbook(package):
        return None
    try:
        xlsx_package.check_cell_references(package, max_cells)
    except xlsx_package.DeclaredTooLarge as error:
        return _declared_too_large(error)
    return None


def _declared_too_large(error: xlsx_package.DeclaredTooLarge) -> Message:
    return Message("%(reason)s (IMPORT_MAX_CELLS).", reason=error.args[0])


def _xls_declared_size(data: bytes) -> tuple[int, int]:
    """The largest size any BIFF8 DIMENSIONS record (0x0200, 14 bytes: first row, last row
    + 1, first column, last column + 1) declares. The records are looked for in the raw file,
    not its Workbook stream, so this may see what is not a record: it only explains a read
    that already failed, never refuses one."""
    rows = columns = 0
    at = data.find(b"\x00\x02\x0e\x00")
    while at != -1 and at + 18 <= len(data):
        _, last_row, _, last_column = struct.unpack_from("<IIHH", data, at + 4)
        if last_row * last_column > rows * columns:
            rows, columns = last_row, last_column
        at = data.find(b"\x00\x02\x0e\x00", at + 1)
    return rows, columns


def _read_packed(data: bytes, limits: ReadLimits) -> tuple[str, bytes]:
    """In the child: the workbook, packed for the parent; any failure as UnreadableFile."""
    kind = None
    try:
        kind = detect_kind(data)
        workbook = (
            _read_text(data, limits) if kind == "text" else _read_spreadsheet(data, kind, limits)
        )
    except UnreadableFile:
        raise
    except python_calamine.PasswordError:
        raise UnreadableFile(PASSWORD) from None
    except MemoryError:
        raise
    except BaseException as error:  # noqa: BLE001 - calamine's panics are BaseExceptions
        detail = (str(error) or type(error).__name__).strip().rstrip(".")[:200]
        what = Message(KINDS.get(kind or "", gettext_noop("a spreadsheet")))
        raise UnreadableFile(
            gettext_noop("The file looks like %(what)s but cannot be read: %(detail)s."),
            what=what,
            detail=detail,
        ) from None
    return _pack(workbook)


def _pack(workbook: Workbook) -> tuple[str, bytes]:
    """Plain data: marshal is several times faster than pickle, which only dates need."""
    plain = (
        workbook.kind,
        [note.as_data() for note in workbook.notes],
        [warning.as_data() for warning in workbook.warnings],
        [{f.name: getattr(s, f.name) for f in fields(Sheet)} for s in workbook.sheets],
    )
    try:
        return "marshal", marshal.dumps(plain)
    except ValueError:
        return "pickle", pickle.dumps(plain, protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(packed: tuple[str, bytes]) -> Workbook:
    how, payload = packed
    # Millions of new objects and no garbage among them: the collector would only slow this
    # down (by ~40%) scanning them as they come.
    collecting = gc.isenabled()
    gc.disable()
    try:
        kind, notes, warnings, sheets = (
            marshal.loads(payload) if how == "marshal" else pickle.loads(payload)
        )
    finally:
        if collecting:
            gc.enable()
    return Workbook(
        kind,
        [Sheet(**sheet) for sheet in sheets],
        [Message.from_data(note) for note in notes],
        [Message.from_data(warning) for warning in warnings],
    )


def _read_spreadsheet(data: bytes, kind: str, limits: ReadLimits) -> Workbook:
    package = None
    if kind == "xlsx":
        package = zipfile.ZipFile(io.BytesIO(data))
        if not xlsx_package.is_xml_workbook(package):
            package = None
    try:
        if package:
            xlsx_package.check_declared_sizes(package, limits.max_cells)
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names, hidden = [], set()
        for sheet_info in book.sheets_metadata:
            if str(sheet_info.typ) == "SheetTypeEnum.WorkSheet":
                names.append(sheet_info.name)
                if str(sheet_info.visible) != "SheetVisibleEnum.Visible":
                    hidden.add(sheet_info.name)
        # calamine reads the merged cells of xlsx and xls files, not of ods ones.
        # Every row's: a value merged down over rows of data belongs to each of them.
        ods_merges = (
            ods_package.head_merges(data, set(names), limits.max_rows) if kind == "ods" else {}
        )
        if kind == "ods" and ods_package.table_count(data) > len(book.sheet_names):
            # calamine reads a sheet only as far as a table inside one of its cells.
            raise UnreadableFile(
                gettext_noop(
                    "A sheet holds a table inside a cell, which the importer cannot read past: "
                    "copy that sheet's cells into a new sheet (paste values) and upload again."
                )
            )
        sheets, rows_so_far = [], 0
        for name in names:
            sheet = book.get_sheet_by_name(name)
            _check_sheet_size(name, sheet, limits.max_cells)
            rows_so_far += sheet.height
            if rows_so_far > limits.max_rows:
                raise _too_many_rows(limits)
            rows = sheet.to_python(skip_empty_area=False)
            merges = ods_merges.get(name, []) if kind == "ods" else _merges(sheet)
            formats = _code_formats(package, name, rows, merges) if package else {}
            errors = xlsx_package.error_cells(package, name) if package else {}
            sheets.append(
                Sheet(
                    name, rows, formats=formats, merges=merges, hidden=name in hidden, errors=errors
                )
            )
    except xlsx_package.DeclaredTooLarge as error:
        raise UnreadableFile(_declared_too_large(error)) from None
    return Workbook(kind, sheets)


def _check_sheet_size(name: str, sheet: python_calamine.CalamineSheet, max_cells: int) -> None:
    # Checked before the cells become Python objects, the costliest step; calamine's own
    # grid of them is bounded by the memory limit.
    end = sheet.end
    rows, columns = (end[0] + 1, end[1] + 1) if end else (0, 0)
    if rows * columns > max_cells:
        raise UnreadableFile(
            gettext_noop(
                "Sheet %(sheet)s spans %(rows)s rows × %(columns)s columns: %(cells)s cells, "
                "more than the %(most)s allowed (IMPORT_MAX_CELLS)."
            ),
            sheet=repr(name),
            rows=rows,
            columns=columns,
            cells=rows * columns,
            most=max_cells,
        )


def _merges(sheet: python_calamine.CalamineSheet) -> list[Merge]:
    ranges = sheet.merged_cell_ranges or []
    return [(top, left, bottom, right) for (top, left), (bottom, right) in ranges]


def _code_formats(
    package: zipfile.ZipFile, sheet_name: str, rows: list[list[object]], merges: list[Merge]
) -> dict[int, dict[int, str]]:
    """Formats of the code column when it holds numbers: "0000" on 402 restores 0402.

    The column is found as the importer finds it (rows.SheetReader asks for this column)."""
    layout = find_header(rows, merges=merges)
    if layout is None:
        return {}
    column = next((c for c, f in layout.columns.items() if f == "code"), None)
    if column is None or not any(
        isinstance(r[column], int | float) and not isinstance(r[column], bool)
        for r in rows[layout.data_start :]
        if column < len(r)
    ):
        return {}
    return {column: xlsx_package.column_number_formats(package, sheet_name, column_letter(column))}


def decode_text(data: bytes) -> tuple[str, str, list[Message]]:
    """The text, the name of its encoding and warnings: a BOM decides, else UTF-8, else
    Windows-1251. UTF-8 with a few broken bytes stays UTF-8 (with a warning naming the
    first line): read as Windows-1251, every other letter would be garbled."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 with BOM", []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "UTF-16", []
    try:
        return data.decode("utf-8"), "UTF-8", []
    except UnicodeDecodeError as error:
        text = data.decode("utf-8", errors="replace")
        broken = text.count("\ufffd")
        letters = sum(1 for c in text if not c.isascii()) - broken
        if broken <= letters // 100:
            line = data.count(b"\n", 0, error.start) + 1
            return (
                text,
                "UTF-8",
                [
                    Message(
                        ngettext_noop(
                            "%(count)s byte is not UTF-8 and was read as �, on line %(line)s; "
                            "check that cell.",
                            "%(count)s bytes are not UTF-8 and were read as �, the first on line "
                            "%(line)s; check those cells.",
                        ),
                        count=broken,
                        line=line,
                    )
                ],
            )
        # What Russian Excel writes when asked for CSV.
        return data.decode("cp1251", errors="replace"), "Windows-1251", []


_LINE_ENDS = re.compile(r"\r\n|\r|\n")


def _sniff_delimiter(text: str) -> str:
    # Lines as CSV ends them: splitlines() would also cut at U+2028 and other separators
    # that quoted cells may hold.
    sample = _LINE_ENDS.split(text[:SNIFF_CHARS])[:SNIFF_LINES]
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        try:
            records = list(csv.reader(sample, delimiter=delimiter))
        except csv.Error:  # a field too large, a stray quote: not this delimiter
            continue
        counts = [len(r) for r in records if any(c.strip() for c in r)]
        wide = [c for c in counts if c > 1]
        if not wide:
            continue
        mode = max(set(wide), key=wide.count)
        score = wide.count(mode) * 1000 + mode
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_text(data: bytes, limits: ReadLimits) -> Workbook:
    if len(data) > MAX_TEXT_BYTES:
        raise UnreadableFile(
            gettext_noop("The text file is larger than %(most)s MB."),
            most=MAX_TEXT_BYTES // (1024 * 1024),
        )
    text, encoding, warnings = decode_text(data)
    delimiter = _sniff_delimiter(text)
    rows: list[list[object]] = []
    line_numbers: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for record in reader:
            if len(rows) == limits.max_rows:
                raise _too_many_rows(limits)
            rows.append(list(record))
            line_numbers.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        raise UnreadableFile(
            gettext_noop("Line %(line)s: %(error)s."), line=reader.line_num, error=str(error)
        ) from None
    names = {
        ";": gettext_noop("semicolons"),
        ",": gettext_noop("commas"),
        "\t": gettext_noop("tabs"),
        "|": gettext_noop("vertical bars"),
    }
    note = Message(
        gettext_noop("Read as text in %(encoding)s, columns separated by %(delimiter)s."),
        encoding=encoding,
        delimiter=Message(names[delimiter]),
    )
    return Workbook(
        "csv", [Sheet("", rows, line_numbers=line_numbers)], notes=[note], warnings=warnings
    )
