"""Import a generated 100,000-row workbook and compare with reading it alone.

    python bench/import_100k.py [--rows N]

Each measurement runs in a fresh interpreter: the bare read (pandas with the
calamine engine, every cell as text), then a full import into an empty
scratch database (emptied first when DATABASE_URL names one), then the same
import again (everything unchanged). Prints
rows/s, peak memory and the ratio of each import to the bare read.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402
    SCRATCH,
    peak_rss_mb,
    run_child,
    setup_django,
    timed,
)

HEADER = ["№ п/п", "Наименование товара", "Наименование (англ.)", "Код ТН ВЭД ЕАЭС", "Экспортёр",
          "БИН", "Регион", "Мощность, т/год", "Базис поставки", "Сертификаты", "Сайт"]  # fmt: skip
REGIONS = [
    "Костанайская область",
    "Павлодарская область",
    "г. Алматы",
    "Актюбинская область",
    "ВКО",
]


def generate(path: Path, rows: int) -> None:
    import openpyxl

    codes = [
        line.split(",")[1]
        for line in (
            Path(__file__).resolve().parent.parent / "catalogue/data/hs/harmonized-system.csv"
        )
        .read_text()
        .splitlines()[1:]
        if line.split(",")[-1] == "6" and not line.startswith("TOTAL")
    ]
    rng = random.Random(2025)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Перечень")
    sheet.append(["Перечень товаров, предлагаемых к экспорту"])
    sheet.append([])
    sheet.append(HEADER)
    exporters = [
        (f"Exporter {n} LLP", f"{100000000000 + n * 7919:012d}", REGIONS[n % len(REGIONS)])
        for n in range(2000)
    ]
    for n in range(rows):
        category = n // 2
        code = codes[category % len(codes)]
        # Two different exporters per category.
        exporter, bin_, region = exporters[(category * 7 + (n % 2) * 13) % len(exporters)]
        tn_ved = f"{code[:4]} {code[4:]} 000 0"
        sheet.append([
            n + 1, f"Товар {category}", f"Product {category}", tn_ved, exporter, bin_, region,
            rng.choice(["", 5000, 120000]), rng.choice(["FCA", "CPT DAP", ""]),
            rng.choice(["HALAL", "ISO 9001", ""]), "",
        ])  # fmt: skip
    book.save(path)


def child(kind: str, path: str) -> None:
    if kind == "empty":  # a database that outlives the run (PostgreSQL) starts empty
        setup_django()
        from django.core.management import call_command

        from catalogue.nomenclature import load_nomenclature

        call_command("flush", interactive=False, verbosity=0)
        load_nomenclature()
        result = {}
    elif kind == "read":
        import pandas as pd

        seconds, frame = timed(
            pd.read_excel, path, engine="calamine", header=None, dtype=str, sheet_name=None
        )
        result = {"seconds": seconds, "rows": sum(len(f) for f in frame.values())}
    else:
        setup_django()
        from catalogue.importing.service import import_catalogue_file

        data = Path(path).read_bytes()
        seconds, report = timed(import_catalogue_file, data=data, file_name=Path(path).name)
        result = {
            "seconds": seconds,
            "created": report.total("created"),
            "unchanged": report.total("unchanged"),
            "errors": len(report.errors),
        }
    result["peak_mb"] = peak_rss_mb()
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    SCRATCH.mkdir(parents=True, exist_ok=True)
    path = SCRATCH / f"catalogue-{args.rows}.xlsx"
    if not path.exists():
        print(f"generating {path.name} …", flush=True)
        generate(path, args.rows)
    for leftover in SCRATCH.glob("bench.sqlite3*"):
        leftover.unlink()
    script = Path(__file__).resolve()
    read = run_child(script, "read", str(path))
    run_child(script, "empty", str(path))
    first = run_child(script, "import", str(path))
    again = run_child(script, "import", str(path))
    for name in ("bench.sqlite3", "bench.sqlite3-wal", "bench.sqlite3-shm"):
        (SCRATCH / name).unlink(missing_ok=True)
    print(f"file: {path.name}, {path.stat().st_size / 1e6:.1f} MB, {args.rows:,} data rows")
    bare = read["seconds"]
    print(f"bare read (pandas + calamine, as text): {bare:.2f} s, peak {read['peak_mb']:.0f} MB")
    for label, run in (
        ("import into empty database", first),
        ("same import again (unchanged)", again),
    ):
        print(
            f"{label}: {run['seconds']:.2f} s, {args.rows / run['seconds']:,.0f} rows/s, "
            f"peak {run['peak_mb']:.0f} MB, ratio to bare read {run['seconds'] / bare:.2f}x "
            f"(created {run['created']:,}, unchanged {run['unchanged']:,}, errors {run['errors']})"
        )


if __name__ == "__main__":
    main()
    shutil.rmtree(SCRATCH / "__pycache__", ignore_errors=True)
