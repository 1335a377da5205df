"""Find the header of a sheet and map its columns to catalogue fields. Pure.

The synonyms live in catalogue/data/import_headers.csv. A header matches an
entry when it holds every word of the entry, in order; an entry's word of three
letters or more also matches a longer word it begins ("англ" matches
"английском"). The entry with the most words wins, so "наименование
предприятия" (exporter) beats "наименование" (product name). A product-name
header that also carries a language marker ("Наименование (англ.)",
"Product (RU)") is the name in that language; so is a description header
("Описание (каз.)") the description in that language.

A header is a block of one to three rows: a group cell ("Товар", merged over two
columns or followed by blanks) over sub-headers ("рус.", "англ."). A column's
label is the path of its header cells, "Товар / англ.", and the lowest of them
that names a field decides, the groups above giving context: "Экспортёр /
наименование" is the exporter, "Мощность / т/год" the capacity.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from catalogue.lib.normalise import fold, name_key
from catalogue.lib.units import MULTIPLIERS, UNIT_BY_KEY

HEADERS_FILE = Path(__file__).resolve().parent.parent / "data" / "import_headers.csv"

# When two entries match with as many words, the field earlier here wins:
# the generic product name comes last.
FIELDS = (
    "code", "bin", "exporter", "region", "capacity", "moq", "unit", "incoterms",
    "certifications", "website", "contact", "notes", "description", "description_ru",
    "description_kk", "number", "name_en", "name_ru", "name_kk", "name",
)  # fmt: skip
NAME_FIELDS = ("name", "name_en", "name_ru", "name_kk")
MARKERS = ("name_en", "name_ru", "name_kk")
# The description in the language a marker names. A description header without one
# ("Описание", "Сипаттама") is read by its contents, as a plain name header is.
DESCRIPTION_IN = {"name_en": "description", "name_ru": "description_ru",
                  "name_kk": "description_kk"}  # fmt: skip
# Headers whose column's contents say which language it holds (sheet_reader).
PLAIN = ("name", "description")
SCAN_ROWS = 40
# A header is looked for in the first columns only: as many as an xls sheet has, where a
# catalogue form has a few dozen. Every header cell is looked up, so this bounds the work.
SCAN_COLUMNS = 256
_WORD = re.compile(r"\w+")


# A dot between single letters: "H.S." is HS, "т.н.в.э.д." ТНВЭД.
_INITIALS = re.compile(r"(?<=\b\w)\.(?=\w\b)")


def header_words(text: str) -> list[str]:
    text = _INITIALS.sub("", fold(text)).replace("№", " no ").replace("#", " no ")
    return _WORD.findall(text.replace("_", " "))


def _word_matches(entry_word: str, header_word: str) -> bool:
    if len(entry_word) >= 3:
        return header_word.startswith(entry_word)
    return header_word == entry_word


def _holds_in_order(entry: Sequence[str], words: Sequence[str]) -> bool:
    position = 0
    for entry_word in entry:
        while position < len(words) and not _word_matches(entry_word, words[position]):
            position += 1
        if position == len(words):
            return False
        position += 1
    return True


@dataclass(frozen=True)
class HeaderVocabulary:
    entries: tuple[tuple[str, tuple[str, ...]], ...]

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> HeaderVocabulary:
        entries = []
        for field_name, header in pairs:
            if field_name not in FIELDS:
                raise ValueError(f"unknown field {field_name!r} for header {header!r}")
            words = tuple(header_words(header))
            if words:
                entries.append((field_name, words))
        return cls(tuple(entries))

    def field_for(self, header: str) -> str | None:
        return self.match(header)[0]

    def match(self, header: str) -> tuple[str | None, int]:
        """The field a header names, and how many of its words say so: of two columns
        naming one field, "Код ТН ВЭД ЕАЭС" says it more than "Код"."""
        words = header_words(header)
        if not words:
            return None, 0
        candidates = self._candidates(words)
        best: tuple[int, int, str] | None = None
        for field_name, entry in candidates:
            if field_name in MARKERS or not _holds_in_order(entry, words):
                continue
            rank = (len(entry), -FIELDS.index(field_name), field_name)
            if best is None or rank > best:
                best = rank
        marker = next(
            (f for f, entry in candidates if f in MARKERS and _holds_in_order(entry, words)), None
        )
        if best is None:
            # A header that is only a language ("English", "Орысша") names the product.
            return (marker, 1) if marker and len(words) <= 2 else (None, 0)
        if best[2] == "name" and marker:
            return marker, best[0]
        if best[2] == "description" and marker:
            return DESCRIPTION_IN[marker], best[0]
        return best[2], best[0]

    def _candidates(self, words: Sequence[str]) -> list[tuple[str, tuple[str, ...]]]:
        """The entries whose first word matches a word of the header, in the table's order:
        the only ones that can match it, found without trying every entry."""
        found: set[int] = set()
        for word in words:
            for length in (len(word), *range(3, len(word))):
                found.update(self._by_first_word.get(word[:length], ()))
        return [self.entries[position] for position in sorted(found)]

    @cached_property
    def _by_first_word(self) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        for position, (_, entry) in enumerate(self.entries):
            index.setdefault(entry[0], []).append(position)
        return index


@cache
def default_vocabulary() -> HeaderVocabulary:
    with HEADERS_FILE.open(encoding="utf-8", newline="") as f:
        return HeaderVocabulary.from_pairs(
            (row["field"], row["header"]) for row in csv.DictReader(f)
        )


@dataclass
class HeaderLayout:
    """Where the header is and what each column holds; indexes are 0-based.

    The header is a block of one to three rows from row_index; the data starts at data_start.
    headers[column] is the column's label, the path of its header cells from the top:
    "Товар / англ.", or the one cell's text of a one-row header.
    """

    row_index: int
    data_start: int
    columns: dict[int, str]
    headers: dict[int, str]
    unknown: dict[int, str] = field(default_factory=dict)
    repeated: dict[int, str] = field(default_factory=dict)


# (first row, first column, last row, last column), 0-based and inclusive.
Merge = tuple[int, int, int, int]
MAX_HEADER_ROWS = 3
MAX_LABEL = 120
# A sheet without a header is still reported when it looks like a table: this many rows
# with this many filled cells among its first rows.
TABLE_ROWS, TABLE_COLUMNS = 3, 2
# Words that qualify a quantity without naming anything: "т/год", "тыс. тонн", "в год".
_QUANTITY_WORDS = frozenset({"в", "год", "г", "year", "yr", "per", "annum", *MULTIPLIERS})


@dataclass(frozen=True, eq=False)
class _Label:
    """A header cell: its text, the row it starts on and the columns it covers."""

    text: str
    row: int
    first: int
    last: int


# A row's header cells by column; a merged cell is there under every column it covers.
_Row = dict[int, _Label]


class _Meanings:
    """What header texts mean to a vocabulary, each text looked up once."""

    def __init__(self, vocabulary: HeaderVocabulary):
        self.vocabulary = vocabulary
        self._matches: dict[str, tuple[str | None, int]] = {}
        self._quantities: dict[str, bool] = {}

    def field(self, text: str) -> str | None:
        return self.match(text)[0]

    def match(self, text: str) -> tuple[str | None, int]:
        if text not in self._matches:
            # A long header is read by its beginning ("HS code (see note 3: ...)").
            self._matches[text] = self.vocabulary.match(text[:MAX_LABEL])
        return self._matches[text]

    def is_quantity(self, text: str) -> bool:
        """A unit, a multiplier or "a year", and nothing else: the group above says of what."""
        if text not in self._quantities:
            words = name_key(text).split()
            rest = " ".join(w for w in words if w not in _QUANTITY_WORDS)
            self._quantities[text] = bool(words) and (not rest or rest in UNIT_BY_KEY)
        return self._quantities[text]

    def says(self, text: str) -> bool:
        return self.field(text) is not None or self.is_quantity(text)


def _text(cell: object) -> str:
    return cell.strip() if isinstance(cell, str) else ""


def header_cells(rows: Sequence[Sequence[object]]) -> int:
    """How many cells find_header looks through: the first SCAN_ROWS × SCAN_COLUMNS."""
    return sum(min(len(row), SCAN_COLUMNS) for row in rows[:SCAN_ROWS])


def find_header(
    rows: Sequence[Sequence[object]],
    vocabulary: HeaderVocabulary | None = None,
    *,
    merges: Iterable[Merge] = (),
) -> HeaderLayout | None:
    """The most header-like block of one to three rows among the first rows, or None.

    merges are the sheet's merged ranges; when it records none among the first rows, a
    header cell with blanks on its right over cells of the row below is taken as merged
    over them ("Товар", "" over "рус.", "англ."). Each block tried is one top row and the
    rows below it that read as its sub-headers, so the work is linear in the cells scanned.
    """
    meanings = _Meanings(vocabulary or default_vocabulary())
    head = [row[:SCAN_COLUMNS] for row in rows[:SCAN_ROWS]]
    cells, recorded = _head_cells(head, merges)
    best: tuple[int, HeaderLayout] | None = None
    below_a_top = 0  # rows above this one are in the block of a row tried already
    for top in range(len(head)):
        # A title or a date line is one cell; a header names at least two columns.
        starting = sum(1 for column, c in cells[top].items() if (c.row, c.first) == (top, column))
        if top < below_a_top or starting < 2:
            continue
        block = _block(head, cells, top, recorded, meanings)
        below_a_top = top + len(block)
        layout = _layout(top, block, meanings)
        fields = set(layout.columns.values())
        if _is_header_like(fields) and (best is None or len(fields) > best[0]):
            best = (len(fields), layout)
    return best[1] if best else None


def _is_header_like(fields: set[str]) -> bool:
    return len(fields) >= 2 and bool(fields & {"code", *NAME_FIELDS})


def _head_cells(
    rows: Sequence[Sequence[object]], merges: Iterable[Merge]
) -> tuple[list[_Row], bool]:
    """Each row's header cells, and whether merged ranges are recorded among these rows."""
    cells = [
        {
            column: _Label(text, index, column, column)
            for column, value in enumerate(row)
            if (text := _text(value))
        }
        for index, row in enumerate(rows)
    ]
    width = max(map(len, rows), default=0)
    # Merges never overlap in a real workbook: their cells are at most the rows' own. A file
    # whose merges cover more is hostile, and its further merges are ignored.
    budget = 2 * len(rows) * (width + 1)
    recorded = False
    for first_row, first_column, last_row, last_column in merges:
        if not 0 <= first_row < len(rows) or not 0 <= first_column < width:
            continue
        recorded = True
        last_row, last_column = min(last_row, len(rows) - 1), min(last_column, width - 1)
        budget -= max(0, last_row - first_row + 1) * max(0, last_column - first_column + 1)
        if budget < 0:
            break
        corner = cells[first_row].get(first_column)
        if corner is None:  # a blank merged cell labels nothing
            continue
        label = _Label(corner.text, first_row, first_column, last_column)
        for row in cells[first_row : last_row + 1]:
            for column in range(first_column, last_column + 1):
                row[column] = label
    return cells, recorded


