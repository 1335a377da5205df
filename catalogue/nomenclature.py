"""Load the bundled HS 2022 nomenclature, English and Russian, into the database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from catalogue import search
from catalogue.lib.hs_files import HS_DATA_DIR, read_codes, read_russian_names, read_sections
from catalogue.models import CategoryCode, HSCode, HSSection


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


def _sync(model, rows: list, fields: list[str], result: LoadResult) -> list:
    """Create what is missing and update what differs; rows are model instances. Returns
    the keys of the rows updated."""
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
    return [obj.pk for obj in to_update]


@transaction.atomic
def load_nomenclature(directory: Path = HS_DATA_DIR) -> LoadResult:
    """Bring the HS tables in line with the files; a second run changes nothing."""
    result = LoadResult()
    russian = read_russian_names(directory / "ru")
    sections = [
        HSSection(
            number=s.number, roman=s.roman, title=s.title, title_ru=russian.sections[s.number]
        )
        for s in read_sections(directory / "sections.csv")
    ]
    _sync(HSSection, sections, ["roman", "title", "title_ru"], result)
    codes = sorted(read_codes(directory / "harmonized-system.csv"), key=lambda c: c.level)
    updated = _sync(
        HSCode,
        [
            HSCode(
                code=c.code,
                level=c.level,
                description=c.description,
                description_ru=russian.of_code(c.code),
                parent_id=c.parent,
                section_id=c.section,
            )
            for c in codes
        ],
        ["level", "description", "description_ru", "parent_id", "section_id"],
        result,
    )
    _reindex_categories_worded_by(set(updated))
    return result


def _reindex_categories_worded_by(codes: set[str]) -> None:
    """A category's search document holds the texts of its codes and their headings: those
    of codes whose texts changed are rebuilt. Only search follows: matching compares codes,
    not their wording, so this is no catalogue change (catalogue/changes.py)."""
    if not codes:
        return
    pairs = CategoryCode.objects.values_list("category_id", "hs_code_id")
    stale = {pk for pk, code in pairs if code in codes or code[:-2] in codes}
    # Pages show the texts of codes no category holds too (chapters, the HS pages): every
    # process renders its kept pages again (catalogue.pages.kept).
    search.reindex(stale)
