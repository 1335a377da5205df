"""The two full-text engines behind catalogue search, one per database.

SQLite: FTS5 (table catalogue_search). PostgreSQL: a tsvector with a GIN index (and
pg_trgm on the names), and one of the heads and names alone. They are created by
migrations 0004_full_text_index and 0008_search_name_vector (new documents enter FTS5
through add(), migration 0020); both take the same stems, so a query finds the same
documents; misspellings are read before, by the same speller on both
(catalogue.search.reading).

A search takes two statements: match() finds the best documents (ids and scores only),
read() fetches what the ranking reads of them and of the categories under the query's
codes. Each is one round trip, however many steps the match takes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Container
from typing import NamedTuple, Protocol

from django.db import connection


class Hit(NamedTuple):
    """A document the index found, and how well it matched (BM25 / ts_rank)."""

    category: int
    score: float


class Found(NamedTuple):
    """A category search considers, with what the ranking reads of it."""

    category: int
    heads: str
    names: str
    details: str
    exporters: str
    name: str  # the category's English name, as written
    names_ru: str | None  # the stems of its Russian name (None: indexed before they were)
    names_kk: str | None  # ...and of its Kazakh name
    codes: str | None  # its HS codes, space-separated, the primary marked with a leading *
    offers: int  # its active offers


class Engine(Protocol):
    def match(
        self,
        terms: list[str],
        limit: int,
        *,
        every: bool = True,
        whole: Container[str] = (),
        common: Container[str] = (),
    ) -> list[Hit]:
        """The best documents holding every term (any term, when every is False), best
        first. Terms in whole match whole words only; the others as prefixes from
        PREFIX_FROM letters. Terms in common, when any term will do, count in the heads
        and names only."""

    def read(self, categories: list[int], codes: list[str], limit: int) -> list[Found]:
        """What the ranking reads of these categories, and of up to limit others with a
        code under any of these (a subheading, a heading, a chapter); in no order."""

    def vocabulary(self) -> dict[str, int]:
        """Every stem of the documents, with the number of documents holding it."""

    def add(self, categories: list[int]) -> None:
        """Index the documents just written of these categories."""


# Terms of this many letters or more match as prefixes of words ("whea" finds wheat);
# shorter ones ("oil", "pp") only whole words.
PREFIX_FROM = 4


def _prefix(term: str, whole: Container[str]) -> bool:
    return len(term) >= PREFIX_FROM and term not in whole


def _fts_term(term: str, whole: Container[str] = ()) -> str:
    return f'"{term}"*' if _prefix(term, whole) else f'"{term}"'


def _ts_term(term: str, whole: Container[str] = ()) -> str:
    return f"{term}:*" if _prefix(term, whole) else term


def _in_steps(
    best: Callable[[bool, bool], tuple[str, str]], terms: list[str], limit: int, every: bool
) -> tuple[str, list]:
    """One statement for the best documents, looked for in steps (every term required, in
    the heads and names only, when every is True): any-word searches try every word in the
    heads and names, then any word there, then any word anywhere, and keep the first step
    that fills the limit, else the last. A document with more of the words, or with them
    in its names, would rank above the rest anyway; scoring every match of a common word
    ("oil") in a large catalogue is what takes the time, so a step runs only when those
    before it fell short.

    best(all_terms, names_only) gives a step's SELECT of (id, score), best first, ending
    in LIMIT {limit}, and its full-text expression."""
    steps = [(True, False)] if every else [(True, True), (False, True), (False, False)]
    if len(set(terms)) == 1 and not every:
        steps = steps[1:]
    ctes, kept, params, kept_params = [], [], [], []
    for n, (all_terms, names_only) in enumerate(steps):
        sql, expression = best(all_terms, names_only)
        # After a step that filled its limit, a limit of 0, which both databases test
        # before they scan (SQLite would test a condition in WHERE on every match).
        short = " AND ".join(f"(SELECT count(*) FROM step{k}) < %s" for k in range(n))
        step_limit = f"CASE WHEN {short} THEN %s ELSE 0 END" if short else "%s"
        ctes.append(f"step{n} AS MATERIALIZED ({sql.format(limit=step_limit)})")
        params += [expression, *[limit] * n, limit]
        if n < len(steps) - 1:
            kept.append(f"SELECT id, score FROM step{n} WHERE (SELECT count(*) FROM step{n}) >= %s")
            kept_params.append(limit)
        else:
            kept.append(f"SELECT id, score FROM step{n}")
    sql = f"WITH {', '.join(ctes)} {' UNION ALL '.join(kept)} ORDER BY score DESC, id"
    return sql, params + kept_params


def _hits(sql: str, params: list) -> list[Hit]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Hit(*row) for row in cursor.fetchall()]


# What the ranking reads of the categories given (a table expression of their ids) and of
# up to a limit more under the codes; {codes} aggregates a category's codes, as each
# database does it.
_READ = (
    "WITH given AS ({given}){coded}"
    " SELECT wanted.id, d.heads, d.names, d.details, d.exporters, p.name, d.names_ru, d.names_kk,"
    " (SELECT {codes} FROM catalogue_categorycode c WHERE c.category_id = wanted.id),"
    " (SELECT count(*) FROM catalogue_offer o WHERE o.category_id = wanted.id AND o.is_active)"
    " FROM (SELECT id FROM given{or_coded}) AS wanted"
    " JOIN catalogue_searchdocument d ON d.category_id = wanted.id"
    " JOIN catalogue_productcategory p ON p.id = wanted.id"
)


# A code, with a leading * when it is the category's primary one.
_MARKED = "CASE WHEN c.is_primary THEN '*' ELSE '' END || c.hs_code_id"


def _read(
    categories: list[int],
    codes: list[str],
    limit: int,
    *,
    given: tuple[str, object],
    aggregate: str,
) -> list[Found]:
    """Engine.read, in one statement. given: a table of the categories' ids and its one
    parameter; aggregate joins a category's marked codes; as each database writes them."""
    if not categories and not codes:
        return []
    coded = or_coded = ""
    params: list = []
    if codes:
        # Codes are digits: everything under "1512" sorts from "1512" to "1512:" (an index
        # range, as catalogue.models.under_code writes it).
        ranges = " OR ".join(["(c.hs_code_id >= %s AND c.hs_code_id < %s)"] * len(codes))
        not_these = ", ".join(["%s"] * len(categories))
        # Of more categories than the limit, those the database's plan finds first: no
        # order is asked for (the unused score column keeps the plans, and so the choice,
        # as they were). The query's words rank them.
        coded = (
            ", coded AS MATERIALIZED (SELECT DISTINCT c.category_id AS id, 0.0 AS score"
            f" FROM catalogue_categorycode c WHERE ({ranges})"
            + (f" AND c.category_id NOT IN ({not_these})" if categories else "")
            + " LIMIT %s)"
        )
        or_coded = " UNION ALL SELECT id FROM coded"
        params = [bound for code in codes for bound in (code, f"{code}:")] + categories + [limit]
    table, ids = given
    sql = _READ.format(given=table, coded=coded, codes=aggregate, or_coded=or_coded)
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids, *params])
        return [Found(*row) for row in cursor.fetchall()]


