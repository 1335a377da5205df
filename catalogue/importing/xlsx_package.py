"""What an xlsx package says about itself, read from its parts without building its sheets. Pure.

Two jobs for the importer. Sizes: a few kilobytes can declare four billion shared strings
or a sheet reaching cell XFD1048576, and calamine allocates for what is declared. The
<dimension> and the shared-string count are checked before calamine reads, against a limit
on cells; the farthest cell, which needs the whole sheet scanned, is found to explain a read
that failed. Number formats: calamine gives a cell's value, not its format, and a code stored
as the number 402 with the format "0000" is 0402; the formats of one column are read from
the styles and the sheet's cell tags.

Sheet parts are scanned with regular expressions as they are inflated, a few megabytes at a
time: a 20 MB upload can inflate to hundreds of megabytes of XML, too slow to parse as a tree
and too big to hold. No pattern backtracks further than one tag or attribute, so each scan
is linear in the part's size.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from functools import lru_cache

from defusedxml import ElementTree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

from catalogue.lib.messages import Message, gettext_noop

CHUNK = 4 * 1024 * 1024
# Long enough to hold any tag the patterns below look at, so none is missed at a chunk's edge.
OVERLAP = 4096
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
LETTERS = 26

# r="..." of a cell (letters and digits) or of a row (digits), in either quotes.
_REFERENCE = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]*)([0-9]*)""")
_DIMENSION = re.compile(rb"""dimension\s[^>]{0,200}?\bref\s*=\s*["']([^"']{0,60})["']""")
_SST_TAG = re.compile(rb"<(?:[\w.-]{1,40}:)?sst[\s/][^>]{0,3000}>")
_SST_COUNT = re.compile(rb"""\b(count|uniqueCount)\s*=\s*["']\s*([0-9]{1,30})""")
_CELL_STYLE = re.compile(rb"""\ss\s*=\s*["']([0-9]{1,9})["']""")
_CELL_TYPE = re.compile(rb"""\st\s*=\s*["']([A-Za-z]{0,20})["']""")


class DeclaredTooLarge(Exception):
    """The package declares more than the limit allows; the message (with no full stop, for
    the caller to end) says what, for the user."""


def is_xml_workbook(archive: zipfile.ZipFile) -> bool:
    """False for the binary xlsb format, whose parts are not XML."""
    return WORKBOOK in archive.NameToInfo


def check_declared_sizes(archive: zipfile.ZipFile, max_cells: int) -> None:
    """Refuse a sheet whose <dimension> reaches past max_cells (rows × columns from A1) and a
    shared-string table declaring more entries than that. Quick: only the head of each part
    is read, so this runs before every read."""
    for part in _sheet_parts_to_check(archive):
        head = next(_chunks(archive, part), b"")
        for match in _DIMENSION.finditer(head):
            rows, columns = _extent(match[1].split(b":"))
            _refuse_over(rows, columns, max_cells, _DECLARES, match[1])
    relations = _relations(archive)
    strings = {t for kind, t in relations if kind == "sharedStrings"} | {"xl/sharedStrings.xml"}
    for part in sorted(strings & set(archive.NameToInfo)):
        _check_shared_strings(archive, part, max_cells)


def check_cell_references(archive: zipfile.ZipFile, max_cells: int) -> None:
    """Refuse a sheet whose cells reach past max_cells (rows × columns from A1).

    Reads every sheet part whole, which costs about a quarter of what calamine takes; so it
    runs only to explain a read that failed (calamine sizes its grid by the farthest cell
    and dies allocating it), while a read that succeeds checks calamine's own extent."""
    for part in _sheet_parts_to_check(archive):
        _check_references(archive, part, max_cells)


def column_number_formats(archive: zipfile.ZipFile, sheet_name: str, column: str) -> dict[int, str]:
    """Number formats other than General of the numeric cells of one column (letters, "D"),
    by row index from 0."""
    part = sheet_parts(archive).get(sheet_name)
    styles = _style_formats(archive)
    if part is None or part not in archive.NameToInfo or set(styles) <= {"General", None}:
        return {}
    formats = {}
    for match in _chunks_matching(archive, part, _cell_tags(column)):
        tag, row = match[0], int(match[1])
        kind = _CELL_TYPE.search(tag)
        if kind and kind[1] != b"n":
            continue
        style = _CELL_STYLE.search(tag)
        index = int(style[1]) if style else 0
        number_format = styles[index] if index < len(styles) else None
        # A number under a date format is a date, which is how openpyxl read it too.
        if row and number_format not in (None, "General") and not is_date_format(number_format):
            formats[row - 1] = number_format
    return formats


