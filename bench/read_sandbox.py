"""What reading a workbook in a limited child process costs, against reading it in process.

    python bench/read_sandbox.py [--rows N] [--repeat K]

Uses the workbook bench/import_100k.py generates (var/bench/catalogue-N.xlsx; run that first).
Times, K times each, alternating, the median reported: calamine alone (open, build the grid,
cells into Python, as the importer read before), the importer's read done in this process
(the same plus the declared-size checks and the code column's number formats), and
read_workbook: the same in a forked child under the limits of config/settings.py, its cells
packed and sent back. The last two differ by what the sandbox costs.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import SCRATCH, timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    path = SCRATCH / f"catalogue-{args.rows}.xlsx"
    if not path.exists():
        raise SystemExit(f"{path} is missing: run bench/import_100k.py --rows {args.rows} first")

    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import python_calamine
    from django.conf import settings

    from catalogue.importing import sources

    data = path.read_bytes()
    limits = sources.ReadLimits.from_settings(settings)

    def calamine_alone() -> None:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python(skip_empty_area=False)

    def in_process() -> None:
        sources._read_spreadsheet(data, sources.detect_kind(data), limits)

    usages = []
    runs = {
        "calamine alone": calamine_alone,
        "importer's read, in process": in_process,
        "read_workbook, in a limited child": lambda: sources.read_workbook(
            data, limits=limits, on_usage=usages.append
        ),
    }
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeat):
        for name, run in runs.items():
            seconds[name].append(timed(run)[0])
    base = statistics.median(seconds["calamine alone"])
    print(f"file: {path.name}, {len(data) / 1e6:.1f} MB; median of {args.repeat} runs each")
    for name, values in seconds.items():
        median = statistics.median(values)
        print(
            f"{name}: {median:.3f} s, {median / base:.2f}x calamine alone, +{median - base:.3f} s"
        )
    peak = max(u.peak_rss_mb for u in usages)
    print(f"child: peak RSS {peak:.0f} MB (this process's pages included), "
          f"wall {statistics.median(u.wall_seconds for u in usages):.3f} s")  # fmt: skip


if __name__ == "__main__":
    main()
