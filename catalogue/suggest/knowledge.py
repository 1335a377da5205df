"""Load the suggester's fixed knowledge from the bundled files. Pure (no database)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from catalogue.lib.hs_files import HS_DATA_DIR, read_codes, read_russian_names
from catalogue.suggest.engine import GlossaryEntry, HSEntry, HSKnowledge

GLOSSARY_FILE = Path(__file__).resolve().parent.parent / "data" / "hs_glossary.csv"


def read_glossary(path: Path = GLOSSARY_FILE) -> list[GlossaryEntry]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            GlossaryEntry(
                term=row["term"].strip(),
                means=row["means"].strip(),
                codes=tuple(row["hs"].split()),
                note=row["note"].strip(),
                gloss_ru=row["gloss_ru"].strip(),
                gloss_kk=row["gloss_kk"].strip(),
            )
            for row in csv.DictReader(f)
            if row["term"].strip()
        ]


@cache
def bundled_knowledge() -> HSKnowledge:
    """HS 2022 in English and Russian, and the glossary."""
    russian = read_russian_names()
    entries = [
        HSEntry(c.code, c.level, c.description, russian.of_code(c.code))
        for c in read_codes(HS_DATA_DIR / "harmonized-system.csv")
    ]
    return HSKnowledge(entries, read_glossary())