class SQLiteEngine:
    def match(
        self,
        terms: list[str],
        limit: int,
        *,
        every: bool = True,
        whole: Container[str] = (),
        common: Container[str] = (),
    ) -> list[Hit]:
        if not terms:
            return []
        distinct = list(dict.fromkeys(terms))

        def term(t: str, all_terms: bool) -> str:
            found = _fts_term(t, whole)
            return found if all_terms or t not in common else f"{{heads names}} : {found}"

        def best(all_terms: bool, names_only: bool) -> tuple[str, str]:
            expression = (" AND " if all_terms else " OR ").join(
                term(t, all_terms) for t in distinct
            )
            if names_only:
                expression = f"{{heads names}} : ({expression})"
            sql = (
                "SELECT rowid AS id, -bm25(catalogue_search, 20.0, 10.0, 2.0, 1.0) AS score"
                " FROM catalogue_search WHERE catalogue_search MATCH %s"
                " ORDER BY score DESC LIMIT {limit}"
            )
            return sql, expression

        return _hits(*_in_steps(best, distinct, limit, every))

    def read(self, categories: list[int], codes: list[str], limit: int) -> list[Found]:
        given = ("SELECT value AS id FROM json_each(%s)", json.dumps(categories))
        aggregate = f"group_concat({_MARKED}, ' ')"
        return _read(categories, codes, limit, given=given, aggregate=aggregate)

    def vocabulary(self) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT term, doc FROM catalogue_search_vocabulary")
            return dict(cursor.fetchall())

    def add(self, categories: list[int]) -> None:
        # One statement for them all: a trigger a row takes three times as long
        # (migration 0020).
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO catalogue_search(rowid, heads, names, details, exporters)"
                " SELECT category_id, heads, names, details, exporters"
                " FROM catalogue_searchdocument"
                " WHERE category_id IN (SELECT value FROM json_each(%s))",
                [json.dumps(categories)],
            )


class PostgresEngine:
    def match(
        self,
        terms: list[str],
        limit: int,
        *,
        every: bool = True,
        whole: Container[str] = (),
        common: Container[str] = (),
    ) -> list[Hit]:
        if not terms:
            return []
        distinct = list(dict.fromkeys(terms))

        def term(t: str, all_terms: bool) -> str:
            # Weights A and B are the heads and names (migration 0004): "frozen:AB",
            # "frozen:*AB".
            found = _ts_term(t, whole)
            if all_terms or t not in common:
                return found
            return f"{found}AB" if found.endswith(":*") else f"{found}:AB"

        def best(all_terms: bool, names_only: bool) -> tuple[str, str]:
            expression = (" & " if all_terms else " | ").join(term(t, all_terms) for t in distinct)
            # The heads and names alone have a vector of their own (migration 0008).
            vector = "name_vector" if names_only else "vector"
            sql = (
                f"SELECT category_id AS id, ts_rank({vector}, query, 1) AS score"
                " FROM catalogue_searchdocument, to_tsquery('simple', %s) AS query"
                f" WHERE {vector} @@ query ORDER BY score DESC LIMIT {{limit}}"
            )
            return sql, expression

        return _hits(*_in_steps(best, distinct, limit, every))

    def read(self, categories: list[int], codes: list[str], limit: int) -> list[Found]:
        given = ("SELECT unnest(%s::bigint[]) AS id", categories)
        aggregate = f"string_agg({_MARKED}, ' ')"
        return _read(categories, codes, limit, given=given, aggregate=aggregate)

    def vocabulary(self) -> dict[str, int]:
        # Every column, as FTS5's vocabulary table has them: a region ("Kostanay") is a
        # known word on both databases.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, ndoc FROM ts_stat('SELECT vector FROM catalogue_searchdocument')"
            )
            return dict(cursor.fetchall())

    def add(self, categories: list[int]) -> None:
        pass  # the vectors are generated columns, indexed as rows are written


def current_engine() -> Engine:
    return PostgresEngine() if connection.vendor == "postgresql" else SQLiteEngine()
