"""The categories a search considers, with what the ranking reads of each (ranking.py):
found by the full-text engine (at most MAX_CANDIDATES) or under codes (MAX_BY_CODE more)."""

from __future__ import annotations

from collections.abc import Iterable

from catalogue.search.engines import Hit, current_engine
from catalogue.search.ranking import Candidate

MAX_CANDIDATES = 200
# Besides those, at most this many found by code alone (a glossary code of a large
# catalogue holds thousands of categories; the words rank the rest).
MAX_BY_CODE = 100


def candidates(hits: list[Hit], codes: Iterable[str] = ()) -> list[Candidate]:
    """The engine's hits, in its order, then up to MAX_BY_CODE more categories under these
    codes, by id; each with what the ranking reads of it, fetched in one statement.
    Unpublished categories have no document, so none is a candidate."""
    scores = {hit.category: hit.score for hit in hits}
    found = {
        row.category: row
        for row in current_engine().read(list(scores), sorted(set(codes)), MAX_BY_CODE)
    }
    by_code = sorted(found.keys() - scores.keys())
    return [
        Candidate(
            category=row.category,
            heads=row.heads,
            names=row.names,
            details=row.details,
            exporters=row.exporters,
            codes=_primary_first(row.codes),
            engine_score=float(scores.get(row.category, 0.0)),
            offers=row.offers,
            name=row.name,
            names_ru=row.names_ru or "",
            names_kk=row.names_kk or "",
        )
        for row in [*(found[c] for c in scores if c in found), *(found[c] for c in by_code)]
    ]


def _primary_first(marked: str | None) -> tuple[str, ...]:
    """A category's codes, the primary (marked with a leading *) first, then the others
    in order."""
    codes = (marked or "").split()
    primary = [c[1:] for c in codes if c.startswith("*")]
    return (*primary, *sorted({c for c in codes if not c.startswith("*")} - set(primary)))