def _block(
    rows: Sequence[Sequence[object]],
    cells: list[_Row],
    top: int,
    recorded: bool,
    meanings: _Meanings,
) -> list[_Row]:
    """The header block from row `top`: that row and the one or two rows below it that read
    as its sub-headers, the tallest that does."""
    # Only cells that start in the block: not those of a merge from a row above it.
    rows_below = cells[top : top + MAX_HEADER_ROWS]
    own = [{column: c for column, c in row.items() if c.row >= top} for row in rows_below]
    labels_only = [_is_label_row(row) for row in rows[top : top + len(own)]]
    for height in range(len(own) if labels_only[0] else 1, 1, -1):
        candidate = own[:height] if recorded else _spread(own[:height])
        if all(
            labels_only[depth] and _is_sub_header(candidate, depth, top + depth, meanings)
            for depth in range(1, height)
        ):
            return candidate
    return own[:1]


def _spread(block: list[_Row]) -> list[_Row]:
    """The rows of a block without merges, each cell over a group of cells below it taken
    as merged over the blanks on its right that have a cell below, within its own group."""
    spread: list[_Row] = []
    for depth, row in enumerate(block):
        below = set().union(*block[depth + 1 :])
        parent = spread[-1] if spread else {}
        wide_row = dict(row)
        for column, label in row.items():
            if column not in below:  # a group's first column has a sub-header too
                continue
            last = column
            while (
                last + 1 not in row
                and last + 1 in below
                and (column not in parent or last < parent[column].last)
            ):
                last += 1
            if last > column:
                wide = _Label(label.text, label.row, column, last)
                for covered in range(column, last + 1):
                    wide_row[covered] = wide
        spread.append(wide_row)
    return spread


