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
    """The engine's hits and up to MAX_BY_CODE more categories under these codes, each with
    what the ranking reads of it. Unpublished categories have no document, so none is a
    candidate."""
    found = {hit.category: hit for hit in hits}
    for hit in current_engine().under(sorted(set(codes)), list(found), MAX_BY_CODE):
        found[hit.category] = hit
    return [
        Candidate(
            category=hit.category,
            heads=hit.heads,
            names=hit.names,
            details=hit.details,
            exporters=hit.exporters,
            codes=_primary_first(hit.primary, hit.codes),
            engine_score=float(hit.score),
            offers=hit.offers,
            name=hit.name,
        )
        for hit in found.values()
    ]


def _primary_first(primary: str | None, codes: str | None) -> tuple[str, ...]:
    others = sorted(set((codes or "").split()) - {primary})
    return (primary, *others) if primary else tuple(others)
