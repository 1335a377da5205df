"""Read the bundled HS 2022 nomenclature files. Pure: no database."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

HS_DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "hs"
ROMAN_NUMERALS = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI",
    "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI",
]  # fmt: skip
# UN Comtrade's file carries a chapter 99 and a grand total that are not part
# of the nomenclature; they are all filed under this pseudo-section.
PSEUDO_SECTION = "TOTAL"


@dataclass(frozen=True)
class SectionRow:
    number: int
    roman: str
    title: str


@dataclass(frozen=True)
class CodeRow:
    code: str
    level: int
    description: str
    parent: str | None
    section: int


def tidy_title(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def read_sections(path: Path) -> list[SectionRow]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [
            SectionRow(
                ROMAN_NUMERALS.index(row["section"]) + 1, row["section"], tidy_title(row["name"])
            )
            for row in csv.DictReader(f)
        ]


def read_codes(path: Path) -> list[CodeRow]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [
            CodeRow(
                code=row["hscode"],
                level=int(row["level"]),
                description=row["description"].strip(),
                parent=None if row["level"] == "2" else row["parent"],
                section=ROMAN_NUMERALS.index(row["section"]) + 1,
            )
            for row in csv.DictReader(f)
            if row["section"] != PSEUDO_SECTION
        ]
