"""Accuracy of the HS suggester on the evaluation set in tests/data/hs_eval.csv.

    python bench/hs_suggest_eval.py [--show-misses dev]

Prints top-1 and top-3 accuracy at HS4 and HS6, by language and split. The
held-out split was written apart from the glossary; tune on dev only. Two
runs: the bundled knowledge alone (HS 2022 descriptions and the glossary), and
with the demo catalogue's product names as confirmed mappings, as a live
catalogue would have them.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EVAL_FILE = ROOT / "tests" / "data" / "hs_eval.csv"
DEMO_FILE = ROOT / "catalogue" / "data" / "demo-catalogue.xlsx"


def read_eval(path: Path = EVAL_FILE) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def demo_mappings():
    """Product names and codes of the demo catalogue, read with the importer's pure parts."""
    from catalogue.hs_data import HS_DATA_DIR, read_codes
    from catalogue.importing.headers import find_header
    from catalogue.importing.report import FileReport
    from catalogue.importing.rows import parse_rows, report_layout, resolve_name_columns
    from catalogue.importing.sources import read_workbook
    from catalogue.suggest.engine import Confirmed

    known = {c.code: 0 for c in read_codes(HS_DATA_DIR / "harmonized-system.csv")}
    mappings = set()
    for sheet in read_workbook(DEMO_FILE.read_bytes()).sheets:
        layout = find_header(sheet.rows)
        if layout is None:
            continue
        report = FileReport(DEMO_FILE.name)
        resolve_name_columns(sheet, layout, report)
        report_layout(sheet, layout, report)
        for record in parse_rows(sheet, layout, report, known):
            if record.code:
                mappings.add(Confirmed(record.name, record.code))
                if record.name_ru:
                    mappings.add(Confirmed(record.name_ru, record.code))
    return sorted(mappings, key=lambda m: (m.code, m.text))


def evaluate(suggester, rows: list[dict]) -> dict[tuple[str, str], dict[str, float]]:
    """Accuracy per (lang, split): top1/top3 at HS6 and HS4, and the rows missed at top-3 HS4."""
    tallies: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        codes = [s.code for s in suggester.suggest(row["query"], 3) if len(s.code) == 6]
        truth = row["hs6"]
        for key in ((row["lang"], row["split"]), (row["lang"], "all")):
            t = tallies[key]
            t["n"] += 1
            t["top1_hs6"] += bool(codes[:1]) and codes[0] == truth
            t["top3_hs6"] += truth in codes
            t["top1_hs4"] += bool(codes[:1]) and codes[0][:4] == truth[:4]
            t["top3_hs4"] += truth[:4] in {c[:4] for c in codes}
    return {
        k: {m: (v / t["n"] if m != "n" else v) for m, v in t.items()} for k, t in tallies.items()
    }


def print_table(title: str, results) -> None:
    print(f"\n{title}")
    print(
        f"{'lang':4} {'split':8} {'n':>4} {'top1 HS6':>9} {'top3 HS6':>9} {'top1 HS4':>9} {'top3 HS4':>9}"
    )
    for (lang, split), t in sorted(results.items()):
        print(
            f"{lang:4} {split:8} {int(t['n']):4d} {t['top1_hs6']:9.1%} {t['top3_hs6']:9.1%} "
            f"{t['top1_hs4']:9.1%} {t['top3_hs4']:9.1%}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--show-misses", choices=["dev"], help="list the dev rows missed at top-3 HS4"
    )
    args = parser.parse_args()
    from catalogue.suggest.engine import Suggester
    from catalogue.suggest.knowledge import bundled_knowledge

    rows = read_eval()
    knowledge = bundled_knowledge()
    bare = Suggester(knowledge)
    print_table("HS 2022 descriptions + glossary", evaluate(bare, rows))
    print_table(
        "... + the demo catalogue's names as confirmed mappings",
        evaluate(Suggester(knowledge, demo_mappings()), rows),
    )
    if args.show_misses:
        for row in rows:
            if row["split"] != "dev":
                continue
            got = bare.suggest(row["query"], 3)
            if row["hs6"][:4] not in {s.code[:4] for s in got} or (
                got and got[0].code != row["hs6"]
            ):
                print(
                    f"{row['lang']} {row['query']!r:35} want {row['hs6']} got {[s.code for s in got]}"
                )


if __name__ == "__main__":
    main()
