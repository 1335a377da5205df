"""Find the header row of a sheet and map its columns to catalogue fields. Pure.

The synonyms live in catalogue/data/import_headers.csv. A header matches an
entry when it holds every word of the entry, in order; an entry's word of three
letters or more also matches a longer word it begins ("англ" matches
"английском"). The entry with the most words wins, so "наименование
предприятия" (exporter) beats "наименование" (product name). A product-name
header that also carries a language marker ("Наименование (англ.)",
"Product (RU)") is the name in that language.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from catalogue.lib.normalise import fold

HEADERS_FILE = Path(__file__).resolve().parent.parent / "data" / "import_headers.csv"

# When two entries match with as many words, the field earlier here wins:
# the generic product name comes last.
FIELDS = (
    "code", "bin", "exporter", "region", "capacity", "moq", "unit", "incoterms",
    "certifications", "website", "contact", "description", "number",
    "name_en", "name_ru", "name",
)  # fmt: skip
NAME_FIELDS = ("name", "name_en", "name_ru")
MARKERS = ("name_en", "name_ru")
SCAN_ROWS = 40
_WORD = re.compile(r"\w+")


def header_words(text: str) -> list[str]:
    text = fold(text).replace("№", " no ").replace("#", " no ")
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
        words = header_words(header)
        if not words:
            return None
        best: tuple[int, int, str] | None = None
        for field_name, entry in self.entries:
            if field_name in MARKERS or not _holds_in_order(entry, words):
                continue
            rank = (len(entry), -FIELDS.index(field_name), field_name)
            if best is None or rank > best:
                best = rank
        marker = self._marker(words)
        if best is None:
            # A header that is only a language ("English", "Орысша") names the product.
            return marker if marker and len(words) <= 2 else None
        if best[2] == "name" and marker:
            return marker
        return best[2]

    def _marker(self, words: Sequence[str]) -> str | None:
        for field_name, entry in self.entries:
            if field_name in MARKERS and _holds_in_order(entry, words):
                return field_name
        return None


@cache
def default_vocabulary() -> HeaderVocabulary:
    with HEADERS_FILE.open(encoding="utf-8", newline="") as f:
        return HeaderVocabulary.from_pairs(
            (row["field"], row["header"]) for row in csv.DictReader(f)
        )


@dataclass
class HeaderLayout:
    """Where the header is and what each column holds; indexes are 0-based."""

    row_index: int
    data_start: int
    columns: dict[int, str]
    headers: dict[int, str]
    unknown: dict[int, str] = field(default_factory=dict)
    repeated: dict[int, str] = field(default_factory=dict)


def _text(cell: object) -> str:
    return cell.strip() if isinstance(cell, str) else ""


def _map_row(cells: Sequence[object], vocabulary: HeaderVocabulary) -> dict[int, str]:
    mapped = {}
    for column, cell in enumerate(cells):
        text = _text(cell)
        if text and len(text) <= 120:
            field_name = vocabulary.field_for(text)
            if field_name:
                mapped[column] = field_name
    return mapped


def _is_header_like(mapped: dict[int, str]) -> bool:
    fields = set(mapped.values())
    return len(fields) >= 2 and bool(fields & {"code", *NAME_FIELDS})


def _combined_headers(top: Sequence[object], below: Sequence[object]) -> dict[int, str]:
    """Header texts of a two-row header; a blank top cell inherits a merged cell on its left."""
    texts, carried = {}, ""
    for column in range(max(len(top), len(below))):
        upper = _text(top[column]) if column < len(top) else ""
        lower = _text(below[column]) if column < len(below) else ""
        if upper:
            carried = upper
        elif lower:
            upper = carried
        else:
            carried = ""
        text = f"{upper} {lower}".strip()
        if text:
            texts[column] = text
    return texts


def find_header(
    rows: Sequence[Sequence[object]], vocabulary: HeaderVocabulary | None = None
) -> HeaderLayout | None:
    """The most header-like row among the first rows of a sheet, or None."""
    vocabulary = vocabulary or default_vocabulary()
    best: tuple[int, int, dict[int, str]] | None = None
    for index, cells in enumerate(rows[:SCAN_ROWS]):
        mapped = _map_row(cells, vocabulary)
        if _is_header_like(mapped) and (best is None or len(set(mapped.values())) > best[0]):
            best = (len(set(mapped.values())), index, mapped)
    if best is None:
        return None
    _, index, _ = best
    top = rows[index]
    texts = {c: _text(v) for c, v in enumerate(top) if _text(v)}
    data_start = index + 1
    below = rows[index + 1] if index + 1 < len(rows) else []
    if _is_subheader(below, vocabulary):
        texts = _combined_headers(top, below)
        data_start = index + 2
    return _layout(index, data_start, texts, vocabulary)


def _is_subheader(cells: Sequence[object], vocabulary: HeaderVocabulary) -> bool:
    texts = [_text(c) for c in cells if _text(c)]
    if not texts or any(c for c in cells if c not in ("", None) and not isinstance(c, str)):
        return False
    return all(
        vocabulary.field_for(t) is not None and not any(ch.isdigit() for ch in t) for t in texts
    )


def _layout(
    index: int, data_start: int, texts: dict[int, str], vocabulary: HeaderVocabulary
) -> HeaderLayout:
    layout = HeaderLayout(row_index=index, data_start=data_start, columns={}, headers=texts)
    for column, text in texts.items():
        field_name = vocabulary.field_for(text)
        if field_name is None:
            layout.unknown[column] = text
        elif field_name in layout.columns.values():
            layout.repeated[column] = field_name
        else:
            layout.columns[column] = field_name
    return layout


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
