"""Merge a file's records and compare them with the database: what an import will do.

Nothing here writes. A category is identified by (HS code as given, normalised
name), an exporter by its BIN or else its normalised name, an offer by
(exporter, category). Empty cells never blank out what the database holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from catalogue.importing.records import ExporterRecord, OfferRecord, RowRecord
from catalogue.importing.report import WARNING, FileReport
from catalogue.lib.normalise import name_key
from catalogue.models import CategoryCode, Exporter, Offer, ProductCategory

CREATE, UPDATE, UNCHANGED = "created", "updated", "unchanged"


@dataclass(slots=True)
class Planned:
    """One object the import creates, updates or leaves alone."""

    first_row: int
    sheet: str
    values: dict[str, object]
    existing_id: int | None = None
    action: str = CREATE
    changes: dict[str, tuple[object, object]] = field(default_factory=dict)

    def compare(self, existing: dict[str, object]) -> None:
        """Set the action from the stored values; blank planned values change nothing."""
        self.existing_id = existing["id"]
        self.changes = {
            name: (existing[name], value)
            for name, value in self.values.items()
            if value not in ("", None, ()) and existing.get(name) != value
        }
        self.action = UPDATE if self.changes else UNCHANGED


@dataclass(slots=True)
class PlannedCategory(Planned):
    # The name a new category takes when the file gives no English one (the Russian).
    fallback_name: str = ""

    @property
    def display_name(self) -> str:
        return self.values["name"] or self.fallback_name


@dataclass(slots=True)
class PlannedExporter(Planned):
    certifications: dict[str, str] = field(default_factory=dict)
    new_certifications: set[str] = field(default_factory=set)


@dataclass
class ImportPlan:
    categories: dict[tuple[str, str], PlannedCategory] = field(default_factory=dict)
    exporters: dict[tuple[str, str], PlannedExporter] = field(default_factory=dict)
    offers: dict[tuple[tuple[str, str], tuple[str, str]], Planned] = field(default_factory=dict)


FIELD_LABELS = {"name": "English name", "name_ru": "Russian name", "bin": "BIN",
                "contact_name": "contact name", "moq": "minimum order"}  # fmt: skip


def _merge(
    planned: Planned, values: dict[str, object], record: RowRecord, report: FileReport, what: str
) -> None:
    for name, value in values.items():
        if value in ("", None, ()):
            continue
        current = planned.values.get(name)
        if current in ("", None, ()):
            planned.values[name] = value
        elif current != value:
            report.add(
                WARNING,
                f"{what} also appears on row {planned.first_row} with a different "
                f"{FIELD_LABELS.get(name, name)} ({current}); row {planned.first_row}'s is kept.",
                sheet=record.sheet,
                row=record.row,
                value=str(value)[:200],
            )


def _category_values(record: RowRecord) -> dict[str, object]:
    """By model field; a Russian-only row leaves the English name as it is."""
    return {
        "name": record.name if record.name != record.name_ru else "",
        "name_ru": record.name_ru,
        "description": record.description,
    }


def _exporter_values(exporter: ExporterRecord) -> dict[str, object]:
    return {
        "name": exporter.name,
        "bin": exporter.bin,
        "region": exporter.region,
        "website": exporter.website,
        "email": exporter.email,
        "phone": exporter.phone,
        "contact_name": exporter.contact_name,
    }


def _offer_values(offer: OfferRecord) -> dict[str, object]:
    return {
        "capacity": offer.capacity,
        "unit": offer.unit,
        "moq": offer.moq,
        "incoterms": " ".join(offer.incoterms),
    }


def merge_records(records: list[RowRecord], report: FileReport) -> ImportPlan:
    """Fold the rows of a file into distinct categories, exporters and offers."""
    plan = ImportPlan()
    distinct_exporters = {id(r.exporter): r.exporter for r in records if r.exporter}
    bins_by_name = {name_key(e.name): e.bin for e in distinct_exporters.values() if e.bin}
    for record in records:
        category_key = record.category_key
        category = plan.categories.get(category_key)
        if category is None:
            plan.categories[category_key] = PlannedCategory(
                record.row, record.sheet, _category_values(record), fallback_name=record.name
            )
        else:
            values = _category_values(record)
            if values != category.values:
                _merge(category, values, record, report, "This product")
            if record.exporter is None:
                report.add(
                    WARNING,
                    f"Repeats the product of row {category.first_row}; merged.",
                    sheet=record.sheet,
                    row=record.row,
                    value=record.name,
                )
        if record.exporter is None:
            continue
        exporter_key = record.exporter.key
        if exporter_key[0] == "name" and exporter_key[1] in bins_by_name:
            exporter_key = ("bin", bins_by_name[exporter_key[1]])
        exporter = plan.exporters.get(exporter_key)
        values = _exporter_values(record.exporter)
        if exporter is None:
            exporter = plan.exporters[exporter_key] = PlannedExporter(
                record.row, record.sheet, values
            )
        else:
            _merge(exporter, values, record, report, "This exporter")
        exporter.certifications.update({c.code: c.name for c in record.exporter.certifications})
        offer_key = (category_key, exporter_key)
        offer_values = _offer_values(record.offer or OfferRecord())
        offer = plan.offers.get(offer_key)
        if offer is None:
            plan.offers[offer_key] = Planned(record.row, record.sheet, offer_values)
        else:
            report.add(
                WARNING,
                f"Repeats row {offer.first_row} (same product and exporter); merged.",
                sheet=record.sheet,
                row=record.row,
                value=f"{record.name} / {record.exporter.name}",
            )
            _merge(offer, offer_values, record, report, "This offer")
    return plan


def compare_with_database(plan: ImportPlan) -> None:
    """Find what already exists and decide, for each planned object, its action."""
    _compare_categories(plan)
    _compare_exporters(plan)
    _compare_offers(plan)


def _compare_categories(plan: ImportPlan) -> None:
    by_key, by_russian_name = {}, {}
    rows = {
        row["id"]: row
        for row in ProductCategory.objects.values(
            "id", "code_key", "name_key", "name", "name_ru", "description"
        )
    }
    # A category is known by the code its spreadsheet gave and by any code an official
    # confirmed since: an exported catalogue carries the confirmed one.
    codes = [(row["id"], row["code_key"]) for row in rows.values()]
    codes += CategoryCode.objects.filter(status=CategoryCode.Status.CONFIRMED).values_list(
        "category_id", "hs_code_id"
    )
    for category_id, code in codes:
        row = rows[category_id]
        by_key.setdefault((code, row["name_key"]), row)
        if row["name_ru"]:
            by_russian_name.setdefault((code, name_key(row["name_ru"])), row)
    for (code, key), planned in plan.categories.items():
        existing = by_key.get((code, key))
        if existing is None and planned.values["name_ru"]:
            existing = by_russian_name.get((code, name_key(planned.values["name_ru"])))
        if existing is not None:
            planned.compare(existing)


def _compare_exporters(plan: ImportPlan) -> None:
    fields = [
        "id",
        "name",
        "name_key",
        "bin",
        "region",
        "website",
        "email",
        "phone",
        "contact_name",
    ]
    by_bin, by_name = {}, {}
    for row in Exporter.objects.values(*fields):
        if row["bin"]:
            by_bin[row["bin"]] = row
        by_name.setdefault(row["name_key"], row)
    through = Exporter.certifications.through.objects.values_list(
        "exporter_id", "certification__code"
    )
    held: dict[int, set[str]] = {}
    for exporter_id, code in through:
        held.setdefault(exporter_id, set()).add(code)
    for (kind, key), planned in plan.exporters.items():
        existing = by_bin.get(key) if kind == "bin" else None
        if existing is None:
            candidate = by_name.get(name_key(planned.values["name"]))
            # A BIN in the file fills in an exporter known by name only.
            if candidate and (kind == "name" or not candidate["bin"]):
                existing = candidate
        if existing is None:
            planned.new_certifications = set(planned.certifications)
            continue
        planned.compare(existing)
        planned.new_certifications = set(planned.certifications) - held.get(existing["id"], set())
        if planned.new_certifications and planned.action == UNCHANGED:
            planned.action = UPDATE


def _compare_offers(plan: ImportPlan) -> None:
    by_ids = {}
    for key, planned in plan.offers.items():
        category_key, exporter_key = key
        ids = (plan.exporters[exporter_key].existing_id, plan.categories[category_key].existing_id)
        if None not in ids:
            by_ids[ids] = planned
    if not by_ids:
        return
    existing = Offer.objects.filter(exporter_id__in={e for e, _ in by_ids}).values(
        "id", "exporter_id", "category_id", "capacity", "unit", "moq", "incoterms"
    )
    for row in existing:
        planned = by_ids.get((row["exporter_id"], row["category_id"]))
        if planned is not None:
            planned.compare(row)