def _is_label_row(cells: Sequence[object]) -> bool:
    """Only short texts, not numbers or codes: a row that can be part of a header block."""
    for cell in cells:
        if cell is None or cell == "":
            continue
        if not isinstance(cell, str) or len(cell) > MAX_LABEL:
            return False
        if sum(c.isdigit() for c in cell) * 2 > len(cell.strip()):
            return False
    return True


def _is_sub_header(block: list[_Row], depth: int, index: int, meanings: _Meanings) -> bool:
    """Whether row `index`, at `depth` in the block, reads as sub-headers of the rows above.

    Most of its cells name a field or a unit, or are groups over cells that mostly do
    ("Реквизиты" over "БИН", "регион"). A cell under a group (a cell over several columns)
    may say anything that lies within the group ("Экспортёр" / "адрес"); a cell under a
    single column must say that column's field more precisely ("Код товара" / "по ТН ВЭД",
    "Наименование" / "англ.") or name a unit. A data row, even one whose region says
    "область", and a section row merged across the sheet fail one or the other.
    """
    above, row = block[:depth], block[depth]
    own = [label for column, label in row.items() if (label.row, label.first) == (index, column)]
    if 2 * sum(_says(label, block, depth, meanings) for label in own) <= len(own):
        return False
    for label in own:
        parent = _parent(above, label.first)
        if parent is None:
            # A cell over several columns under none, not one reaching under a header.
            if any(_parent(above, c) for c in range(label.first + 1, label.last + 1)):
                return False
        elif parent.first < parent.last:
            if label.last > parent.last:
                return False
        elif label.last > label.first or not (
            meanings.is_quantity(label.text)
            or _refines(meanings.field(label.text), meanings.field(parent.text))
        ):
            return False
    return True


