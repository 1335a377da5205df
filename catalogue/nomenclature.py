"""Load the bundled HS 2022 nomenclature into the database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from catalogue.lib.hs_files import HS_DATA_DIR, read_codes, read_sections
from catalogue.models import HSCode, HSSection


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


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
