"""The two full-text engines behind catalogue search, one per database.

SQLite: FTS5 (table catalogue_search). PostgreSQL: a tsvector with a GIN index, and
pg_trgm on the names for misspelt words. Both are created by migration
0004_full_text_index; both take the same stems, so a query finds the same documents.
"""

from __future__ import annotations

from typing import Protocol

from django.db import connection


class Engine(Protocol):
    def match(self, terms: list[str], limit: int) -> list[tuple[int, float]]:
        """(category id, score) of the documents holding every term, best first."""

    def vocabulary(self) -> list[str]:
        """Every stem of the catalogue's names."""

    def similar(self, word: str, limit: int) -> list[tuple[int, float]]:
        """(category id, score) of the documents whose names hold a word like this one."""


# Terms of this many letters or more match as prefixes of words ("whea" finds wheat);
# shorter ones ("oil", "pp") only whole words.
PREFIX_FROM = 4


def _fts_term(term: str) -> str:
    return f'"{term}"*' if len(term) >= PREFIX_FROM else f'"{term}"'


def _ts_term(term: str) -> str:
    return f"{term}:*" if len(term) >= PREFIX_FROM else term


class SQLiteEngine:
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


class PostgresEngine:
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


def current_engine() -> Engine:
    return PostgresEngine() if connection.vendor == "postgresql" else SQLiteEngine()
