"""Build real spreadsheet files in memory for import tests."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import struct
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

import openpyxl
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import CoveredTableCell, Table, TableCell, TableRow
from odf.text import P
from openpyxl.utils.cell import range_boundaries

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


def cell_range(reference: str) -> tuple[int, int, int, int]:
    """The 0-based first row, first column, last row and last column of a range such as
    B3:C4, (2, 1, 3, 2)."""
    first_column, first_row, last_column, last_row = range_boundaries(reference)
    return first_row - 1, first_column - 1, last_row - 1, last_column - 1


def _covered(ranges: Sequence[tuple[int, int, int, int]]) -> set[tuple[int, int]]:
    return {
        (row, column)
        for top, left, bottom, right in ranges
        for row in range(top, bottom + 1)
        for column in range(left, right + 1)
    }


def xls(
    title: str, rows: Rows, *, merges: Sequence[str] = (), more: Sequence[tuple[str, Rows]] = ()
) -> bytes:
    """An .xls workbook; merges ("A1:B2") apply to the first sheet, `more` are further sheets."""
    book = xlwt.Workbook(encoding="utf-8")
    for index, (name, sheet_rows) in enumerate([(title, rows), *more]):
        sheet = book.add_sheet(name)
        ranges = [cell_range(m) for m in merges] if index == 0 else []
        for top, left, bottom, right in ranges:
            value = sheet_rows[top][left] if left < len(sheet_rows[top]) else ""
            sheet.write_merge(top, bottom, left, right, value)
        covered = _covered(ranges)
        for r, row in enumerate(sheet_rows):
            for c, value in enumerate(row):
                if value not in ("", None) and (r, c) not in covered:
                    sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods(
    title: str, rows: Rows, *, merges: Sequence[str] = (), more: Sequence[tuple[str, Rows]] = ()
) -> bytes:
    """An OpenDocument spreadsheet as LibreOffice writes one: a merged cell spans its
    columns and rows, and the cells it covers are covered-table-cells."""
    document = OpenDocumentSpreadsheet()
    for index, (name, sheet_rows) in enumerate([(title, rows), *more]):
        ranges = [cell_range(m) for m in merges] if index == 0 else []
        spans = {(top, left): (bottom - top + 1, right - left + 1)
                 for top, left, bottom, right in ranges}  # fmt: skip
        covered = _covered(ranges)
        table = Table(name=name)
        for r, row in enumerate(sheet_rows):
            table_row = TableRow()
            width = max([len(row)] + [c + 1 for (covered_row, c) in covered if covered_row == r])
            for c in range(width):
                if (r, c) in spans:
                    table_row.addElement(_ods_cell(row[c] if c < len(row) else None, *spans[r, c]))
                elif (r, c) in covered:
                    table_row.addElement(CoveredTableCell())
                else:
                    table_row.addElement(_ods_cell(row[c] if c < len(row) else None))
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _ods_cell(value: object, height: int = 1, width: int = 1) -> TableCell:
    spanned = {"numberrowsspanned": height, "numbercolumnsspanned": width}
    attributes = spanned if (height, width) != (1, 1) else {}
    if value in ("", None):
        return TableCell(**attributes)
    if isinstance(value, bool):
        cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower(), **attributes)
    elif isinstance(value, dt.datetime | dt.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat(), **attributes)
    elif isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=value, **attributes)
    else:
        cell = TableCell(valuetype="string", stringvalue=str(value), **attributes)
    cell.addElement(P(text=str(value)))
    return cell


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


# Hostile and damaged files, built from good ones: the tests and bench/import_fuzz.py use them.

SHEET_PART = "xl/worksheets/sheet1.xml"


def rezip(
    data: bytes,
    change: Callable[[str, bytes], bytes | None] = lambda name, content: content,
    add: dict[str, bytes] | None = None,
) -> bytes:
    """A zip-based workbook with its parts changed (None drops a part) or added."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = change(item.filename, source.read(item))
            if content is not None:
                target.writestr(item.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return buffer.getvalue()


def with_sheet_xml(data: bytes, edit: Callable[[bytes], bytes]) -> bytes:
    return rezip(data, lambda name, xml: edit(xml) if name == SHEET_PART else xml)


def with_cell(data: bytes, reference: str, value: str = "1") -> bytes:
    """The first sheet with one more numeric cell, anywhere (XFD1048576 is Excel's last)."""
    row = reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    cell = f'<row r="{row}"><c r="{reference}"><v>{value}</v></c></row>'.encode()
    return with_sheet_xml(data, lambda xml: xml.replace(b"</sheetData>", cell + b"</sheetData>"))


def with_dimension(data: bytes, reference: str) -> bytes:
    """The first sheet declaring its size as `reference` ("A1:XFD1048576")."""
    tag = f'<dimension ref="{reference}"/>'.encode()
    return with_sheet_xml(
        data, lambda xml: re.sub(rb"<dimension [^>]*/>", tag, xml) if b"<dimension" in xml
        else xml.replace(b"<sheetData", tag + b"<sheetData", 1)
    )  # fmt: skip


def with_shared_strings(data: bytes, texts: Sequence[str], *, count: int | None = None) -> bytes:
    """A shared-string table (which openpyxl never writes) used by one cell, declaring
    `count` strings (by default as many as it holds)."""
    declared = len(texts) if count is None else count
    items = "".join(f"<si><t>{escape(t)}</t></si>" for t in texts)
    table = (
        f'<sst xmlns="{MAIN_NS}" count="{declared}" uniqueCount="{declared}">{items}</sst>'
    ).encode()
    relation = (
        b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    cell = b'<row r="1000"><c r="B1000" t="s"><v>0</v></c></row></sheetData>'

    def change(name: str, content: bytes) -> bytes:
        if name == "xl/_rels/workbook.xml.rels":
            return content.replace(b"</Relationships>", relation)
        if name == "[Content_Types].xml":
            return content.replace(b"</Types>", override)
        if name == SHEET_PART:
            return content.replace(b"</sheetData>", cell)
        return content

    return rezip(data, change, add={"xl/sharedStrings.xml": table})


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole2(streams: dict[str, bytes]) -> bytes:
    """A minimal Compound File, the container of .xls files and of password-protected xlsx
    (streams EncryptionInfo and EncryptedPackage). Streams are padded to 4,096 bytes so all
    live in 512-byte sectors of the one FAT sector; names are in the order readers expect."""
    padded = [(name, content.ljust(max(4096, -(-len(content) // 512) * 512), b"\0"))
              for name, content in streams.items()]  # fmt: skip
    fat: list[int] = []
    body = b""
    starts = []
    for _, content in padded:
        count = len(content) // 512
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [END_OF_CHAIN]
        body += content
    entries = [_directory_entry("Root Entry", 5, END_OF_CHAIN, 0, child=1 if padded else None)]
    for index, ((name, content), start) in enumerate(zip(padded, starts, strict=True)):
        following = index + 2 if index + 1 < len(padded) else None
        entries.append(_directory_entry(name, 2, start, len(content), right=following))
    directory = b"".join(entries).ljust(-(-len(entries) // 4) * 512, b"\0")
    directory_start = len(fat)
    fat += [len(fat) + i + 1 for i in range(len(directory) // 512 - 1)] + [END_OF_CHAIN]
    fat_sector = len(fat)
    fat.append(FAT_SECTOR)
    assert len(fat) <= 128, "ole2() keeps to one FAT sector"
    header = (
        OLE2_SIGNATURE + bytes(16)
        + struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, directory_start, 0,
                      4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
        + struct.pack("<I", fat_sector) + struct.pack("<I", FREE) * 108
    )  # fmt: skip
    table = b"".join(struct.pack("<I", entry) for entry in fat).ljust(512, b"\xff")
    return header + body + directory + table


def _directory_entry(
    name: str, kind: int, start: int, size: int, *, child: int | None = None,
    right: int | None = None,
) -> bytes:  # fmt: skip
    encoded = name.encode("utf-16-le") + b"\0\0"
    return struct.pack(
        "<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, NO_STREAM,
        NO_STREAM if right is None else right, NO_STREAM if child is None else child,
        bytes(16), 0, 0, 0, start, size,
    )  # fmt: skip


# Seeded mutation fuzzing: tests/catalogue/test_import_fuzz.py runs a few hundred mutants,
# bench/import_fuzz.py as many as it is asked to.

FUZZ_KINDS = ("xlsx", "xls", "ods", "csv")
CELLS, MEMORY = "IMPORT_MAX_CELLS", "IMPORT_READ_MEMORY_MB"
RATIO = "compressed more than 100 to 1"


@dataclass(frozen=True)
class Mutant:
    kind: str
    how: str
    data: bytes
    # The settings whose limit this file is over: its error must name one of them.
    over: tuple[str, ...] = ()


def fuzz_bases() -> dict[str, bytes]:
    """A small ministry sheet in each format, with a code stored as a formatted number."""
    rows = ministry_rows(
        [1, "Пшеница", "Wheat", "1001 99 000 0", "ТОО «Астык»", "123456789012", "Костанай", 5000],
        [2, "Молоко", "Milk", 402, "ТОО «Астык»", "123456789012", "Костанай", ""],
        [3, "Говядина", "Beef", 20230, "АО «Ет»", "", "г. Астана", "1 200 т"],
    )
    return {
        "xlsx": xlsx(("Перечень", rows), formats={"D7": "0000"}),
        "xls": xls("Перечень", rows),
        "ods": ods("Перечень", rows),
        "csv": csv_bytes(rows, delimiter=";"),
    }


def mutants(seed: int, count: int, *, max_cells: int) -> Iterator[Mutant]:
    """`count` mutants of fuzz_bases(), the kinds in turn, the same ones for the same seed."""
    rng = random.Random(seed)
    bases = fuzz_bases()
    for index in range(count):
        kind = FUZZ_KINDS[index % len(FUZZ_KINDS)]
        mutation = rng.choice(MUTATIONS[kind])
        data, over = mutation(rng, bases[kind], max_cells)
        yield Mutant(kind, mutation.__name__.strip("_"), data, over)


Mutation = Callable[[random.Random, bytes, int], tuple[bytes, tuple[str, ...]]]
BASE_ROWS, BASE_COLUMNS = 11, 8  # the extent of fuzz_bases()'s sheet


def _flip_bytes(rng: random.Random, data: bytes, max_cells: int):
    mutated = bytearray(data)
    for _ in range(rng.randrange(1, 50)):
        mutated[rng.randrange(len(mutated))] = rng.randrange(256)
    return bytes(mutated), ()


def _truncate(rng: random.Random, data: bytes, max_cells: int):
    return data[: rng.randrange(len(data))], ()


def _splice_noise(rng: random.Random, data: bytes, max_cells: int):
    at = rng.randrange(len(data))
    return data[:at] + rng.randbytes(rng.randrange(1, 500)) + data[at:], ()


def _repeat_a_slice(rng: random.Random, data: bytes, max_cells: int):
    start = rng.randrange(len(data))
    piece = data[start : start + rng.randrange(1, 2000)]
    at = rng.randrange(len(data))
    return data[:at] + piece * rng.randrange(1, 20) + data[at:], ()


def _damage_a_part(rng: random.Random, data: bytes, max_cells: int):
    """A valid zip around one damaged part: the XML parsers see it, not just zipfile."""
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    victim = rng.choice(names)
    damage = rng.choice([_flip_bytes, _truncate, _splice_noise, _repeat_a_slice])
    return rezip(data, lambda name, xml: damage(rng, xml, max_cells)[0] if name == victim
                 and xml else xml), ()  # fmt: skip


def _drop_a_part(rng: random.Random, data: bytes, max_cells: int):
    victim = rng.choice(zipfile.ZipFile(io.BytesIO(data)).namelist())
    return rezip(data, lambda name, content: None if name == victim else content), ()


def _far_reference(rng: random.Random) -> tuple[str, int, int]:
    """A cell reference, its row and column: anywhere up to XFD1048576, often far."""
    row = rng.choice([rng.randrange(1, 100), rng.randrange(1, 1_048_577), 1_048_576])
    column = rng.choice([rng.randrange(1, 27), rng.randrange(1, 16_385), 16_384])
    letters = ""
    number = column
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return f"{letters}{row}", row, column


def _over(rows: int, columns: int, max_cells: int, *limits: str) -> tuple[str, ...]:
    """`limits` when the sheet, grown to rows × columns, is over max_cells."""
    return limits if max(rows, BASE_ROWS) * max(columns, BASE_COLUMNS) > max_cells else ()


def _far_cell(rng: random.Random, data: bytes, max_cells: int):
    reference, row, column = _far_reference(rng)
    return with_cell(data, reference), _over(row, column, max_cells, CELLS)


def _large_dimension(rng: random.Random, data: bytes, max_cells: int):
    reference, row, column = _far_reference(rng)
    return with_dimension(data, f"A1:{reference}"), (CELLS,) if row * column > max_cells else ()


def _shared_string_count(rng: random.Random, data: bytes, max_cells: int):
    count = rng.choice([1, 3, max_cells + 1, 4_000_000_000, 2**63])
    return with_shared_strings(data, ["Пшеница", "Wheat"], count=count), (
        (CELLS,) if count > max_cells else ()
    )


def _deep_xml(rng: random.Random, data: bytes, max_cells: int):
    depth = rng.choice([1000, 50_000, 300_000])
    nested = b"<x>" * depth + b"</x>" * depth
    cell = b'<row r="900"><c r="A900" t="inlineStr"><is><t>' + nested + b"</t></is></c></row>"
    return with_sheet_xml(
        data, lambda xml: xml.replace(b"</sheetData>", cell + b"</sheetData>")
    ), ()


def _huge_xml(rng: random.Random, data: bytes, max_cells: int):
    size = rng.choice([100_000, 1_000_000, 5_000_000])
    text = rng.randbytes(size // 2).hex().encode()  # incompressible enough for the ratio check
    choice = rng.randrange(3)
    if choice == 0:  # one enormous cell
        piece = b'<row r="901"><c r="A901" t="inlineStr"><is><t>' + text + b"</t></is></c></row>"
        return with_sheet_xml(
            data, lambda xml: xml.replace(b"</sheetData>", piece + b"</sheetData>")
        ), ()
    if choice == 1:  # one enormous attribute
        piece = b'<row r="902" x="' + text + b'"/>'
        return with_sheet_xml(
            data, lambda xml: xml.replace(b"</sheetData>", piece + b"</sheetData>")
        ), ()
    width = size // 40  # a row of cells without references, each one column further
    piece = b'<row r="1000">' + b"<c><v>1</v></c>" * width + b"</row>"
    # So regular a part is also compressed past 100 to 1, which is refused as a zip bomb.
    over = _over(1000, width, max_cells, CELLS, MEMORY, RATIO)
    return with_sheet_xml(
        data, lambda xml: xml.replace(b"</sheetData>", piece + b"</sheetData>")
    ), over


def _entity_expansion(rng: random.Random, data: bytes, max_cells: int):
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    doctype = f'<!DOCTYPE worksheet [<!ENTITY e0 "lol">{entities}]>'.encode()
    cell = b'<row r="903"><c r="A903" t="inlineStr"><is><t>&e9;</t></is></c></row>'
    return with_sheet_xml(
        data, lambda xml: doctype + xml.replace(b"</sheetData>", cell + b"</sheetData>")
    ), ()


def _ods_repeats(rng: random.Random, data: bytes, max_cells: int):
    """A row, or a cell, repeated: calamine builds the rows out (and refuses vast areas)."""
    rows, columns = rng.choice([(10, 1), (100_000, 1), (1_048_576, 1), (1, 1000), (1, 16_384)])

    def change(name: str, xml: bytes) -> bytes:
        if name != "content.xml":
            return xml
        row = f'<table:table-row table:number-rows-repeated="{rows}">'.encode()
        cell = f'<table:table-cell table:number-columns-repeated="{columns}" '.encode()
        return xml.replace(b"<table:table-row>", row, 1).replace(b"<table:table-cell ", cell, 1)

    area = (rows + BASE_ROWS, columns + BASE_COLUMNS)
    return rezip(data, change), _over(*area, max_cells, CELLS, MEMORY)


def _xls_dimensions(rng: random.Random, data: bytes, max_cells: int):
    """The DIMENSIONS record (0x0200), which calamine sizes its cell list by."""
    at = data.find(b"\x00\x02\x0e\x00")
    rows = rng.choice([100, 65_536, 2**32 - 1])
    columns = rng.choice([10, 256, 2**16 - 1])
    mutated = data[: at + 4] + struct.pack("<IIHHH", 0, rows, 0, columns, 0) + data[at + 18 :]
    # calamine reserves room for the declared cells: refused when that is past any budget.
    return mutated, (CELLS, MEMORY) if rows * columns >= 2**32 else ()


def _csv_oddities(rng: random.Random, data: bytes, max_cells: int):
    choice = rng.randrange(5)
    if choice == 0:  # a field past the csv module's limit (128 KB), in the sniffed lines
        return data.replace(b"Wheat", b"W" * rng.choice([200_000, 2_000_000]), 1), ()
    if choice == 1:  # an unbalanced quote: the rest of the file is one field
        return b'"' + data * rng.randrange(1, 2000), ()
    if choice == 2:  # a very wide row
        return data + b";" * rng.choice([10_000, 1_000_000]) + b"\r\n", ()
    if choice == 3:  # NUL bytes and lone carriage returns
        return data.replace(b";", b"\x00;", 3).replace(b"\r\n", b"\r"), ()
    return b"\xef\xbb\xbf" + data.decode("utf-8").encode("utf-16-le"), ()


BYTES: list[Mutation] = [_flip_bytes, _truncate, _splice_noise, _repeat_a_slice]
MUTATIONS: dict[str, list[Mutation]] = {
    "xlsx": [*BYTES, _damage_a_part, _drop_a_part, _far_cell, _far_cell, _large_dimension,
             _shared_string_count, _deep_xml, _huge_xml, _entity_expansion],
    "xls": [*BYTES, _xls_dimensions],
    "ods": [*BYTES, _damage_a_part, _drop_a_part, _ods_repeats],
    "csv": [*BYTES, _csv_oddities, _csv_oddities],
}  # fmt: skip
