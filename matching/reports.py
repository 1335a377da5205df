"""The interest report: a workbook ready for a trade mission, in constant memory.

Sheets: a cover (title, filters, who and when, counts); Interests (one row per
product line); By category, By state and By month (counts and quantities per
unit, each with a native Excel chart); Matches (line × exporter with score,
reasons and status).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from types import SimpleNamespace
from typing import BinaryIO, NamedTuple

from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter

from catalogue.choices import KazakhRegion, Unit
from catalogue.lib.formatting import format_date, unit_symbol
from catalogue.lib.languages import translated
from catalogue.lib.xlsx import (
    DATE,
    DATETIME,
    INTEGER,
    NUMBER,
    Column,
    SheetWriter,
    new_workbook,
    safe_text,
    value_cell,
)
from catalogue.models import CategoryCode, ProductCategory
from matching.models import Interest, InterestLine, Match
from matching.models.interests import shown_rules_seen
from matching.models.matches import shown_reasons
from matching.nigeria import Port, State

CHUNK = 2000
# Sheet names stay as they are in every language (formulas and macros name them); the
# headings, the cover and the notes are written in the language active.
SHEETS_NOTE = _(
    "Interests: one row per product line. By category, By state, By month: counts and "
    "quantities, with charts. Matches: every exporter matched, with reasons."
)
INTEREST_COLUMNS = [
    Column("reference", _("Reference"), width=18),
    Column("created", _("Created"), DATETIME, 17),
    Column("confirmed", _("Confirmed"), DATETIME, 17),
    Column("status", _("Status"), width=12),
    Column("company", _("Company"), width=28),
    Column("cac_number", _("CAC number"), width=13),
    Column("state", _("State"), width=14),
    Column("contact", _("Contact person"), width=20),
    Column("email", _("E-mail"), width=26),
    Column("phone", _("Phone"), width=16),
    Column("product", _("Product"), width=32),
    Column("words", _("Buyer's words"), width=28),
    Column("hs_code", _("HS code"), width=10),
    Column("quantity", _("Quantity"), NUMBER, 12),
    Column("unit", _("Unit"), width=8),
    Column("frequency", _("Frequency"), width=11),
    Column("incoterm", _("Incoterm"), width=9),
    Column("port", _("Destination port"), width=22),
    Column("timeframe", _("Timeframe"), width=16),
    Column("delivery_from", _("Delivery from"), DATE, 12),
    Column("delivery_to", _("Delivery by"), DATE, 12),
    Column("target_price", _("Target price"), NUMBER, 12),
    Column("currency", _("Currency"), width=9),
    Column("price_basis", _("Price basis"), width=11),
    Column("specifications", _("Specifications"), width=30),
    Column("packaging", _("Packaging"), width=18),
    Column("rules_seen", _("On Nigeria's prohibition list"), width=30),
    Column("best_exporter", _("Best-matched exporter"), width=30),
    Column("best_score", _("Match score"), NUMBER, 11),
]
MATCH_COLUMNS = [
    Column("reference", _("Reference"), width=18),
    Column("product", _("Product"), width=32),
    Column("exporter", _("Exporter"), width=30),
    Column("products", _("Exporter's matching products"), width=40),
    Column("rules_seen", _("On Nigeria's prohibition list"), width=30),
    Column("region", _("Exporter region"), width=22),
    Column("score", _("Score"), NUMBER, 9),
    Column("reasons", _("Reasons"), width=70),
    Column("status", _("Status"), width=11),
    Column("decided_by", _("Decided by"), width=14),
    Column("decided", _("Decided"), DATETIME, 17),
]


def _name(english: str | None, russian: str | None, kazakh: str | None) -> str:
    """A category's name in the workbook's language, as every page chooses it."""
    names = SimpleNamespace(name=english or "", name_ru=russian or "", name_kk=kazakh or "")
    return translated(names, "name", get_language())[0]


@dataclass(frozen=True)
class ReportCounts:
    interests: int
    lines: int
    buyers: int
    matches: int


def _in_language(columns: list[Column]) -> list[Column]:
    """The columns with their titles in the language active."""
    return [replace(column, title=str(column.title)) for column in columns]


def _unconfirmed(pk: int) -> str:
    return gettext("unconfirmed #%(pk)s") % {"pk": pk}


def _labels(choices) -> dict[str, str]:
    """Choice labels as plain text, translated once rather than once a row."""
    return {value: str(label) for value, label in choices}


_BUYER_COLUMNS = (
    "interest__buyer__company_name", "interest__buyer__cac_number",
    "interest__buyer__contact_name", "interest__buyer__email", "interest__buyer__phone",
)  # fmt: skip


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
            "interest__status", "interest__anonymised_at", "interest__buyer__company_name",
            "interest__buyer__cac_number",
            "interest__buyer__state", "interest__buyer__contact_name", "interest__buyer__email",
            "interest__buyer__phone", "category__name", "category__name_ru",
            "category__name_kk", "free_text", "primary_hs",
            "suggested_hs_id", "quantity", "unit", "frequency", "incoterm", "port", "port_other",
            "timeframe", "delivery_from", "delivery_to", "target_price", "currency",
            "price_basis", "specifications", "packaging", "pack_size", "rules_seen",
            "rules_seen_data",
            "best_exporter", "best_score",
            named=True,
        )
    )  # fmt: skip
    statuses, states = _labels(Interest.Status.choices), _labels(State.choices)
    ports, frequencies = _labels(Port.choices), _labels(InterestLine.Frequency.choices)
    bases, packagings = (_labels(InterestLine.PriceBasis.choices),
                         _labels(InterestLine.Packaging.choices))  # fmt: skip
    for line in rows.iterator(chunk_size=CHUNK):
        if line.interest__anonymised_at is not None:  # its buyer is named no more
            line = line._replace(**dict.fromkeys(_BUYER_COLUMNS, ""))
        yield {
            "reference": line.interest__reference or _unconfirmed(line.interest_id),
            "created": line.interest__created_at,
            "confirmed": line.interest__confirmed_at,
            "status": statuses[line.interest__status],
            "company": line.interest__buyer__company_name,
            "cac_number": line.interest__buyer__cac_number,
            "state": states.get(line.interest__buyer__state, line.interest__buyer__state),
            "contact": line.interest__buyer__contact_name,
            "email": line.interest__buyer__email,
            "phone": line.interest__buyer__phone,
            "product": _name(line.category__name, line.category__name_ru, line.category__name_kk)
            or line.free_text,
            "words": line.free_text,
            "hs_code": line.primary_hs or line.suggested_hs_id,
            "quantity": line.quantity,
            "unit": unit_symbol(line.unit),
            "frequency": frequencies.get(line.frequency, ""),
            "incoterm": line.incoterm,
            "port": line.port_other if line.port == Port.OTHER else ports.get(line.port, ""),
            "timeframe": line.timeframe,
            "delivery_from": line.delivery_from,
            "delivery_to": line.delivery_to,
            "target_price": line.target_price,
            "currency": line.currency,
            "price_basis": bases.get(line.price_basis, ""),
            "specifications": line.specifications,
            "packaging": ", ".join(
                filter(None, [packagings.get(line.packaging, ""), line.pack_size])
            ),
            "rules_seen": str(shown_rules_seen(line.rules_seen_data, line.rules_seen)),
            "best_exporter": line.best_exporter,
            "best_score": line.best_score,
        }


class Group(NamedTuple):
    """One row of a summary sheet: product lines and interests of a category, state or month."""

    label: str
    lines: int
    interests: int
    quantities: dict[str, Decimal]  # by unit
    key: object  # the category name, state or month grouped by


def _summary(
    book, title: str, heading: str, chart_title: str, groups: list[Group], units: list[str]
) -> None:
    """A sheet of counts and quantities per unit for each group, with a bar chart of counts."""
    columns = [
        Column("group", heading, width=34),
        Column("lines", gettext("Product lines"), INTEGER, 13),
        Column("interests", gettext("Interests"), INTEGER, 11),
    ]
    columns += [
        Column(
            f"quantity {unit}",
            gettext("Quantity (%(unit)s)") % {"unit": unit_symbol(unit)},
            NUMBER,
            15,
        )
        for unit in units
    ]
    writer = SheetWriter(book, title, columns)
    for group in groups:
        quantities = {f"quantity {unit}": group.quantities.get(unit) for unit in units}
        writer.write(
            {"group": group.label, "lines": group.lines, "interests": group.interests, **quantities}
        )
    writer.finish()
    if writer.rows:
        chart = BarChart()
        chart.type = "bar" if title != "By month" else "col"
        chart.title = chart_title
        chart.y_axis.title = gettext("Product lines")
        chart.legend = None
        chart.height, chart.width = max(7.5, 0.5 * min(writer.rows, 30)), 18
        shown = min(writer.rows, 30)
        number = {column.name: n for n, column in enumerate(columns, start=1)}
        lines = Reference(writer.sheet, min_col=number["lines"], min_row=1, max_row=shown + 1)
        chart.add_data(lines, titles_from_data=True)
        labels = Reference(writer.sheet, min_col=number["group"], min_row=2, max_row=shown + 1)
        chart.set_categories(labels)
        writer.sheet.add_chart(chart, f"{get_column_letter(len(columns) + 2)}2")


def _grouped(lines: QuerySet[InterestLine], key, label_of) -> tuple[list[Group], list[str]]:
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
    groups = [
        Group(
            label=label_of(r["group"]),
            lines=r["n"],
            interests=r["interests"],
            quantities=quantities.get(r["group"], {}),
            key=r["group"],
        )
        for r in counts
    ]
    groups.sort(key=lambda g: (-g.lines, g.label))
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
    counted: Callable[[int], None] | None = None,
) -> ReportCounts:
    """Write the report of these interests to out (a path or a binary file); counted(lines
    so far) is told as the interests' lines are written."""
    interests = interests.order_by()
    book = new_workbook()
    totals = counts(interests)
    _cover(book, filters, generated_by, totals)
    writer = SheetWriter(book, "Interests", _in_language(INTEREST_COLUMNS))
    writer.write_all(_interest_rows(interests), counted)
    writer.finish()

    plain = InterestLine.objects.filter(interest__in=interests).order_by()
    states = dict(State.choices)
    outside = gettext("(not in the catalogue)")
    categories = ProductCategory.objects.in_bulk(
        plain.exclude(category=None).values_list("category", flat=True).distinct()
    )
    by_category = _grouped(
        plain, F("category"), lambda pk: str(categories[pk].display_name) if pk else outside
    )
    _summary(
        book, "By category", gettext("Category"), gettext("Product lines by category"),
        *by_category,
    )  # fmt: skip
    by_state = _grouped(plain, F("interest__buyer__state"), lambda s: str(states.get(s, s)))
    _summary(book, "By state", gettext("State"), gettext("Product lines by state"), *by_state)
    months, units = _grouped(
        plain, TruncMonth("interest__created_at"), lambda m: format_date(m, "YEAR_MONTH_FORMAT")
    )
    _summary(
        book, "By month", gettext("Month"), gettext("Product lines by month"),
        sorted(months, key=lambda g: g.key), units,
    )  # fmt: skip

    writer = SheetWriter(book, "Matches", _in_language(MATCH_COLUMNS))
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
            "line__category__name_ru", "line__category__name_kk", "line__free_text",
            "line__rules_seen", "line__rules_seen_data", "offer__exporter__name",
            "offer__category__name", "offer__category__name_ru", "offer__category__name_kk",
            "products",
            "offer__exporter__region", "score",
            "reasons", "status", "decided_by__username", "decided_at",
            named=True,
        )
    )  # fmt: skip
    regions, statuses = _labels(KazakhRegion.choices), _labels(Match.Status.choices)
    for match in rows.iterator(chunk_size=CHUNK):
        reference = match.line__interest__reference
        yield {
            "reference": reference or _unconfirmed(match.line__interest_id),
            "product": _name(
                match.line__category__name,
                match.line__category__name_ru,
                match.line__category__name_kk,
            )
            or match.line__free_text,
            "exporter": match.offer__exporter__name,
            "products": "; ".join(match.products)
            or _name(
                match.offer__category__name,
                match.offer__category__name_ru,
                match.offer__category__name_kk,
            ),
            "rules_seen": str(
                shown_rules_seen(match.line__rules_seen_data, match.line__rules_seen)
            ),
            "region": regions.get(match.offer__exporter__region, ""),
            "score": match.score,
            "reasons": "; ".join(shown_reasons(match.reasons)),
            "status": statuses[match.status],
            "decided_by": match.decided_by__username,
            "decided": match.decided_at,
        }


def _cover(book, filters: list[tuple[str, str]], generated_by: str, totals: ReportCounts) -> None:
    sheet = book.create_sheet("Report")
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 60
    title = safe_text(sheet, gettext("Interest in Kazakh exports from Nigeria"))
    sheet.append([title])
    sheet.append([])
    said = "; ".join(f"{k}: {v}" for k, v in filters) or gettext("none: every interest")
    rows = [
        (gettext("Generated"), value_cell(sheet, timezone.now(), DATETIME)),
        (gettext("Made by"), safe_text(sheet, generated_by)),
        (gettext("Filters"), safe_text(sheet, said)),
        (gettext("Interests"), totals.interests),
        (gettext("Product lines"), totals.lines),
        (gettext("Buyers"), totals.buyers),
        (gettext("Exporter matches"), totals.matches),
    ]
    for label, value in rows:
        sheet.append([label, value])
    sheet.append([])
    sheet.append([gettext("Sheets"), str(SHEETS_NOTE)])
