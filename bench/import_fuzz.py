"""Fuzz the importer with seeded mutants of small xlsx, xls, ods and csv files.

    python bench/import_fuzz.py [--runs N] [--seed S]

Every mutant (tests/spreadsheets.py: mutants) is read the way an upload is, in a child
process within the limits of config/settings.py; each one that reads goes on through the
whole importer as a dry run on a scratch SQLite database. Prints, per kind of file, what
became of the mutants, the largest peak memory of a reading child (its resident set, the
parent's pages it shares included) and the longest time per file, and counts unhandled
exceptions, hangs (over 30 s a file), children over 1 GB, and files over a limit refused
without that limit's name. The project's bar, at 100,000 runs: none of those four.
"""

from __future__ import annotations

import argparse
import collections
import resource
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import SCRATCH, percentile, setup_django  # noqa: E402

HANG_SECONDS = 30
ONE_GB = 1024
# What became of a mutant, by a phrase of its message; the first that matches.
OUTCOMES = (
    ("cell limit", "IMPORT_MAX_CELLS"),
    ("memory limit", "IMPORT_READ_MEMORY_MB"),
    ("time limit", "IMPORT_READ_SECONDS"),
    ("zip bomb or too large", "allowed"),
    ("password", "password"),
    ("damaged zip", "ZIP archive"),
    ("not a spreadsheet", "This is"),
    ("parser error", "cannot be read"),
    ("reader crashed", "reader failed"),
)


@dataclass
class Tally:
    runs: int = 0
    outcomes: collections.Counter = field(default_factory=collections.Counter)
    peak_mb: float = 0.0
    peak_what: str = ""
    read_seconds: list[float] = field(default_factory=list)
    file_seconds: list[float] = field(default_factory=list)
    unhandled: int = 0
    hangs: int = 0
    over_1gb: int = 0
    limit_missed: int = 0
    others: collections.Counter = field(default_factory=collections.Counter)


def outcome_of(message: str, read: bool) -> str:
    if read:
        return "imported" if not message else "read, rows refused"
    return next((name for name, marker in OUTCOMES if marker in message), "other")


def fuzz(runs: int, seed: int) -> dict[str, Tally]:
    from django.conf import settings

    from catalogue.importing.service import import_catalogue_file
    from catalogue.importing.sources import ReadLimits, UnreadableFile, read_workbook
    from tests.spreadsheets import mutants

    limits = ReadLimits.from_settings(settings)
    tallies: dict[str, Tally] = collections.defaultdict(Tally)
    started = time.monotonic()
    for number, mutant in enumerate(mutants(seed, runs, max_cells=limits.max_cells)):
        tally = tallies[mutant.kind]
        tally.runs += 1
        usage = []
        began = time.monotonic()
        read, message = False, ""
        try:
            read_workbook(mutant.data, limits=limits, on_usage=usage.append)
            read = True
            report = import_catalogue_file(data=mutant.data, file_name="fuzz", dry_run=True)
            message = " ".join(e.message for e in report.errors)
        except UnreadableFile as error:
            message = str(error)
        except Exception:  # noqa: BLE001 - what this benchmark is here to count
            tally.unhandled += 1
            message = "unhandled"
            print(f"unhandled, run {number} ({mutant.kind} {mutant.how}):", file=sys.stderr)
            traceback.print_exc(limit=6)
        seconds = time.monotonic() - began
        outcome = outcome_of(message, read)
        tally.outcomes[outcome] += 1
        if outcome in ("other", "parser error", "read, rows refused"):
            tally.others[message[:90]] += 1
        tally.file_seconds.append(seconds)
        tally.hangs += seconds > HANG_SECONDS
        if mutant.over and not any(limit in message for limit in mutant.over):
            tally.limit_missed += 1
            print(f"run {number} ({mutant.how}) is over {mutant.over}: {message}", file=sys.stderr)
        for used in usage:
            tally.read_seconds.append(used.wall_seconds)
            tally.over_1gb += used.peak_rss_mb > ONE_GB
            if used.peak_rss_mb > tally.peak_mb:
                tally.peak_mb, tally.peak_what = used.peak_rss_mb, mutant.how
        if (number + 1) % 1000 == 0:
            rate = (number + 1) / (time.monotonic() - started)
            print(f"{number + 1:,} runs, {rate:.0f}/s", file=sys.stderr, flush=True)
    return tallies


def report(tallies: dict[str, Tally], runs: int, seconds: float) -> None:
    parent_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{runs:,} runs in {seconds / 60:.1f} min; this process peaked at {parent_mb:.0f} MB\n")
    print("| kind | runs | outcomes | child peak RSS (mutation) | read p50 / max | file p50 / max "
          "| unhandled | hangs > 30 s | > 1 GB | limit not named |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for kind, tally in sorted(tallies.items()):
        outcomes = ", ".join(f"{name} {count:,}" for name, count in tally.outcomes.most_common())
        reads = tally.read_seconds or [0.0]
        print(
            f"| {kind} | {tally.runs:,} | {outcomes} | {tally.peak_mb:.0f} MB ({tally.peak_what}) "
            f"| {percentile(reads, 0.5):.3f} / {max(reads):.2f} s "
            f"| {percentile(tally.file_seconds, 0.5):.3f} / {max(tally.file_seconds):.2f} s "
            f"| {tally.unhandled} | {tally.hangs} | {tally.over_1gb} | {tally.limit_missed} |"
        )
    print("\nCommonest messages of the files refused by a parser or by the importer:")
    for kind, tally in sorted(tallies.items()):
        for message, count in tally.others.most_common(4):
            print(f"  {kind} {count:,}: {message}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    for leftover in SCRATCH.glob("fuzz.sqlite3*"):
        leftover.unlink()
    setup_django(f"sqlite:///{SCRATCH / 'fuzz.sqlite3'}")
    started = time.monotonic()
    tallies = fuzz(args.runs, args.seed)
    report(tallies, args.runs, time.monotonic() - started)
    for leftover in SCRATCH.glob("fuzz.sqlite3*"):
        leftover.unlink()


if __name__ == "__main__":
    main()
