"""Catalogue search: one interface, two engines.

SQLite: FTS5 (table catalogue_search). PostgreSQL: a tsvector with a GIN index,
and pg_trgm on the names for misspelt words. Documents and queries are turned
into stems by the same Python code (the HS suggester's stemmer), so a query
matches the same documents on both engines.

A query finds categories three ways, and their scores add up:
- its words, in the full-text index (every word must be there, each as a prefix);
- the HS codes the suggester proposes for it, so trade words and synonyms
  ("AGO", "iron rods", "cooking oil") reach categories whose names say otherwise;
- typed codes (1512, 7214.20, 2710.19.00, a TN VED or ECOWAS code), by HS prefix.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.utils import translation

from catalogue.choices import KazakhRegion
from catalogue.hscodes import code_prefix
from catalogue.lib.bulk_insert import insert_rows
from catalogue.lib.process_cache import Versioned, bump_version
from catalogue.models import CategoryCode, Offer, ProductCategory, SearchDocument, under_code
from catalogue.suggest.engine import Suggestion
from catalogue.suggest.service import current_suggester
from catalogue.suggest.text import Speller, stem, stems, words

VERSION_KEY = "search:version"
MAX_CANDIDATES = 500
MAX_QUERY = 200
SUGGESTION_FLOOR = 0.35
SUGGESTIONS_BESIDE_TEXT = 0.25
HEAD_MATCH = 0.3
TIE_BREAK_AMONG = 200


def _stem_text(*texts: str) -> str:
    return " ".join(_stems_of(t) for t in texts if t)


@lru_cache(maxsize=20_000)
def _stems_of(text: str) -> str:
    """HS descriptions, exporter names and regions recur across many categories: each is
    stemmed once."""
    return " ".join(stems(text))


_BEFORE_QUALIFIERS = re.compile(r"^[^,(;]*")


def head_words(name: str, name_ru: str) -> list[str]:
    """The nouns the names are about: the last word of an English noun phrase ("Durum
    wheat"), the first of a Russian one ("Пшеница твёрдая"). Qualifiers after a comma or
    bracket, grades and abbreviations ("CEM I 42.5", "AI-95") do not count."""
    heads = []
    for text, position in ((name, -1), (name_ru, 0)):
        candidates = [
            w
            for w in re.findall(r"[^\W\d_]+", _BEFORE_QUALIFIERS.match(text or "").group(0))
            if len(w) >= 3 and not w.isupper()
        ]
        found = [w for w in words(" ".join(candidates))]
        if found:
            heads.append(found[position])
    return heads


CHUNK = 5000


def _region_names() -> dict[str, str]:
    """Each region by its names in every language of the site, so either finds it."""
    names: dict[str, list[str]] = defaultdict(list)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in KazakhRegion.choices:
                names[code].append(str(label))
    return {code: " ".join(dict.fromkeys(labels)) for code, labels in names.items()}


def _rows_among(queryset, field: str, ids: set[int]):
    """The rows of a values_list queryset, led by `field`, whose first value is in ids.

    Many ids (an import): one pass over the table beats thousands of parameters, and does
    not rely on the statistics of rows written a moment ago."""
    if len(ids) <= CHUNK:
        return queryset.filter(**{f"{field}__in": ids})
    return (row for row in queryset.iterator(chunk_size=CHUNK) if row[0] in ids)


def documents(category_ids: Iterable[int]) -> list[tuple[int, str, str, str, str]]:
    """(category id, heads, names, details, exporters), as stems, for the categories given.

    Unpublished categories get no document: search never finds them.
    """
    ids = set(category_ids)
    rows_of = partial(_rows_among, ids=ids)
    details: dict[int, list[str]] = defaultdict(list)
    codes = CategoryCode.objects.values_list(
        "category_id", "hs_code__description", "hs_code__parent__description"
    )
    for category_id, description, heading in rows_of(codes, "category_id"):
        details[category_id] += [description, heading or ""]
    exporters: dict[int, list[str]] = defaultdict(list)
    regions = _region_names()
    offers = Offer.objects.filter(is_active=True, exporter__is_active=True).values_list(
        "category_id", "exporter__name", "exporter__region"
    )
    for category_id, name, region in rows_of(offers, "category_id"):
        exporters[category_id] += [name, regions.get(region, "")]
    categories = ProductCategory.objects.published().values_list(
        "pk", "name", "name_ru", "description"
    )
    return [
        (
            pk,
            _stem_text(*head_words(name, name_ru)),
            _stem_text(name, name_ru),
            _stem_text(description, *details[pk]),
            _stem_text(*exporters[pk]),
        )
        for pk, name, name_ru, description in rows_of(categories, "pk")
    ]


def reindex(category_ids: Iterable[int] | None = None) -> int:
    """Rebuild the search documents of these categories (all when None); returns how many."""
    if category_ids is None:
        ids = list(ProductCategory.objects.values_list("pk", flat=True))
    else:
        ids = list(set(category_ids))
    existing = SearchDocument.objects.values_list("category_id")
    stale = [pk for (pk,) in _rows_among(existing, "category_id", set(ids))]
    for start in range(0, len(stale), CHUNK):
        SearchDocument.objects.filter(category_id__in=stale[start : start + CHUNK]).delete()
    rows = documents(ids)
    fields = ["category", "heads", "names", "details", "exporters"]
    for start in range(0, len(rows), CHUNK):
        insert_rows(SearchDocument, fields, rows[start : start + CHUNK])
    bump_version(VERSION_KEY)
    return len(ids)


def categories_of_exporters(exporter_ids: Iterable[int]) -> list[int]:
    return list(
        Offer.objects.filter(exporter_id__in=list(exporter_ids)).values_list(
            "category_id", flat=True
        )
    )


def _fts_term(term: str) -> str:
    return f'"{term}"*' if len(term) >= 4 else f'"{term}"'


def _ts_term(term: str) -> str:
    return f"{term}:*" if len(term) >= 4 else term


class _SQLiteEngine:
    def match(self, terms: list[str], limit: int) -> list[tuple[int, float]]:
        expression = " AND ".join(_fts_term(t) for t in terms)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, -bm25(catalogue_search, 20.0, 10.0, 2.0, 1.0) AS score"
                " FROM catalogue_search WHERE catalogue_search MATCH %s"
                " ORDER BY score DESC LIMIT %s",
                [expression, limit],
            )
            return cursor.fetchall()

    def vocabulary(self) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT term FROM catalogue_search_vocabulary")
            return [term for (term,) in cursor.fetchall()]

    def similar(self, word: str, limit: int) -> list[tuple[int, float]]:
        return []


class _PostgresEngine:
    def match(self, terms: list[str], limit: int) -> list[tuple[int, float]]:
        expression = " & ".join(_ts_term(t) for t in terms)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT category_id, ts_rank(vector, query, 1) AS score"
                " FROM catalogue_searchdocument, to_tsquery('simple', %s) AS query"
                " WHERE vector @@ query ORDER BY score DESC LIMIT %s",
                [expression, limit],
            )
            return cursor.fetchall()

    def vocabulary(self) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM ts_stat('SELECT to_tsvector(''simple'', names)"
                " FROM catalogue_searchdocument')"
            )
            return [word for (word,) in cursor.fetchall()]

    def similar(self, word: str, limit: int) -> list[tuple[int, float]]:
        """Documents whose names hold a word like this one, by trigram similarity."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT category_id, word_similarity(%s, names) AS score"
                " FROM catalogue_searchdocument WHERE %s <%% names ORDER BY score DESC LIMIT %s",
                [word, word, limit],
            )
            return cursor.fetchall()


def _engine():
    return _PostgresEngine() if connection.vendor == "postgresql" else _SQLiteEngine()


def _build_speller() -> tuple[frozenset[str], Speller]:
    known = frozenset(_engine().vocabulary())
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
    engine = _engine()
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
        return any(head.startswith(t) if len(t) >= 4 else head == t for t in terms)

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
