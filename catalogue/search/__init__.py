"""Catalogue search: one interface, two engines.

The interface is this module: search, related_to, reindex, categories_of_exporters.
The documents searched are built in documents.py; the SQLite (FTS5) and PostgreSQL
(tsvector, pg_trgm) engines that index them are in engines.py.

A query finds categories three ways, and their scores add up:
- its words, in the full-text index (every word must be there, each as a prefix);
- the HS codes the suggester proposes for it, so trade words and synonyms
  ("AGO", "iron rods", "cooking oil") reach categories whose names say otherwise;
- typed codes (1512, 7214.20, 2710.19.00, a TN VED or ECOWAS code), by HS prefix.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q

from catalogue.hscodes import code_prefix
from catalogue.lib.bulk_insert import BATCH, insert_rows
from catalogue.lib.process_cache import Versioned, bump_version
from catalogue.models import CategoryCode, Offer, ProductCategory, SearchDocument, under_code
from catalogue.search.documents import documents, rows_among
from catalogue.search.engines import PREFIX_FROM, current_engine
from catalogue.search.query import MAX_QUERY
from catalogue.suggest.engine import Suggestion
from catalogue.suggest.service import current_suggester
from catalogue.suggest.text import Speller, stem, words

VERSION_KEY = "search:version"
MAX_CANDIDATES = 500
SUGGESTION_FLOOR = 0.35
SUGGESTIONS_BESIDE_TEXT = 0.25
HEAD_MATCH = 0.3
TIE_BREAK_AMONG = 200


def reindex(category_ids: Iterable[int] | None = None) -> int:
    """Rebuild the search documents of these categories (all when None); returns how many."""
    if category_ids is None:
        ids = list(ProductCategory.objects.values_list("pk", flat=True))
    else:
        ids = list(set(category_ids))
    existing = SearchDocument.objects.values_list("category_id")
    stale = [pk for (pk,) in rows_among(existing, "category_id", set(ids))]
    for start in range(0, len(stale), BATCH):
        SearchDocument.objects.filter(category_id__in=stale[start : start + BATCH]).delete()
    insert_rows(SearchDocument, documents(ids))
    bump_version(VERSION_KEY)
    return len(ids)


def categories_of_exporters(exporter_ids: Iterable[int]) -> list[int]:
    return list(
        Offer.objects.filter(exporter_id__in=list(exporter_ids)).values_list(
            "category_id", flat=True
        )
    )


def _build_speller() -> tuple[frozenset[str], Speller]:
    known = frozenset(current_engine().vocabulary())
    return known, Speller(known, max_depth=1)


# The stems of the catalogue's names, and a speller over them, rebuilt when it changes.
_catalogue_speller = Versioned(VERSION_KEY, _build_speller).get


@dataclass
class SearchOutcome:
    query: str
    ranked: list[int] = field(default_factory=list)
    code: str | None = None
    suggestions: list[Suggestion] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return bool(self.ranked)


def search(query: str) -> SearchOutcome:
    """Categories for a buyer's query, best first (before any filter)."""
    query = " ".join(query.split())[:MAX_QUERY]
    outcome = SearchOutcome(query)
    if not query:
        return outcome
    scores: dict[int, float] = defaultdict(float)
    prefix = code_prefix(query)
    if prefix:
        outcome.code = prefix
        _add_code_matches([(prefix, 1.0)], scores)
    else:
        _add_text_matches(query, outcome, scores)
        # Only suggestions that account for every word: "cocoa beans" must not bring beans.
        outcome.suggestions = [
            s
            for s in current_suggester().suggest(query, 5)
            if s.score >= SUGGESTION_FLOOR and s.coverage == 1.0
        ]
        # Where the words themselves match, codes found only from HS wording or a similar
        # name merely reorder; a trade word ("iron rods") or an official's mapping counts fully.
        weak = SUGGESTIONS_BESIDE_TEXT if scores else 1.0
        _add_code_matches(
            [
                (s.code, s.score * (1.0 if s.source in ("glossary", "confirmed") else weak))
                for s in outcome.suggestions
            ],
            scores,
        )
    best = sorted(scores, key=lambda pk: (-scores[pk], pk))[:MAX_CANDIDATES]
    _prefer_offered(scores, best[:TIE_BREAK_AMONG])
    outcome.ranked = sorted(best, key=lambda pk: (-scores[pk], pk))
    return outcome


