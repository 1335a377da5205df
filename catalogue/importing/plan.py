"""Merge a file's records and compare them with the database: what an import will do.

Nothing here writes. A category is identified by (HS code as given, normalised
name), an exporter by its BIN or else its normalised name, an offer by
(exporter, category). Empty cells never blank out what the database holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from catalogue.hscodes import dotted
from catalogue.importing.records import ExporterRecord, OfferRecord, RowRecord
from catalogue.importing.report import INFO, WARNING, FileReport, PossibleMatch
from catalogue.importing.same_product import Existing, HSText, SameProductFinder, same_name
from catalogue.lib.normalise import name_key
from catalogue.models import CategoryCode, Exporter, HSCode, Offer, ProductCategory

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


class StoredCategories:
    """What a category's comparison needs besides the stored row it is given: the Kazakh
    names and the codes of the categories in the database, each read for every category
    at the first comparison that needs it, never once per category."""

    def __init__(self) -> None:
        self._kazakh_names: dict[int, str] | None = None
        self._codes: dict[int, set[str]] | None = None

    def kazakh_name(self, category_id: int) -> str:
        if self._kazakh_names is None:
            stored = ProductCategory.objects.exclude(name_kk="").values_list("id", "name_kk")
            self._kazakh_names = dict(stored)
        return self._kazakh_names.get(category_id, "")

    def codes(self, category_id: int) -> set[str]:
        """Every code of the category, confirmed or suggested."""
        if self._codes is None:
            self._codes = {}
            for stored_id, code in CategoryCode.objects.values_list("category_id", "hs_code_id"):
                self._codes.setdefault(stored_id, set()).add(code)
        return self._codes.get(category_id, set())


@dataclass(slots=True)
class PlannedCategory(Planned):
    # The name a new category takes when the file gives no English one (the Russian,
    # else the Kazakh).
    fallback_name: str = ""
    # Every HS code the file gives the product, the primary first.
    codes: tuple[str, ...] = ()
    # The further codes a stored category lacks, added to it.
    new_codes: tuple[str, ...] = ()
    # Shared by the categories of one plan (see merge_records).
    stored: StoredCategories | None = field(default=None, repr=False, compare=False)

    @property
    def display_name(self) -> str:
        return self.values["name"] or self.fallback_name

    def compare(self, existing: dict[str, object]) -> None:
        """As Planned.compare; a stored category also gains the further codes it lacks. Its
        primary code is what it was found by, and is not given back once an official has
        taken it away."""
        stored = self.stored or StoredCategories()
        if self.values.get("name_kk") and "name_kk" not in existing:
            existing = {**existing, "name_kk": stored.kazakh_name(existing["id"])}
        Planned.compare(self, existing)  # slots dataclasses have no zero-argument super()
        if len(self.codes) < 2:
            return
        held = stored.codes(existing["id"])
        self.new_codes = tuple(code for code in self.codes[1:] if code not in held)
        if self.new_codes:
            before = [dotted(code) for code in sorted(held)]
            after = before + [dotted(code) for code in self.new_codes]
            self.changes["codes"] = (", ".join(before), ", ".join(after))
            self.action = UPDATE


@dataclass(slots=True)
class PlannedExporter(Planned):
    certifications: dict[str, str] = field(default_factory=dict)
    new_certifications: set[str] = field(default_factory=set)


@dataclass
class ImportPlan:
    categories: dict[tuple[str, str], PlannedCategory] = field(default_factory=dict)
    exporters: dict[tuple[str, str], PlannedExporter] = field(default_factory=dict)
    offers: dict[tuple[tuple[str, str], tuple[str, str]], Planned] = field(default_factory=dict)
    # Planned categories that update a stored one of other words (the same product, or
    # merged by an official's decision): key → the stored one's label.
    same_as: dict[tuple[str, str], str] = field(default_factory=dict)


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
    """By model field; a row without an English name leaves the English name as it is."""
    return {
        "name": record.name_en,
        "name_ru": record.name_ru,
        "name_kk": record.name_kk,
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


def _planned_key(
    record: RowRecord,
    key: tuple[str, str],
    categories: Mapping[tuple[str, str], PlannedCategory],
    further: Mapping[tuple[str, str], tuple[str, str]],
) -> tuple[str, str]:
    """The planned category with any of the record's codes under its name, else its key."""
    name = key[1]
    for code in record.codes:
        if (code, name) in categories:
            return (code, name)
        if (code, name) in further:
            return further[(code, name)]
    return key


