"""Measure catalogue search against a labelled set of buyers' queries.

The set is tests/data/search_relevance.csv, one query a row:
query, lang (en/ru), kind, expected, split (dev/heldout), note.

``expected`` lists what the buyer means, alternatives separated by " | ". Each
alternative is either
- the exact English name of a category of the demo catalogue, or
- ``hs:<digits>``: any category whose primary HS code starts with those digits
  ("hs:72" is any category of chapter 72, "hs:721420" any category coded 7214.20).
An EMPTY expected means the catalogue does not offer the product: the right answer
is an empty result ("not offered").

``split`` follows a fixed rule, never a hand choice: ``split_for(query)``. The rule
looks at the query alone, so adding rows never moves an existing row between splits.
Tune on dev only; never print or read the misses of heldout.

Figures, per (split, kind) and per (split, "all"):
- hit@1, hit@5: share of the rows with an expected category whose first acceptable
  category is ranked first / within the first five;
- MRR: mean reciprocal rank of the first acceptable category, 0 beyond the top 20;
- false not offered: rows with an expected category for which search found nothing;
- false offer: rows with an empty expected for which search found something.
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from catalogue.models import CategoryCode, ProductCategory
from catalogue.search import search

SPLITS = ("dev", "heldout")
KINDS = (
    "plain",
    "trade",
    "russian",
    "typo",
    "size",
    "quantity",
    "purpose",
    "code",
    "absent",
    "mixed",
)
ALTERNATIVES = " | "
HS_PREFIX = "hs:"
RANKS_COUNTED = 20


def split_for(query: str) -> str:
    """The split of a query: held out when the SHA-1 of its casefolded words is divisible
    by 3 (about a third). Also the rule for rows added to tests/data/hs_eval.csv."""
    key = " ".join(query.casefold().split()).encode("utf-8")
    return "heldout" if int(hashlib.sha1(key).hexdigest(), 16) % 3 == 0 else "dev"


@dataclass(frozen=True)
class RelevanceRow:
    query: str
    lang: str
    kind: str
    expected: tuple[str, ...]
    split: str
    note: str = ""

    @property
    def offered(self) -> bool:
        return bool(self.expected)


@dataclass(frozen=True)
class Category:
    pk: int
    name: str
    primary_code: str


def read_relevance(path: Path) -> list[RelevanceRow]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            RelevanceRow(
                query=row["query"],
                lang=row["lang"],
                kind=row["kind"],
                expected=tuple(a.strip() for a in row["expected"].split("|") if a.strip()),
                split=row["split"],
                note=row["note"],
            )
            for row in csv.DictReader(f)
        ]


def unknown_names(rows: Iterable[RelevanceRow], categories: Iterable[Category]) -> list[str]:
    """Expected names that are no category's name, and hs: alternatives with no category."""
    categories = list(categories)
    names = {c.name for c in categories}
    missing = []
    for row in rows:
        for alternative in row.expected:
            if alternative.startswith(HS_PREFIX):
                prefix = alternative.removeprefix(HS_PREFIX)
                if not prefix.isdigit() or not any(
                    c.primary_code.startswith(prefix) for c in categories
                ):
                    missing.append(f"{row.query!r}: {alternative}")
            elif alternative not in names:
                missing.append(f"{row.query!r}: {alternative}")
    return missing


def acceptable(row: RelevanceRow, categories: Iterable[Category]) -> set[int]:
    """The ids of the categories that answer the row."""
    wanted = set(row.expected)
    prefixes = tuple(a.removeprefix(HS_PREFIX) for a in wanted if a.startswith(HS_PREFIX))
    return {
        c.pk
        for c in categories
        if c.name in wanted or (prefixes and c.primary_code.startswith(prefixes))
    }


@dataclass(frozen=True)
class Judgement:
    row: RelevanceRow
    ranked: tuple[int, ...]
    rank: int | None  # of the first acceptable category, 1-based, within RANKS_COUNTED

    def hit(self, within: int) -> bool:
        return self.rank is not None and self.rank <= within

    @property
    def reciprocal_rank(self) -> float:
        return 1 / self.rank if self.rank else 0.0

    @property
    def false_not_offered(self) -> bool:
        return self.row.offered and not self.ranked

    @property
    def false_offer(self) -> bool:
        return not self.row.offered and bool(self.ranked)


def judge(row: RelevanceRow, ranked: Iterable[int], categories: Iterable[Category]) -> Judgement:
    ranked = tuple(ranked)
    accepted = acceptable(row, categories)
    rank = next((i for i, pk in enumerate(ranked[:RANKS_COUNTED], start=1) if pk in accepted), None)
    return Judgement(row, ranked, rank)


@dataclass
class Figures:
    offered: int = 0  # rows with an expected category
    hit1: int = 0
    hit5: int = 0
    reciprocal_ranks: float = 0.0
    false_not_offered: int = 0
    absent: int = 0  # rows with an empty expected
    false_offer: int = 0

    def add(self, judgement: Judgement) -> None:
        if judgement.row.offered:
            self.offered += 1
            self.hit1 += judgement.hit(1)
            self.hit5 += judgement.hit(5)
            self.reciprocal_ranks += judgement.reciprocal_rank
            self.false_not_offered += judgement.false_not_offered
        else:
            self.absent += 1
            self.false_offer += judgement.false_offer

    def share(self, count: float) -> float | None:
        return count / self.offered if self.offered else None

    @property
    def mrr(self) -> float | None:
        return self.share(self.reciprocal_ranks)


def summarise(judgements: Iterable[Judgement]) -> dict[tuple[str, str], Figures]:
    """Figures per (split, kind) and per (split, "all")."""
    figures: dict[tuple[str, str], Figures] = defaultdict(Figures)
    for judgement in judgements:
        for kind in (judgement.row.kind, "all"):
            figures[(judgement.row.split, kind)].add(judgement)
    return dict(figures)


def ranked_by_search(query: str) -> list[int]:
    return search(query).ranked


def evaluate(
    rows: Iterable[RelevanceRow],
    categories: Iterable[Category],
    ranked_for: Callable[[str], Iterable[int]] = ranked_by_search,
) -> list[Judgement]:
    """Judge every row on the categories ranked for its query (by the app's search)."""
    categories = list(categories)
    return [judge(row, ranked_for(row.query), categories) for row in rows]


def catalogue_categories() -> list[Category]:
    """Every category of the database, with its primary HS code ("" when it has none)."""
    primary = dict(
        CategoryCode.objects.filter(is_primary=True).values_list("category_id", "hs_code_id")
    )
    return [
        Category(pk, name, primary.get(pk, ""))
        for pk, name in ProductCategory.objects.values_list("pk", "name")
    ]