# An error value's cell (t="e") and what it shows: found by plain search for the type,
# then its tag and value read around it, so a sheet without errors costs one pass in C.
_ERROR_TYPES = (b' t="e"', b" t='e'")
_ERROR_VALUE = re.compile(rb"<(?:[\w.-]{1,40}:)?v>([^<]{0,40})<")
MAX_ERROR_CELLS = 10_000


def error_cells(archive: zipfile.ZipFile, sheet_name: str) -> dict[tuple[int, int], str]:
    """Cells holding a formula's error ("#N/A", "#REF!"), which calamine reads as blank,
    by (row index, column index) from 0; at most MAX_ERROR_CELLS of them."""
    part = sheet_parts(archive).get(sheet_name)
    if part is None or part not in archive.NameToInfo:
        return {}
    found: dict[tuple[int, int], str] = {}
    for text in _chunks(archive, part):
        for marker in _ERROR_TYPES:
            at = text.find(marker)
            while at != -1 and len(found) < MAX_ERROR_CELLS:
                start, end = text.rfind(b"<", 0, at), text.find(b">", at)
                reference = _REFERENCE.search(text, start, end) if start > -1 and end > 0 else None
                if reference and reference[1] and reference[2]:
                    value = _ERROR_VALUE.match(text, end + 1)
                    cell = (int(reference[2]) - 1, _column_number(reference[1]) - 1)
                    found[cell] = _text(value[1]) if value else "#ERROR"
                at = text.find(marker, at + 1)
    return found


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part of each sheet by its name, as the workbook and its relationships say."""
    targets = {rel_id: target for rel_id, (kind, target) in _relations_by_id(archive).items()}
    parts = {}
    for sheet in _parse(archive, WORKBOOK).iterfind(".//{*}sheet"):
        rel_id = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        if sheet.get("name") is not None and rel_id in targets:
            parts[sheet.get("name")] = targets[rel_id]
    return parts


def _relations(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    return list(_relations_by_id(archive).values())


def _relations_by_id(archive: zipfile.ZipFile) -> dict[str, tuple[str, str]]:
    """Relationship id → (type's last word, part name) of the workbook's relationships."""
    if WORKBOOK_RELS not in archive.NameToInfo:
        return {}
    relations = {}
    for relation in _parse(archive, WORKBOOK_RELS).iterfind("{*}Relationship"):
        target = relation.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        kind = relation.get("Type", "").rsplit("/", 1)[-1]
        relations[relation.get("Id", "")] = (kind, posixpath.normpath(part))
    return relations


def _parse(archive: zipfile.ZipFile, part: str):
    # defusedxml: a DTD's entities are refused, never expanded.
    return ElementTree.fromstring(archive.read(part))


def _style_formats(archive: zipfile.ZipFile) -> list[str | None]:
    """Format code of each cell style (cellXfs), by style index; None where unknown."""
    styles = [t for kind, t in _relations(archive) if kind == "styles"] + ["xl/styles.xml"]
    part = next((p for p in styles if p in archive.NameToInfo), None)
    if part is None:
        return []
    root = _parse(archive, part)
    custom = {
        fmt.get("numFmtId"): fmt.get("formatCode") for fmt in root.iterfind("{*}numFmts/{*}numFmt")
    }
    formats: list[str | None] = []
    for xf in root.iterfind("{*}cellXfs/{*}xf"):
        number = xf.get("numFmtId", "0")
        builtin = BUILTIN_FORMATS.get(int(number)) if number.isdigit() else None
        formats.append(custom.get(number) or builtin)
    return formats


def _sheet_parts_to_check(archive: zipfile.ZipFile) -> list[str]:
    names = set(archive.NameToInfo)
    parts = {t for kind, t in _relations(archive) if kind == "worksheet"}
    parts |= {n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    return sorted(parts & names)


def _check_references(archive: zipfile.ZipFile, part: str, max_cells: int) -> None:
    # The farthest row and column any cell or row names. A chunk's last reference is its
    # farthest row in a sheet written in order; then one pass for anything farther (none,
    # unless the file is out of order) gives the exact maximum without a match per cell.
    rows = columns = 0
    for text in _chunks(archive, part):
        last = list(_REFERENCE.finditer(text, max(0, len(text) - OVERLAP)))
        rows = max([rows, *(_number(m[2]) for m in last)])
        rows = max([rows, *map(_number, _rows_above(rows).findall(text))])
        columns = max([columns, *map(_column_number, _columns_above(columns).findall(text))])
    _refuse_over(rows, columns, max_cells, _REACHES, f"{_letters(columns)}{rows}".encode())


_DECLARES = gettext_noop(
    "A sheet declares its size as %(where)s: %(rows)s rows × %(columns)s columns, %(cells)s "
    "cells, more than the %(most)s allowed"
)
_REACHES = gettext_noop(
    "A sheet reaches cell %(where)s: %(rows)s rows × %(columns)s columns, %(cells)s cells, "
    "more than the %(most)s allowed"
)


def _refuse_over(rows: int, columns: int, max_cells: int, template: str, where: bytes) -> None:
    if rows * columns > max_cells:
        raise DeclaredTooLarge(
            Message(
                template,
                where=_text(where),
                rows=rows,
                columns=columns,
                cells=rows * columns,
                most=max_cells,
            )
        )


def _extent(references: list[bytes]) -> tuple[int, int]:
    """Rows and columns from A1 to the farthest of some references ("XFD1048576", "12")."""
    rows = columns = 0
    for reference in references:
        match = re.fullmatch(rb"\$?([A-Za-z]*)\$?([0-9]*)", reference.strip())
        if match:
            rows = max(rows, _number(match[2]))
            columns = max(columns, _column_number(match[1]))
    return rows, columns


def _number(digits: bytes) -> int:
    # Past 12 digits is past any limit; the value need not be exact (nor int() slow).
    return int(digits[:12]) if digits else 0


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters[:8].upper():
        number = number * LETTERS + letter - ord("A") + 1
    return number


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, remainder = divmod(number - 1, LETTERS)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _text(raw: bytes) -> str:
    return raw.decode("ascii", "replace")[:60]


@lru_cache(maxsize=64)
def _rows_above(row: int) -> re.Pattern[bytes]:
    """The digits of references to rows after `row`."""
    return re.compile(
        rb"""\sr\s*=\s*["'][A-Za-z]*(?=""" + _greater_than(str(row), "0123456789") + rb")([0-9]+)"
    )


@lru_cache(maxsize=64)
def _columns_above(column: int) -> re.Pattern[bytes]:
    """The letters of references to columns after `column`."""
    letters = _letters(column) or "@"  # "@" sorts just before "A": any letter is above it
    return re.compile(
        rb"""\sr\s*=\s*["'](?=""" + _greater_than(letters, "@ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        + rb")([A-Za-z]+)"
    )  # fmt: skip


def _greater_than(symbols: str, alphabet: str) -> bytes:
    """A pattern for strings above `symbols` when read as a number in `alphabet`'s order:
    longer, or as long with a larger symbol after a common prefix. "K" gives
    [A-Z]{2}|[L-Z]; "192307" gives [0-9]{7}|[2-9][0-9]{5}|1[0-9]... Each choice has a
    fixed length, so matching is linear. Letters match in either case; a leading zero
    makes a row look larger, which costs a little time, never a wrong answer."""
    digits = alphabet[0] == "0"
    any_symbol = "[0-9]" if digits else "[A-Za-z]"
    choices = [f"{any_symbol}{{{len(symbols) + 1}}}"]
    for at, symbol in enumerate(symbols):
        above = alphabet[alphabet.index(symbol) + 1 :]
        if not above:
            continue
        prefix = "".join(c if digits else f"[{c}{c.lower()}]" for c in symbols[:at])
        larger = (
            f"[{above[0]}-{above[-1]}]"
            if digits
            else (f"[{above[0]}-{above[-1]}{above[0].lower()}-{above[-1].lower()}]")
        )
        rest = len(symbols) - at - 1
        choices.append(f"{prefix}{larger}{any_symbol}{{{rest}}}")
    return "|".join(choices).encode()


def _check_shared_strings(archive: zipfile.ZipFile, part: str, max_cells: int) -> None:
    tag = next(_chunks_matching(archive, part, _SST_TAG), None)
    if tag is None:
        return
    for name, value in _SST_COUNT.findall(tag[0]):
        if int(value) > max_cells:
            raise DeclaredTooLarge(
                Message(
                    gettext_noop(
                        "The workbook declares %(texts)s shared texts (%(name)s), more than the "
                        "%(most)s cells allowed"
                    ),
                    texts=int(value),
                    name=name.decode(),
                    most=max_cells,
                )
            )


@lru_cache
def _cell_tags(column: str) -> re.Pattern[bytes]:
    """Start tags of the cells of one column; group 1 is the row."""
    return re.compile(
        rb"""<(?:[\w.-]{1,40}:)?c\s(?:[^>]{0,300}?\s)?r\s*=\s*["']"""
        + column.encode()
        + rb"""([0-9]{1,7})["'][^>]{0,300}>"""
    )


def _chunks_matching(archive: zipfile.ZipFile, part: str, pattern: re.Pattern[bytes]):
    for text in _chunks(archive, part):
        yield from pattern.finditer(text)


def _chunks(archive: zipfile.ZipFile, part: str):
    """A part inflated a chunk at a time, each chunk starting with the last OVERLAP bytes of
    the one before: a match within them may come twice, which callers take maxima of or
    overwrite, and none is missed at an edge."""
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(CHUNK):
            text = tail + chunk
            yield text
            tail = text[-OVERLAP:]
