"""The two full-text engines behind catalogue search, one per database.

SQLite: FTS5 (table catalogue_search). PostgreSQL: a tsvector with a GIN index (and
pg_trgm on the names), and one of the heads and names alone. They are created by
migrations 0004_full_text_index and 0008_search_name_vector; both take the same stems, so
a query finds the same documents; misspellings are read before, by the same speller on
both (catalogue.search.reading).
"""

from __future__ import annotations

from collections.abc import Callable, Container
from typing import NamedTuple, Protocol

from django.db import connection


class Hit(NamedTuple):
    """A document the index found, with what the ranking reads of its category."""

    category: int
    score: float
    heads: str
    names: str
    details: str
    exporters: str
    name: str  # the category's English name, as written
    primary: str | None  # its primary HS code
    codes: str | None  # all its HS codes, space-separated
    offers: int  # its active offers


class Engine(Protocol):
    def match(
        self, terms: list[str], limit: int, *, every: bool = True, whole: Container[str] = ()
    ) -> list[Hit]:
        """The best documents holding every term (any term, when every is False), best
        first. Terms in whole match whole words only; the others as prefixes from
        PREFIX_FROM letters."""

    def under(self, codes: list[str], besides: list[int], limit: int) -> list[Hit]:
        """The documents (score 0) of up to limit categories with a code under any of these
        (a subheading, a heading, a chapter), other than those given."""

    def vocabulary(self) -> dict[str, int]:
        """Every stem of the documents, with the number of documents holding it."""


# Terms of this many letters or more match as prefixes of words ("whea" finds wheat);
# shorter ones ("oil", "pp") only whole words.
PREFIX_FROM = 4


def _prefix(term: str, whole: Container[str]) -> bool:
    return len(term) >= PREFIX_FROM and term not in whole


def _fts_term(term: str, whole: Container[str] = ()) -> str:
    return f'"{term}"*' if _prefix(term, whole) else f'"{term}"'


def _ts_term(term: str, whole: Container[str] = ()) -> str:
    return f"{term}:*" if _prefix(term, whole) else term


# The best documents, then what the ranking reads of each: only of the few hundred kept,
# not of every match. {codes} aggregates a category's codes, as each database does it.
_WITH_TEXT = (
    "WITH hits AS MATERIALIZED ({best})"
    " SELECT hits.id, hits.score, d.heads, d.names, d.details, d.exporters, p.name,"
    " (SELECT c.hs_code_id FROM catalogue_categorycode c"
    "  WHERE c.category_id = hits.id AND c.is_primary),"
    " (SELECT {codes} FROM catalogue_categorycode c WHERE c.category_id = hits.id),"
    " (SELECT count(*) FROM catalogue_offer o WHERE o.category_id = hits.id AND o.is_active)"
    " FROM hits JOIN catalogue_searchdocument d ON d.category_id = hits.id"
    " JOIN catalogue_productcategory p ON p.id = hits.id"
    " ORDER BY hits.score DESC, hits.id"
)


def _under(codes: list[str], besides: list[int], limit: int, aggregate: str) -> list[Hit]:
    if not codes:
        return []
    # Codes are digits: everything under "1512" sorts from "1512" to "1512:" (an index
    # range, as catalogue.models.under_code writes it).
    ranges = " OR ".join(["(c.hs_code_id >= %s AND c.hs_code_id < %s)"] * len(codes))
    not_these = f" AND c.category_id NOT IN ({', '.join(['%s'] * len(besides))})" if besides else ""
    best = (
        "SELECT DISTINCT c.category_id AS id, 0.0 AS score FROM catalogue_categorycode c"
        f" WHERE ({ranges}){not_these} LIMIT %s"
    )
    params = [bound for code in codes for bound in (code, f"{code}:")] + besides + [limit]
    with connection.cursor() as cursor:
        cursor.execute(_WITH_TEXT.format(best=best, codes=aggregate), params)
        return [Hit(*row) for row in cursor.fetchall()]


