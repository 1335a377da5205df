"""Accuracy and speed of the HS suggester.

    python bench/hs_suggest_eval.py [--show-misses]
    DATABASE_URL=postgres://... python bench/hs_suggest_eval.py

Accuracy on tests/data/hs_eval.csv: top-1 and top-3 at HS4 and HS6, by
language and split. The held-out split was written apart from the glossary;
tune on dev only (--show-misses lists dev rows only). Two configurations: the
bundled knowledge alone (HS 2022 descriptions and the glossary), and with the
demo catalogue's product names as confirmed mappings, as a live catalogue
has them.

Speed: every query of the set through the app's suggestion service (the
suggester with the confirmed mappings read from the database, checking the
cache for new confirmations on each call), against a trivial baseline (one
cache read) in the same run; p50 and p95.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import percentile, setup_django  # noqa: E402
from catalogue.suggest.evaluation import METRICS, evaluate, read_eval  # noqa: E402

EVAL_FILE = ROOT / "tests" / "data" / "hs_eval.csv"
DEMO_FILE = ROOT / "catalogue" / "data" / "demo-catalogue.xlsx"


def print_table(title: str, results) -> None:
    print(f"\n{title}")
    print(f"{'lang':4} {'split':8} {'n':>4} " + " ".join(f"{m:>9}" for m in METRICS))
    for (lang, split), t in sorted(results.items()):
        figures = " ".join(f"{t[m]:9.1%}" for m in METRICS)
        print(f"{lang:4} {split:8} {int(t['n']):4d} {figures}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show-misses", action="store_true", help="dev rows missed (top-1 HS6)")
    args = parser.parse_args()
    setup_django()
    from django.core.cache import cache
    from django.core.management import call_command

    from catalogue.suggest.engine import Suggester
    from catalogue.suggest.knowledge import bundled_knowledge
    from catalogue.suggest.service import confirmed_mappings, suggest_hs

    call_command("import_catalogue", str(DEMO_FILE), stdout=io.StringIO())
    rows = read_eval(EVAL_FILE)
    knowledge = bundled_knowledge()
    bare = Suggester(knowledge)
    print_table("HS 2022 descriptions + glossary", evaluate(bare, rows))
    with_catalogue = Suggester(knowledge, confirmed_mappings())
    print_table(
        "... + the demo catalogue's names as confirmed mappings", evaluate(with_catalogue, rows)
    )

    suggest_hs("warm-up")
    timings, baseline = [], []
    for _ in range(3):
        for row in rows:
            started = time.perf_counter()
            cache.get("hs-suggest:version")
            baseline.append(time.perf_counter() - started)
            started = time.perf_counter()
            suggest_hs(row["query"], 5)
            timings.append(time.perf_counter() - started)
    from django.db import connection

    p50, p95 = percentile(timings, 0.5) * 1000, percentile(timings, 0.95) * 1000
    b95 = percentile(baseline, 0.95) * 1000
    print(f"\nspeed on {connection.vendor}, {len(timings)} calls:")
    print(f"  p50 {p50:.2f} ms, p95 {p95:.2f} ms, max {max(timings) * 1000:.1f} ms")
    print(f"  baseline (one cache read) p95 {b95:.3f} ms")
    if args.show_misses:
        for row in rows:
            got = bare.suggest(row["query"], 3)
            if row["split"] == "dev" and [s.code for s in got[:1]] != [row["hs6"]]:
                codes = [s.code for s in got]
                print(f"{row['lang']} {row['query']!r:35} want {row['hs6']} got {codes}")


if __name__ == "__main__":
    main()