def merge_records(records: list[RowRecord], report: FileReport) -> ImportPlan:
    """Fold the rows of a file into distinct categories, exporters and offers."""
    plan = ImportPlan()
    stored = StoredCategories()
    # (a further code of a planned category, its name key) → its key: a row listing the
    # codes of a product in another order, or only some of them, is the same product.
    further: dict[tuple[str, str], tuple[str, str]] = {}
    distinct_exporters = {id(r.exporter): r.exporter for r in records if r.exporter}
    bins_by_name = {name_key(e.name): e.bin for e in distinct_exporters.values() if e.bin}
    for record in records:
        category_key = record.category_key
        if category_key not in plan.categories and record.codes:
            category_key = _planned_key(record, category_key, plan.categories, further)
        category = plan.categories.get(category_key)
        if category is None:
            category = plan.categories[category_key] = PlannedCategory(
                record.row,
                record.sheet,
                _category_values(record),
                fallback_name=record.name,
                stored=stored,
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
        if record.codes != category.codes:
            gained = tuple(code for code in record.codes if code not in category.codes)
            category.codes += gained
            further.update({(code, category_key[1]): category_key for code in gained})
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


# An official's decisions in a preview, by possible_token: merge into this stored category,
# or (None) create a new one.
Decisions = Mapping[str, int | None]
CATEGORY_FIELDS = ("id", "code_key", "name_key", "name", "name_ru", "description", "is_published")
PUBLIC_NAMES = ("name", "name_ru")
NAMES = ("name", "name_ru", "name_kk")


def possible_token(key: tuple[str, str]) -> str:
    """Names a planned category's decision in a preview's form, the same at confirmation."""
    return hashlib.sha256("\x1f".join(key).encode()).hexdigest()[:16]


def compare_with_database(
    plan: ImportPlan, report: FileReport | None = None, *, decisions: Decisions | None = None
) -> None:
    """Find what already exists and decide, for each planned object, its action.

    A new category that is possibly the same as a stored one goes into report.possible
    unless decisions (an official's, from the preview) say what it is.
    """
    report = report if report is not None else FileReport("")
    _compare_categories(plan, report, decisions or {})
    _compare_exporters(plan)
    _compare_offers(plan)


def _compare_categories(plan: ImportPlan, report: FileReport, decisions: Decisions) -> None:
    by_key, by_russian_name = {}, {}
    rows = {row["id"]: row for row in ProductCategory.objects.values(*CATEGORY_FIELDS)}
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
    claimed: dict[int, tuple[str, str]] = {}
    unmatched = []
    for (code, key), planned in plan.categories.items():
        existing = by_key.get((code, key))
        if existing is None and planned.values["name_ru"]:
            existing = by_russian_name.get((code, name_key(planned.values["name_ru"])))
        if existing is not None:
            planned.compare(existing)
            claimed.setdefault(existing["id"], (code, key))
            _keep_names_that_say_the_same(planned, report)
            _warn_of_renames(planned, existing, report)
        elif code:
            unmatched.append((code, key))
    if unmatched:
        _match_same_products(plan, unmatched, rows, codes, claimed, report, decisions)


def _keep_names_that_say_the_same(planned: Planned, report: FileReport) -> None:
    """A stored name stays when the file's says the same in other words: "Buckwheat
    grain" for "Buckwheat" differs only in a word that says nothing of the product."""
    for name in PUBLIC_NAMES:
        old, new = planned.changes.get(name, ("", ""))
        if old and same_name(str(old), str(new)):
            del planned.changes[name]
            report.add(
                INFO,
                f"Keeps the {FIELD_LABELS[name]} '{old}': the file's '{new}' says the same.",
                sheet=planned.sheet,
                row=planned.first_row,
                value=str(new)[:200],
            )
    if planned.action == UPDATE and not planned.changes:
        planned.action = UNCHANGED


def _warn_of_renames(planned: Planned, existing: dict, report: FileReport) -> None:
    """A published name changing is for an official to see before it happens."""
    if not existing["is_published"]:
        return
    for name in PUBLIC_NAMES:
        old, new = planned.changes.get(name, ("", ""))
        if old:
            report.add(
                WARNING,
                f"Renames the published product '{existing['name']}': "
                f"{FIELD_LABELS[name]} '{old}' → '{new}'.",
                sheet=planned.sheet,
                row=planned.first_row,
                value=str(new)[:200],
            )


def _match_same_products(
    plan: ImportPlan,
    unmatched: list[tuple[str, str]],
    rows: dict[int, dict],
    codes: list[tuple[int, str]],
    claimed: dict[int, tuple[str, str]],
    report: FileReport,
    decisions: Decisions,
) -> None:
    """Categories the file names otherwise than the catalogue but that are the same
    product (see same_product): the stored ones are grouped by code once, and only the
    groups of the file's new categories."""
    wanted = {code for code, _ in unmatched}
    groups: dict[str, dict[int, Existing]] = {}
    for category_id, code in codes:
        if code in wanted:
            row = rows[category_id]
            groups.setdefault(code, {})[category_id] = Existing(
                category_id, (row["name"], row["name_ru"])
            )
    if not groups:
        return
    texts = HSCode.objects.filter(code__in=groups).values_list(
        "code", "description", "description_ru"
    )
    finder = SameProductFinder(
        {code: list(group.values()) for code, group in groups.items()},
        hs_texts={code: HSText(english, russian) for code, english, russian in texts},
    )
    offers_by_category: dict[tuple[str, str], list] = {}
    for code, key in unmatched:
        planned = plan.categories[(code, key)]
        match = finder.find(code, [planned.values["name"], planned.values["name_ru"]])
        target = match.same
        if target is None and match.possible:
            target = _decided(plan, (code, key), match.possible, rows, report, decisions)
        if target is None:
            continue
        label = f"'{rows[target]['name']}' ({dotted(code)})"
        if target in claimed:
            if not offers_by_category:
                for offer_key in plan.offers:
                    offers_by_category.setdefault(offer_key[0], []).append(offer_key)
            _fold_category(plan, (code, key), claimed[target], label, report, offers_by_category)
            continue
        claimed[target] = (code, key)
        planned.compare(rows[target])
        _keep_names(planned)
        plan.same_as[(code, key)] = label
        if match.same is not None:
            report.add(
                INFO,
                f"The same product as {label} in the catalogue: updates it and keeps its names.",
                sheet=planned.sheet,
                row=planned.first_row,
                value=planned.display_name,
            )


def _decided(
    plan: ImportPlan,
    key: tuple[str, str],
    candidates: tuple[int, ...],
    rows: dict[int, dict],
    report: FileReport,
    decisions: Decisions,
) -> int | None:
    """The stored category an official merged this one into, or None to create it."""
    planned = plan.categories[key]
    labels = [f"'{rows[c]['name']}' ({dotted(key[0])})" for c in candidates]
    token = possible_token(key)
    where = {"sheet": planned.sheet, "row": planned.first_row, "value": planned.display_name}
    if token in decisions and decisions[token] in candidates:
        chosen = decisions[token]
        report.add(INFO, f"Merged into {labels[candidates.index(chosen)]}, as decided.", **where)
        return chosen
    if token in decisions and decisions[token] is None:
        report.add(INFO, f"A new product, not {' or '.join(labels)}, as decided.", **where)
        return None
    report.possible.append(
        PossibleMatch(
            token,
            planned.display_name + (f" ({dotted(key[0])})" if key[0] else ""),
            planned.sheet,
            planned.first_row,
            tuple(zip(candidates, labels, strict=True)),
        )
    )
    report.add(
        WARNING,
        f"Possibly the same as {' or '.join(labels)} in the catalogue; imported as a new "
        "product unless an official merges it.",
        **where,
    )
    return None


def _keep_names(planned: Planned) -> None:
    """A product found under other words keeps its names; the file's fill only blanks."""
    for name in NAMES:
        old, _ = planned.changes.get(name, ("", ""))
        if old:
            del planned.changes[name]
    planned.action = UPDATE if planned.changes else UNCHANGED


def _fold_category(
    plan: ImportPlan,
    key: tuple[str, str],
    into: tuple[str, str],
    label: str,
    report: FileReport,
    offers_by_category: dict[tuple[str, str], list],
) -> None:
    """Two rows of the file that are one stored product become one planned category."""
    folded = plan.categories.pop(key)
    kept = plan.categories[into]
    for offer_key in offers_by_category.pop(key, []):
        offer = plan.offers.pop(offer_key)
        target_key = (into, offer_key[1])
        target = plan.offers.setdefault(target_key, offer)
        if target is offer:
            offers_by_category.setdefault(into, []).append(target_key)
        else:
            for name, value in offer.values.items():
                if target.values.get(name) in ("", None, ()):
                    target.values[name] = value
    report.add(
        WARNING,
        f"The same product as row {kept.first_row} ({label} in the catalogue); merged.",
        sheet=folded.sheet,
        row=folded.first_row,
        value=folded.display_name,
    )


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
