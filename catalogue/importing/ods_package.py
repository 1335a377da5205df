"""The merged cells at the head of each table of an ods file. Pure.

calamine reads an ods file's cells but not its merged ones (it gives them for xlsx and
xls files only), and the header detection wants those of the first rows of each sheet.
content.xml holds every table one after another and can inflate to hundreds of megabytes,
so it is read a megabyte at a time: a plain search finds each table's start tag, and an
expat parser reads that table's first rows and stops. The parser starts inside the
document, so it knows no entity a document type may declare (it refuses such a table, as
damaged) and takes the "table:" prefix as written, as every spreadsheet program writes it.
"""

from __future__ import annotations

import io
import zipfile
from xml.parsers import expat

from catalogue.importing.headers import Merge

CHUNK = 1024 * 1024
TABLE_START = b"<table:table "
CELLS = ("table:table-cell", "table:covered-table-cell")


def head_merges(data: bytes, names: set[str], rows: int) -> dict[str, list[Merge]]:
    """The merged ranges that start in the first `rows` rows of each table named, by name.

    content.xml is read only as far as the head of the last of them."""
    found: dict[str, list[Merge]] = {}
    package = zipfile.ZipFile(io.BytesIO(data))
    if "content.xml" not in package.NameToInfo:
        return found
    head: _TableHead | None = None
    pending = b""
    with package.open("content.xml") as stream:
        while len(found) < len(names) and (chunk := stream.read(CHUNK)):
            text, at, pending = pending + chunk, 0, b""
            while at < len(text):
                if head is None:
                    start = text.find(TABLE_START, at)
                    if start == -1:  # keep what may be the start of a tag cut in two
                        pending = text[max(at, len(text) - len(TABLE_START)) :]
                        break
                    head, at = _TableHead(rows), start
                used = head.read(text[at:])
                if used is None:  # the head goes on in the next chunk
                    break
                if head.name in names:
                    found.setdefault(head.name, head.merges)
                at, head = at + max(used, 1), None
    return found


def table_count(data: bytes) -> int:
    """How many tables content.xml holds, sheets and tables inside cells alike: a plain
    search, a chunk at a time."""
    package = zipfile.ZipFile(io.BytesIO(data))
    if "content.xml" not in package.NameToInfo:
        return 0
    count, tail = 0, b""
    with package.open("content.xml") as stream:
        while chunk := stream.read(CHUNK):
            text = tail + chunk
            count += text.count(TABLE_START)
            # A start tag cut in two is counted in the next chunk; one that ends this
            # chunk is not carried over, so none is counted twice.
            tail = text[-(len(TABLE_START) - 1) :]
    return count


class _HeadRead(Exception):
    pass


class _TableHead:
    """Reads the merged cells of one table's first rows, fed from its start tag on."""

    def __init__(self, rows: int):
        self.rows = rows
        self.name: str | None = None
        self.merges: list[Merge] = []
        self.row = self.column = self.depth = 0
        self.rows_repeated = 1
        self.fed = 0
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end

    def read(self, text: bytes) -> int | None:
        """How much of `text` the table's head took, or None when it needs more."""
        before, self.fed = self.fed, self.fed + len(text)
        try:
            self.parser.Parse(text, False)
        except _HeadRead:
            return self.parser.CurrentByteIndex - before
        except expat.ExpatError:  # damaged, or an entity it cannot know: no merges here
            self.merges = []
            return self.parser.CurrentByteIndex - before
        return None

    def _start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "table:table":
            self.depth += 1
            if self.name is None:
                self.name = attributes.get("table:name", "")
        elif self.depth != 1:  # a table inside a cell
            return
        elif tag == "table:table-row":
            self.rows_repeated = _count(attributes, "table:number-rows-repeated")
            self.column = 0
        elif tag in CELLS:
            columns = _count(attributes, "table:number-columns-spanned")
            rows = _count(attributes, "table:number-rows-spanned")
            if tag == "table:table-cell" and (columns > 1 or rows > 1):
                self.merges.append(
                    (self.row, self.column, self.row + rows - 1, self.column + columns - 1)
                )
            self.column += _count(attributes, "table:number-columns-repeated")

    def _end(self, tag: str) -> None:
        if tag == "table:table":
            self.depth -= 1
            if self.depth == 0:
                raise _HeadRead
        elif tag == "table:table-row" and self.depth == 1:
            self.row += self.rows_repeated
            if self.row >= self.rows:
                raise _HeadRead


def _count(attributes: dict[str, str], name: str) -> int:
    """A count attribute's value; 1 when it is missing, or not a number of a sane size."""
    value = attributes.get(name, "1")
    return int(value) if value.isdigit() and len(value) < 10 and int(value) > 0 else 1