def _says(label: _Label, block: list[_Row], depth: int, meanings: _Meanings) -> bool:
    if meanings.says(label.text):
        return True
    if depth + 1 == len(block) or label.first == label.last:
        return False
    below = block[depth + 1]
    children = [
        below[c] for c in range(label.first, label.last + 1) if c in below and below[c].first == c
    ]
    return 2 * sum(meanings.says(child.text) for child in children) > len(children)


def _parent(block: list[_Row], column: int) -> _Label | None:
    for row in reversed(block):
        if column in row:
            return row[column]
    return None


def _refines(field_name: str | None, parent_field: str | None) -> bool:
    if field_name is None or parent_field is None:
        return False
    if parent_field == "description":  # "Описание" / "каз."
        return field_name == parent_field or field_name in MARKERS
    return field_name == parent_field or {field_name, parent_field} <= set(NAME_FIELDS)


def _strength(texts: list[str], field_name: str, meanings: _Meanings) -> int:
    """How many words of a column's header cells name its field."""
    return max((meanings.match(t)[1] for t in texts if meanings.field(t) == field_name), default=0)


def _another_name(field_name: str, layout: HeaderLayout) -> bool:
    """Up to three plain name columns ("Product", "Наименование"), and of descriptions:
    their contents say which language each holds (sheet_reader.resolve_name_columns)."""
    return field_name in PLAIN and list(layout.columns.values()).count(field_name) < 3


def _layout(top: int, block: list[_Row], meanings: _Meanings) -> HeaderLayout:
    layout = HeaderLayout(row_index=top, data_start=top + len(block), columns={}, headers={})
    inherited: dict[int, str] = {}
    strength: dict[str, tuple[int, int]] = {}  # field → how much its column says it, column
    for column in sorted(set().union(*block)):
        path: list[_Label] = []
        for row in block:
            label = row.get(column)
            if label is not None and (not path or path[-1] is not label):
                path.append(label)
        if path[-1].first != column:  # under a merged cell, beside its first column
            continue
        texts = [label.text for label in path]
        layout.headers[column] = " / ".join(texts)
        field_name, own = _path_field(texts, meanings)
        if field_name is None:
            layout.unknown[column] = layout.headers[column]
        elif not own:
            inherited[column] = field_name
        elif field_name in layout.columns.values() and not _another_name(field_name, layout):
            # Of two columns for one field, the one whose header says it more is read.
            says = _strength(texts, field_name, meanings)
            if says > strength[field_name][0]:
                before = strength[field_name][1]
                del layout.columns[before]
                layout.repeated[before] = field_name
                layout.columns[column] = field_name
                strength[field_name] = (says, column)
            else:
                layout.repeated[column] = field_name
        else:
            layout.columns[column] = field_name
            strength.setdefault(field_name, (_strength(texts, field_name, meanings), column))
    # "Экспортёр / адрес" is the exporter only when no column under it says so itself.
    for column, field_name in inherited.items():
        if field_name in layout.columns.values():
            layout.unknown[column] = layout.headers[column]
        else:
            layout.columns[column] = field_name
    return layout


def _path_field(texts: list[str], meanings: _Meanings) -> tuple[str | None, bool]:
    """The field a column's header cells name, from the top, and whether its lowest cell
    says so itself rather than only a group above it.

    The lowest cell that names a field decides ("Экспортёр / регион" is the region,
    "Мощность / т/год" the capacity), except that a name is the name of what a group above
    names: "Экспортёр / наименование" is the exporter, "Товар / англ." the English name,
    "Описание / каз." the Kazakh description.
    """
    lowest = texts[-1]
    own = meanings.says(lowest)
    found = None
    for text in reversed(texts):
        field_name = meanings.field(text)
        if field_name is None:
            continue
        if found is None:
            found = field_name
        elif field_name == "description" and found in MARKERS:
            return DESCRIPTION_IN[found], own
        elif field_name not in NAME_FIELDS:
            return field_name, own
        elif found == "name":
            found = field_name
        if found not in NAME_FIELDS:
            break
    return found, own


def looks_like_table(rows: Sequence[Sequence[object]]) -> bool:
    """Several filled columns over several of the first rows: a table, even with no header
    recognised, where a sheet of notes is a column of text."""
    wide_rows = 0
    for row in rows[:SCAN_ROWS]:
        filled = sum(
            1
            for cell in row
            if cell is not None and cell != "" and (not isinstance(cell, str) or cell.strip())
        )
        wide_rows += filled >= TABLE_COLUMNS
        if wide_rows >= TABLE_ROWS:
            return True
    return False


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