_SQLITE_CODES = "group_concat(c.hs_code_id, ' ')"
_POSTGRES_CODES = "string_agg(c.hs_code_id, ' ')"


def _in_steps(
    run: Callable[[bool, bool], list[tuple]], terms: list[str], limit: int, every: bool
) -> list[Hit]:
    """The best documents for the terms, looked for in steps, each (every term required,
    in the heads and names only): any-word searches try every word in the heads and names,
    then any word there, then any word anywhere, and stop at the first step that fills
    the limit. A document with more of the words, or with them in its names, would rank
    above the rest anyway; scoring every match of a common word ("oil") in a large
    catalogue is what takes the time."""
    steps = [(True, False)] if every else [(True, True), (False, True), (False, False)]
    if len(set(terms)) == 1 and not every:
        steps = steps[1:]
    rows: list[tuple] = []
    for all_terms, names_only in steps:
        rows = run(all_terms, names_only)
        if len(rows) >= limit:
            break
    return [Hit(*row) for row in rows]


class SQLiteEngine:
    def match(
        self, terms: list[str], limit: int, *, every: bool = True, whole: Container[str] = ()
    ) -> list[Hit]:
        if not terms:
            return []
        distinct = list(dict.fromkeys(terms))
        sql = _WITH_TEXT.format(
            best="SELECT rowid AS id, -bm25(catalogue_search, 20.0, 10.0, 2.0, 1.0) AS score"
            " FROM catalogue_search WHERE catalogue_search MATCH %s"
            " ORDER BY score DESC LIMIT %s",
            codes=_SQLITE_CODES,
        )

        def run(all_terms: bool, names_only: bool) -> list[tuple]:
            expression = (" AND " if all_terms else " OR ").join(
                _fts_term(t, whole) for t in distinct
            )
            if names_only:
                expression = f"{{heads names}} : ({expression})"
            with connection.cursor() as cursor:
                cursor.execute(sql, [expression, limit])
                return cursor.fetchall()

        return _in_steps(run, distinct, limit, every)

    def under(self, codes: list[str], besides: list[int], limit: int) -> list[Hit]:
        return _under(codes, besides, limit, _SQLITE_CODES)

    def vocabulary(self) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT term, doc FROM catalogue_search_vocabulary")
            return dict(cursor.fetchall())


class PostgresEngine:
    def match(
        self, terms: list[str], limit: int, *, every: bool = True, whole: Container[str] = ()
    ) -> list[Hit]:
        if not terms:
            return []
        distinct = list(dict.fromkeys(terms))
        best = (
            "SELECT category_id AS id, ts_rank({vector}, query, 1) AS score"
            " FROM catalogue_searchdocument, to_tsquery('simple', %s) AS query"
            " WHERE {vector} @@ query ORDER BY score DESC LIMIT %s"
        )

        def run(all_terms: bool, names_only: bool) -> list[tuple]:
            expression = (" & " if all_terms else " | ").join(_ts_term(t, whole) for t in distinct)
            # The heads and names alone have a vector of their own (migration 0008).
            vector = "name_vector" if names_only else "vector"
            sql = _WITH_TEXT.format(best=best.format(vector=vector), codes=_POSTGRES_CODES)
            with connection.cursor() as cursor:
                cursor.execute(sql, [expression, limit])
                return cursor.fetchall()

        return _in_steps(run, distinct, limit, every)

    def under(self, codes: list[str], besides: list[int], limit: int) -> list[Hit]:
        return _under(codes, besides, limit, _POSTGRES_CODES)

    def vocabulary(self) -> dict[str, int]:
        # Every column, as FTS5's vocabulary table has them: a region ("Kostanay") is a
        # known word on both databases.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, ndoc FROM ts_stat('SELECT vector FROM catalogue_searchdocument')"
            )
            return dict(cursor.fetchall())


def current_engine() -> Engine:
    return PostgresEngine() if connection.vendor == "postgresql" else SQLiteEngine()
