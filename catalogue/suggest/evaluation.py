"""Measure the suggester against a labelled set of queries. Pure."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from catalogue.suggest.engine import Suggester

METRICS = ("top1_hs6", "top3_hs6", "top1_hs4", "top3_hs4")


def read_eval(path: Path) -> list[dict]:
    """Rows of query, lang (en/ru), hs6, split (dev/heldout)."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def evaluate(suggester: Suggester, rows: list[dict]) -> dict[tuple[str, str], dict[str, float]]:
    """Share of rows right per (lang, split) and (lang, 'all'), for each metric; 'n' counts rows."""
    tallies: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        codes = [s.code for s in suggester.suggest(row["query"], 3) if s.level == 6]
        truth = row["hs6"]
        hits = {
            "top1_hs6": codes[:1] == [truth],
            "top3_hs6": truth in codes,
            "top1_hs4": [c[:4] for c in codes[:1]] == [truth[:4]],
            "top3_hs4": truth[:4] in {c[:4] for c in codes},
        }
        for key in ((row["lang"], row["split"]), (row["lang"], "all")):
            tallies[key]["n"] += 1
            for metric, hit in hits.items():
                tallies[key][metric] += hit
    return {
        key: {m: (v if m == "n" else v / t["n"]) for m, v in t.items()}
        for key, t in tallies.items()
    }
