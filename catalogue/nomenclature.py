"""Load the bundled HS 2022 nomenclature into the database."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from catalogue.models import HSCode, HSSection

HS_DATA_DIR = Path(__file__).resolve().parent / "data" / "hs"
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


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


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


def _sync(model, rows: list, fields: list[str], result: LoadResult) -> None:
    """Create what is missing and update what differs; rows are model instances."""
    existing = model.objects.in_bulk()
    to_create, to_update = [], []
    for obj in rows:
        current = existing.get(obj.pk)
        if current is None:
            to_create.append(obj)
        elif any(getattr(current, f) != getattr(obj, f) for f in fields):
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=1000)
    model.objects.bulk_update(to_update, fields, batch_size=1000)
    result.created += len(to_create)
    result.updated += len(to_update)
    result.unchanged += len(rows) - len(to_create) - len(to_update)


@transaction.atomic
def load_nomenclature(directory: Path = HS_DATA_DIR) -> LoadResult:
    """Bring the HS tables in line with the files; a second run changes nothing."""
    result = LoadResult()
    sections = [
        HSSection(number=s.number, roman=s.roman, title=s.title)
        for s in read_sections(directory / "sections.csv")
    ]
    _sync(HSSection, sections, ["roman", "title"], result)
    codes = sorted(read_codes(directory / "harmonized-system.csv"), key=lambda c: c.level)
    _sync(
        HSCode,
        [
            HSCode(
                code=c.code,
                level=c.level,
                description=c.description,
                parent_id=c.parent,
                section_id=c.section,
            )
            for c in codes
        ],
        ["level", "description", "parent_id", "section_id"],
        result,
    )
    return result
