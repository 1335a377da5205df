"""Relevance of catalogue search on buyers' queries.

    python bench/search_relevance_eval.py [--no-misses]
    DATABASE_URL=postgres://... python bench/search_relevance_eval.py

Loads HS 2022 and the demo catalogue into a scratch database and runs every query of
tests/data/search_relevance.csv through the app's search. Prints hit@1, hit@5, MRR,
"false not offered" and "false offer" per split and kind (the set and the figures are
described in catalogue/search/evaluation.py), then the misses of the dev split. The
misses of the held-out split are never printed: nobody may tune on them.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import setup_django  # noqa: E402

RELEVANCE_FILE = ROOT / "tests" / "data" / "search_relevance.csv"
DEMO_FILE = ROOT / "catalogue" / "data" / "demo-catalogue.xlsx"
MISSES_SHOWN = 3


def share(value: float | None) -> str:
    return f"{'-':>6}" if value is None else f"{value:6.1%}"


def print_table(figures) -> None:
    from catalogue.search.evaluation import KINDS, SPLITS

    print(
        f"{'split':8} {'kind':9} {'n':>4} {'hit@1':>6} {'hit@5':>6} {'MRR':>6} "
        f"{'false-not-offered':>17} {'absent':>6} {'false-offer':>11}"
    )
    for split in SPLITS:
        for kind in (*KINDS, "all"):
            f = figures.get((split, kind))
            if f is None:
                continue
            print(
                f"{split:8} {kind:9} {f.offered:4d} {share(f.share(f.hit1))} "
                f"{share(f.share(f.hit5))} {share(f.mrr)} {f.false_not_offered:17d} "
                f"{f.absent:6d} {f.false_offer:11d}"
            )
        print()


def print_dev_misses(judgements, names: dict[int, str]) -> None:
    print("dev misses (not first, or a false offer):")
    for j in judgements:
        if j.row.split != "dev" or (j.hit(1) if j.row.offered else not j.false_offer):
            continue
        got = [names[pk] for pk in j.ranked[:MISSES_SHOWN]] or ["(nothing)"]
        want = " | ".join(j.row.expected) or "(nothing)"
        rank = j.rank or "-"
        print(f"  {j.row.kind:8} {j.row.query!r:45} rank {rank!s:>2}  want {want}")
        print(f"  {'':8} {'':45}          got  {' ; '.join(got)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-misses", action="store_true", help="the table only")
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command

    from catalogue.search.evaluation import (
        catalogue_categories,
        evaluate,
        read_relevance,
        summarise,
        unknown_names,
    )

    call_command("import_catalogue", str(DEMO_FILE), stdout=io.StringIO())
    rows = read_relevance(RELEVANCE_FILE)
    categories = catalogue_categories()
    unknown = unknown_names(rows, categories)
    if unknown:
        raise SystemExit(
            "Expected categories missing from the demo catalogue:\n" + "\n".join(unknown)
        )
    judgements = evaluate(rows, categories)
    print(f"search relevance on {len(rows)} queries\n")
    print_table(summarise(judgements))
    if not args.no_misses:
        print_dev_misses(judgements, {c.pk: c.name for c in categories})


if __name__ == "__main__":
    main()
