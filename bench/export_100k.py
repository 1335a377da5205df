"""Export 100,000 interest lines to the report workbook, against the bare library.

    python bench/export_100k.py [--lines N]

A scratch database gets the demo catalogue and N generated interest lines
(2.5 lines an interest, one exporter match a line). Then, each in a fresh
interpreter: the report (write_interest_report: six sheets, styles, charts,
formula-safe text) and the bare baseline (the same Interests and Matches cells
fetched with values_list and appended to an openpyxl write-only workbook with
no styles). Prints time, peak memory and the ratio.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import SCRATCH, peak_rss_mb, run_child, setup_django, timed  # noqa: E402

STATES = ["LA", "KN", "FC", "RI", "OY", "KD", "AN", "DE"]
UNITS = ["t", "t", "t", "kg", "m3", "pcs"]


def unnamed_defaults(model, named: dict) -> dict:
    """What the ORM would write in the columns rows do not name (fields added to the models
    since these rows were written), as insert_rows writes only the columns it is given."""
    from django.db.models import JSONField

    defaults = {
        field: field.get_default()
        for field in model._meta.concrete_fields
        if not (field.primary_key or field.null or field.name in named)
    }
    return {
        field.name: json.dumps(value) if isinstance(field, JSONField) else value
        for field, value in defaults.items()
        if value is not None
    }


def populate(lines: int) -> None:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from catalogue.lib.bulk_insert import insert_rows
    from catalogue.models import Offer
    from matching.models import Buyer, Interest, InterestLine, Match

    call_command(
        "import_catalogue", str(ROOT / "catalogue/data/demo-catalogue.xlsx"), stdout=io.StringIO()
    )
    if InterestLine.objects.count() >= lines:
        return
    rng = random.Random(7)
    now = timezone.now()
    offers = list(Offer.objects.values_list("pk", "category_id"))
    with transaction.atomic():
        buyers = [
            {
                "company_name": f"Buyer {n} Ltd",
                "cac_number": f"RC{100000 + n}",
                "state": rng.choice(STATES),
                "city": "Lagos",
                "contact_name": f"Contact {n}",
                "email": f"buyer{n}@example.ng",
                "phone": f"+23480{n:08d}",
                "created_at": now,
                "updated_at": now,
            }
            for n in range(2000)
        ]
        insert_rows(Buyer, buyers, same=unnamed_defaults(Buyer, buyers[0]))
        buyer_ids = list(Buyer.objects.values_list("pk", flat=True))
        interests = []
        for n in range(lines * 2 // 5):
            created = now - timezone.timedelta(days=rng.randrange(365))
            interests.append(
                {
                    "buyer": rng.choice(buyer_ids),
                    "reference": f"KZNG-2026-{n + 1:06d}",
                    "access_key": f"key{n}",
                    "status": "confirmed",
                    "created_at": created,
                    "updated_at": created,
                    "confirmed_at": created,
                    "staff_notes": "",
                    "submitted_buyer": "{}",
                }
            )
        insert_rows(Interest, interests, same=unnamed_defaults(Interest, interests[0]))
        interest_ids = list(Interest.objects.values_list("pk", flat=True))
        rows = []
        for n in range(lines):
            rows.append(
                {
                    "interest": interest_ids[n % len(interest_ids)],
                    "category": offers[n % len(offers)][1],
                    "quantity": rng.randrange(1, 5000),
                    "unit": rng.choice(UNITS),
                    "frequency": "monthly",
                    "incoterm": "CIF",
                    "port": "apapa",
                    "timeframe": "Q1 2027",
                    "free_text": "",
                    "port_other": "",
                    "required_certification": "",
                    "notes": "",
                }
            )
        insert_rows(InterestLine, rows, same=unnamed_defaults(InterestLine, rows[0]))
        reasons = json.dumps(["Same HS code 1512.19", "Capacity 20,000 t/year covers 500 t/month"])
        line_ids = InterestLine.objects.values_list("pk", "category_id")
        by_category = dict((c, o) for o, c in offers)
        matches = [
            {
                "line": pk,
                "offer": by_category[category_id],
                "score": 0.9,
                "reasons": reasons,
                "status": "suggested",
                "staff_notes": "",
                "computed_at": now,
            }
            for pk, category_id in line_ids
        ]
        insert_rows(Match, matches, same=unnamed_defaults(Match, matches[0]))


def bare(path: str) -> None:
    """The same cells as the Interests and Matches sheets, appended with no styles."""
    from openpyxl import Workbook

    from matching.models import InterestLine, Match

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Interests")
    fields = [f"interest__{f}" for f in ("reference", "created_at", "confirmed_at", "status")]
    fields += [f"interest__buyer__{f}" for f in ("company_name", "cac_number", "state",
                                                 "contact_name", "email", "phone")]  # fmt: skip
    fields += ["category__name", "free_text", "category__code_key", "quantity", "unit",
               "frequency", "incoterm", "port", "timeframe"]  # fmt: skip
    for row in InterestLine.objects.values_list(*fields).iterator(chunk_size=2000):
        sheet.append(
            [v.replace(tzinfo=None) if hasattr(v, "tzinfo") and v else v for v in row]
            + [None, None]
        )
    sheet = book.create_sheet("Matches")
    fields = ["line__interest__reference", "line__category__name", "offer__exporter__name",
              "offer__exporter__region", "score", "reasons", "status"]  # fmt: skip
    for row in Match.objects.values_list(*fields).iterator(chunk_size=2000):
        sheet.append([*row[:5], "; ".join(row[5]), row[6]])
    book.save(path)


def child(kind: str, path: str) -> None:
    setup_django()
    if kind == "report":
        from matching.models import Interest
        from matching.reports import write_interest_report

        everything = Interest.objects.all()
        seconds, _ = timed(
            write_interest_report, path, interests=everything, filters=[], generated_by="bench"
        )
    else:
        seconds, _ = timed(bare, path)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": peak_rss_mb(),
                "size_mb": Path(path).stat().st_size / 1e6,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    setup_django()
    populate(args.lines)
    from django.db import connection

    script = Path(__file__).resolve()
    baseline = run_child(script, "bare", str(SCRATCH / "bare.xlsx"))
    report = run_child(script, "report", str(SCRATCH / "report.xlsx"))
    bare_s, report_s = baseline["seconds"], report["seconds"]
    print(f"{connection.vendor}, {args.lines:,} interest lines, {args.lines:,} matches")
    print(
        f"bare openpyxl write-only, same cells: {bare_s:.2f} s, peak {baseline['peak_mb']:.0f} MB"
    )
    print(
        f"interest report (6 sheets, charts): {report_s:.2f} s, peak {report['peak_mb']:.0f} MB, "
        f"{report['size_mb']:.1f} MB file, ratio {report_s / bare_s:.2f}x"
    )


if __name__ == "__main__":
    main()