def _prefer_offered(scores: dict[int, float], ids: list[int]) -> None:
    """Between equals, categories with more exporters first."""
    if not ids:
        return
    counts = (
        Offer.objects.filter(category_id__in=ids, is_active=True)
        .values("category_id")
        .annotate(n=Count("pk"))
        .values_list("category_id", "n")
    )
    for pk, n in counts:
        scores[pk] += 0.01 * min(n, 5)


def _add_text_matches(query: str, outcome: SearchOutcome, scores: dict[int, float]) -> None:
    known, speller = _catalogue_speller()
    hs_words = current_suggester().k.vocabulary
    terms = []
    for word in words(query):
        term = stem(word)
        # A real word the catalogue lacks ("groundnut") stays as it is: no match is the answer.
        if term not in known and term not in hs_words:
            corrected = speller.correct(term)
            if corrected:
                outcome.corrections[word] = corrected
                term = corrected
        terms.append(term)
    if not terms:
        return
    engine = current_engine()
    hits = engine.match(terms, MAX_CANDIDATES)
    if not hits and len(terms) == 1:
        hits = engine.similar(words(query)[0], 50)
    heads = _named_for(terms, [pk for pk, _ in hits])
    best = max((score for _, score in hits), default=0) or 1
    for pk, score in hits:
        # A category named for the word ("Durum wheat" for wheat) before one that only
        # mentions it ("Wheat gluten").
        scores[pk] += 0.5 + 0.3 * score / best + (HEAD_MATCH if pk in heads else 0.0)


def _named_for(terms: list[str], ids: list[int]) -> set[int]:
    """Of these categories, those whose head noun is one of the terms (as a prefix, like the
    index matches it)."""
    if not ids:
        return set()

    def matches(head: str) -> bool:
        return any(head.startswith(t) if len(t) >= PREFIX_FROM else head == t for t in terms)

    rows = SearchDocument.objects.filter(category_id__in=ids).values_list("category_id", "heads")
    return {pk for pk, heads in rows if any(matches(h) for h in heads.split())}


def _add_code_matches(codes: list[tuple[str, float]], scores: dict[int, float]) -> None:
    """Categories whose codes fall under these codes (a subheading, a heading, a chapter)."""
    weights = dict(codes)
    if not weights:
        return
    under_any = Q()
    for code in weights:
        under_any |= under_code(code)
    rows = (
        CategoryCode.objects.filter(under_any)
        .order_by()
        .values_list("category_id", "hs_code_id", "is_primary")
    )
    # Few categories are unpublished; leaving them out here is cheaper than a join.
    hidden = set(ProductCategory.objects.filter(is_published=False).values_list("pk", flat=True))
    for pk, their_code, primary in rows[:MAX_CANDIDATES]:
        if pk in hidden:
            continue
        for code, weight in weights.items():
            if their_code.startswith(code):
                exact = their_code == code or (len(code) == 4 and their_code[:4] == code)
                scores[pk] += weight * (1.0 if exact else 0.8) * (1.0 if primary else 0.8)


def related_to(
    outcome: SearchOutcome, limit: int = 6
) -> tuple[Suggestion | None, list[ProductCategory]]:
    """For a query nothing matched: the closest HS heading, and categories near it."""
    if not outcome.suggestions and not outcome.code:
        outcome.suggestions = current_suggester().suggest(outcome.query, 3) if outcome.query else []
    closest = outcome.suggestions[0] if outcome.suggestions else None
    code = closest.code if closest else outcome.code
    if not code:
        return None, []
    return closest, ProductCategory.objects.published().near(code, limit)
