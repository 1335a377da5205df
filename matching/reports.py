"""The interest report: a workbook ready for a trade mission, in constant memory.

Sheets: a cover (title, filters, who and when, counts); Interests (one row per
product line); By category, By state and By month (counts and quantities per
unit, each with a native Excel chart); Matches (line × exporter with score,
reasons and status).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import BinaryIO

from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from openpyxl.chart import BarChart, Reference

from catalogue.choices import KazakhRegion, Unit
from catalogue.lib.xlsx import (
    DATETIME,
    INTEGER,
    NUMBER,
    Column,
    SheetWriter,
    new_workbook,
    safe_text,
    value_cell,
)
from catalogue.models import CategoryCode
from matching.models import Interest, InterestLine, Match
from matching.nigeria import Port, State

CHUNK = 2000
SHEETS_NOTE = (
    "Interests: one row per product line. By category, By state, By month: counts and "
    "quantities, with charts. Matches: every exporter matched, with reasons."
)
INTEREST_COLUMNS = [
    Column("Reference", width=18), Column("Created", DATETIME, 17),
    Column("Confirmed", DATETIME, 17), Column("Status", width=12),
    Column("Company", width=28), Column("CAC number", width=13),
    Column("State", width=14), Column("Contact person", width=20), Column("E-mail", width=26),
    Column("Phone", width=16), Column("Product", width=32), Column("Buyer's words", width=28),
    Column("HS code", width=10),
    Column("Quantity", NUMBER, 12), Column("Unit", width=8), Column("Frequency", width=11),
    Column("Incoterm", width=9), Column("Destination port", width=22),
    Column("Timeframe", width=16), Column("Best-matched exporter", width=30),
    Column("Match score", NUMBER, 11),
]  # fmt: skip
MATCH_COLUMNS = [
    Column("Reference", width=18), Column("Product", width=32), Column("Exporter", width=30),
    Column("Exporter region", width=22), Column("Score", NUMBER, 9), Column("Reasons", width=70),
    Column("Status", width=11), Column("Decided by", width=14), Column("Decided", DATETIME, 17),
]  # fmt: skip


@dataclass(frozen=True)
class ReportCounts:
    interests: int
    lines: int
    buyers: int
    matches: int


def _labels(choices) -> dict[str, str]:
    """Choice labels as plain text, translated once rather than once a row."""
    return {value: str(label) for value, label in choices}


def _interest_rows(interests: QuerySet[Interest]):
    primary = CategoryCode.objects.filter(category=OuterRef("category"), is_primary=True)
    best = (
        Match.objects.filter(line=OuterRef("pk"))
        .exclude(status=Match.Status.REJECTED)
        .order_by("-score")
    )
    rows = (
        InterestLine.objects.filter(interest__in=interests)
        .annotate(
            primary_hs=Subquery(primary.values("hs_code_id")[:1]),
            best_exporter=Subquery(best.values("offer__exporter__name")[:1]),
            best_score=Subquery(best.values("score")[:1]),
        )
        .order_by("interest__created_at", "interest_id", "pk")
        .values_list(
            "interest_id", "interest__reference", "interest__created_at", "interest__confirmed_at",
            "interest__status", "interest__buyer__company_name", "interest__buyer__cac_number",
            "interest__buyer__state", "interest__buyer__contact_name", "interest__buyer__email",
            "interest__buyer__phone", "category__name", "free_text", "primary_hs",
            "suggested_hs_id", "quantity", "unit", "frequency", "incoterm", "port", "port_other",
            "timeframe", "best_exporter", "best_score",
        )
    )  # fmt: skip
    statuses, states = _labels(Interest.Status.choices), _labels(State.choices)
    ports, frequencies = _labels(Port.choices), _labels(InterestLine.Frequency.choices)
    for (pk, reference, created, confirmed, status, company, cac, state, contact, email, phone,
         category, words, primary_hs, suggested, quantity, unit, frequency, incoterm, port,
         port_other, timeframe, exporter, score) in rows.iterator(chunk_size=CHUNK):  # fmt: skip
        yield (
            reference or f"unconfirmed #{pk}", created, confirmed, statuses[status], company, cac,
            states.get(state, state), contact, email, phone, category or words, words,
            primary_hs or suggested, quantity, unit, frequencies.get(frequency, ""), incoterm,
            port_other if port == Port.OTHER else ports.get(port, ""), timeframe, exporter, score,
        )  # fmt: skip


def _summary(book, title: str, heading: str, groups: list[tuple], units: list[str]) -> None:
    """A sheet of counts and quantities per unit for each group, with a bar chart of counts."""
    columns = [
        Column(heading, width=34),
        Column("Product lines", INTEGER, 13),
        Column("Interests", INTEGER, 11),
    ]
    columns += [Column(f"Quantity ({unit})", NUMBER, 15) for unit in units]
    writer = SheetWriter(book, title, columns)
    for label, lines, interests, quantities in groups:
        writer.write([label, lines, interests, *(quantities.get(unit) for unit in units)])
    writer.finish()
    if writer.rows:
        chart = BarChart()
        chart.type = "bar" if title != "By month" else "col"
        chart.title = f"Product lines {title.lower()}"
        chart.y_axis.title = "Product lines"
        chart.legend = None
        chart.height, chart.width = max(7.5, 0.5 * min(writer.rows, 30)), 18
        shown = min(writer.rows, 30)
        chart.add_data(
            Reference(writer.sheet, min_col=2, min_row=1, max_row=shown + 1), titles_from_data=True
        )
        chart.set_categories(Reference(writer.sheet, min_col=1, min_row=2, max_row=shown + 1))
        writer.sheet.add_chart(chart, f"{chr(ord('A') + len(columns) + 1)}2")


def _grouped(lines: QuerySet[InterestLine], key, label_of) -> tuple[list[tuple], list[str]]:
    counts = lines.values(group=key).annotate(
        n=Count("pk", distinct=True), interests=Count("interest", distinct=True)
    )
    quantities: dict = defaultdict(dict)
    for row in (
        lines.exclude(quantity=None).values("unit", group=key).annotate(total=Sum("quantity"))
    ):
        quantities[row["group"]][row["unit"]] = row["total"]
    used = {unit for q in quantities.values() for unit in q}
    units = [u for u in Unit.values if u in used]
    groups = sorted(
        (
            (label_of(r["group"]), r["n"], r["interests"], quantities.get(r["group"], {}))
            for r in counts
        ),
        key=lambda g: (-g[1], g[0]),
    )
    return groups, units


def counts(interests: QuerySet[Interest]) -> ReportCounts:
    lines = InterestLine.objects.filter(interest__in=interests)
    return ReportCounts(
        interests=interests.count(),
        lines=lines.count(),
        buyers=interests.values("buyer").distinct().count(),
        matches=Match.objects.filter(line__in=lines).count(),
    )


def write_interest_report(
    out: BinaryIO | str,
    *,
    interests: QuerySet[Interest],
    filters: list[tuple[str, str]],
    generated_by: str,
) -> ReportCounts:
    """Write the report of these interests to out (a path or a binary file)."""
    interests = interests.order_by()
    book = new_workbook()
    totals = counts(interests)
    _cover(book, filters, generated_by, totals)
    writer = SheetWriter(book, "Interests", INTEREST_COLUMNS)
    writer.write_all(_interest_rows(interests))
    writer.finish()

    plain = InterestLine.objects.filter(interest__in=interests).order_by()
    states = dict(State.choices)
    by_category = _grouped(plain, F("category__name"), lambda n: n or "(not in the catalogue)")
    _summary(book, "By category", "Category", *by_category)
    by_state = _grouped(plain, F("interest__buyer__state"), lambda s: states.get(s, s))
    _summary(book, "By state", "State", *by_state)
    by_month = _grouped(
        plain, TruncMonth("interest__created_at"), lambda m: m.strftime("%Y-%m") if m else ""
    )
    _summary(book, "By month", "Month", sorted(by_month[0]), by_month[1])

    writer = SheetWriter(book, "Matches", MATCH_COLUMNS)
    writer.write_all(_match_rows(interests))
    writer.finish()
    book.save(out)
    return totals


def _match_rows(interests: QuerySet[Interest]):
    rows = (
        Match.objects.filter(line__interest__in=interests)
        .order_by("line__interest__created_at", "line_id", "-score")
        .values_list(
            "line__interest_id", "line__interest__reference", "line__category__name",
            "line__free_text", "offer__exporter__name", "offer__exporter__region", "score",
            "reasons", "status", "decided_by__username", "decided_at",
        )
    )  # fmt: skip
    regions, statuses = _labels(KazakhRegion.choices), _labels(Match.Status.choices)
    for (pk, reference, category, words, exporter, region, score, reasons, status, decided_by,
         decided_at) in rows.iterator(chunk_size=CHUNK):  # fmt: skip
        yield (
            reference or f"unconfirmed #{pk}", category or words, exporter, regions.get(region, ""),
            score, "; ".join(reasons), statuses[status], decided_by, decided_at,
        )  # fmt: skip


def _cover(book, filters: list[tuple[str, str]], generated_by: str, totals: ReportCounts) -> None:
    sheet = book.create_sheet("Report")
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 60
    title = safe_text(sheet, "Interest in Kazakh exports from Nigeria")
    sheet.append([title])
    sheet.append([])
    rows = [
        ("Generated", value_cell(sheet, timezone.now(), DATETIME)),
        ("By", safe_text(sheet, generated_by)),
        (
            "Filters",
            safe_text(sheet, "; ".join(f"{k}: {v}" for k, v in filters) or "none: every interest"),
        ),
        ("Interests", totals.interests),
        ("Product lines", totals.lines),
        ("Buyers", totals.buyers),
        ("Exporter matches", totals.matches),
    ]
    for label, value in rows:
        sheet.append([label, value])
    sheet.append([])
    sheet.append(["Sheets", SHEETS_NOTE])
