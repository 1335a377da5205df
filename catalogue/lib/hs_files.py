"""Read the bundled HS 2022 nomenclature files, English and Russian. Pure: no database."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from catalogue.lib.sentence_case import sentence_case

HS_DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "hs"
HS_RU_DIR = HS_DATA_DIR / "ru"
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


@dataclass(frozen=True)
class RussianNames:
    """The Russian names of the nomenclature: the official texts of TN VED EAEU (sections,
    chapters, most headings) and the project's own translations (the other headings, some
    subheadings); see ru/SOURCE.md."""

    sections: dict[int, str]
    codes: dict[str, str]

    def of_code(self, code: str) -> str:
        """The Russian name of a chapter, heading or subheading; "" when there is none.

        A heading without subdivisions has one subheading, xxxx00, and it is the heading.
        """
        name = self.codes.get(code, "")
        if not name and len(code) == 6 and code.endswith("00"):
            name = self.codes.get(code[:4], "")
        return name


# Faults of the published extract, mended as it is read (see ru/SOURCE.md).
_REPAIRS = [
    (re.compile(r"/М\?"), "/М²"),  # the superscript of "г/м²" was lost as "?"
    (re.compile(r"^ГРУППА \d+ "), ""),  # chapter 54 repeats its own number
    (re.compile(r"'([^']+)'"), r"«\1»"),  # quotation marks typed as apostrophes
]


def official_text(published: str) -> str:
    """An official Russian text as published, in capitals, made readable."""
    text = published.strip()
    for pattern, replacement in _REPAIRS:
        text = pattern.sub(replacement, text)
    return sentence_case(text)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def read_russian_names(directory: Path = HS_RU_DIR) -> RussianNames:
    sections = {
        int(row["section"]): official_text(row["name_ru"])
        for row in _rows(directory / "sections.csv")
    }
    codes = {
        row["chapter"]: official_text(row["name_ru"]) for row in _rows(directory / "chapters.csv")
    }
    codes |= {
        row["heading"]: official_text(row["name_ru"]) for row in _rows(directory / "headings.csv")
    }
    for row in _rows(directory / "project_translations.csv"):
        codes.setdefault(row["code"], " ".join(row["name_ru"].split()))  # official text wins
    return RussianNames(sections, codes)
