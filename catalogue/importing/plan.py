"""Merge a file's records into what an import will do: distinct categories, exporters and
offers (comparison.py then finds which exist).

Nothing here writes. A category is identified by (HS code as given, normalised
name), an exporter by its BIN or else its normalised name, an offer by
(exporter, category). Empty cells never blank out what the database holds.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter

from catalogue.hscodes import dotted
from catalogue.importing.records import ExporterRecord, OfferRecord, RowRecord
from catalogue.importing.report import WARNING, FileReport
from catalogue.importing.values import CertificationName
from catalogue.lib.messages import Message, gettext_noop
from catalogue.lib.normalise import name_key

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
    # The name a new category takes when the file gives no English one (the Russian,
    # else the Kazakh).
    fallback_name: str = ""
    # Every HS code the file gives the product, the primary first, and their column.
    codes: tuple[str, ...] = ()
    code_column: str = ""
    # The further codes a stored category lacks, added to it.
    new_codes: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        return self.values["name"] or self.fallback_name

    def compare(self, existing: dict[str, object], held: Collection[str] = ()) -> None:
        """As Planned.compare; a stored category holding the codes `held` also gains the
        further codes it lacks. Its primary code is what it was found by, and is not given
        back once an official has taken it away."""
        Planned.compare(self, existing)  # slots dataclasses have no zero-argument super()
        self.new_codes = ()
        self.gain_codes(self.codes[1:], held)

    def gain_codes(self, codes: Iterable[str], held: Collection[str]) -> None:
        """Add to the stored category the codes it does not hold yet."""
        gained = tuple(c for c in dict.fromkeys(codes) if c not in held and c not in self.new_codes)
        if not gained:
            return
        self.new_codes += gained
        before = [dotted(code) for code in sorted(held)]
        after = before + [dotted(code) for code in self.new_codes]
        self.changes["codes"] = (", ".join(before), ", ".join(after))
        self.action = UPDATE


@dataclass(slots=True)
class PlannedExporter(Planned):
    certifications: dict[str, CertificationName] = field(default_factory=dict)
    new_certifications: set[str] = field(default_factory=set)


@dataclass
class ImportPlan:
    categories: dict[tuple[str, str], PlannedCategory] = field(default_factory=dict)
    exporters: dict[tuple[str, str], PlannedExporter] = field(default_factory=dict)
    offers: dict[tuple[tuple[str, str], tuple[str, str]], Planned] = field(default_factory=dict)
    # Planned categories that update a stored one of other words (the same product, or
    # merged by an official's decision): key → the stored one's label.
    same_as: dict[tuple[str, str], str] = field(default_factory=dict)
    # Those an official merged: key → the stored category and the file's name for it,
    # remembered as ImportedName.
    decided: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)


# Fields of what an import writes, and columns of a file, as the report names them.
FIELD_LABELS = {
    "name": gettext_noop("English name"),
    "name_en": gettext_noop("English name"),
    "name_ru": gettext_noop("Russian name"),
    "name_kk": gettext_noop("Kazakh name"),
    "description": gettext_noop("description"),
    "description_ru": gettext_noop("Russian description"),
    "description_kk": gettext_noop("Kazakh description"),
    "code": gettext_noop("HS code"),
    "codes": gettext_noop("HS codes"),
    "exporter": gettext_noop("exporter"),
    "bin": gettext_noop("BIN"),
    "region": gettext_noop("region"),
    "website": gettext_noop("website"),
    "email": gettext_noop("e-mail"),
    "phone": gettext_noop("phone"),
    "contact": gettext_noop("contact"),
    "contact_name": gettext_noop("contact name"),
    "certifications": gettext_noop("certifications"),
    "capacity": gettext_noop("capacity"),
    "moq": gettext_noop("minimum order"),
    "unit": gettext_noop("unit"),
    "incoterms": gettext_noop("Incoterms"),
    "notes": gettext_noop("notes"),
    "number": gettext_noop("number"),
}


def field_label(name: str) -> Message:
    return Message(FIELD_LABELS[name]) if name in FIELD_LABELS else Message(name.replace("_", " "))


_ALSO_APPEARS = {
    "category": gettext_noop(
        "This product also appears on row %(row)s with a different %(field)s (%(current)s); "
        "row %(row)s's is kept."
    ),
    "exporter": gettext_noop(
        "This exporter also appears on row %(row)s with a different %(field)s (%(current)s); "
        "row %(row)s's is kept."
    ),
    "offer": gettext_noop(
        "This offer also appears on row %(row)s with a different %(field)s (%(current)s); "
        "row %(row)s's is kept."
    ),
}


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
                Message(
                    _ALSO_APPEARS[what],
                    row=planned.first_row,
                    field=field_label(name),
                    current=str(current),
                ),  # fmt: skip
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
        "description_ru": record.description_ru,
        "description_kk": record.description_kk,
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
        "notes": offer.notes,
    }


def _planned_key(
    record: RowRecord,
    key: tuple[str, str],
    categories: Mapping[tuple[str, str], PlannedCategory],
    aliases: Mapping[tuple[str, str], tuple[str, str]],
) -> tuple[str, str]:
    """The planned category with any of the record's codes under any of its names, when
    their names do not disagree, else its key: a row listing a product's codes in another
    order, or only some of them, or naming it in one language only, is the same product."""
    names = _name_keys(record, key[1])
    for code in record.codes:
        for name in names:
            found = (code, name) if (code, name) in categories else aliases.get((code, name))
            if found is not None and _agree(record, categories[found]):
                return found
    return key


def _name_keys(record: RowRecord, main: str) -> list[str]:
    """The keys a record's names are known by: its main name's (given), and a light one
    of each name (case and spacing aside: cheap enough for every row); _agree then
    compares the names themselves."""
    return [main, *(" ".join(n.casefold().split()) for n in _NAMES(record) if n)]


_NAMES = attrgetter("name_en", "name_ru", "name_kk")


def _agree(record: RowRecord, category: PlannedCategory) -> bool:
    """No language in which both have a name and the names differ."""
    pairs = ((record.name_en, "name"), (record.name_ru, "name_ru"), (record.name_kk, "name_kk"))
    return all(
        not ours or not (theirs := category.values[field]) or name_key(ours) == name_key(theirs)
        for ours, field in pairs
    )


def merge_records(records: list[RowRecord], report: FileReport) -> ImportPlan:
    """Fold the rows of a file into distinct categories, exporters and offers."""
    plan = ImportPlan()
    # (any code of a planned category, any of its names' keys) → its key.
    aliases: dict[tuple[str, str], tuple[str, str]] = {}
    distinct_exporters = {id(r.exporter): r.exporter for r in records if r.exporter}
    bins_of_name: dict[str, set[str]] = {}
    for exporter in distinct_exporters.values():
        if exporter.bin:
            bins_of_name.setdefault(name_key(exporter.name), set()).add(exporter.bin)
    # A row without a BIN is the company of that name's BIN, when the file gives one.
    bins_by_name = {name: next(iter(bins)) for name, bins in bins_of_name.items() if len(bins) == 1}
    for record in records:
        category_key = record_key = record.category_key
        if category_key not in plan.categories and record.codes:
            category_key = _planned_key(record, category_key, plan.categories, aliases)
        category = plan.categories.get(category_key)
        known_as = len(category.codes) if category else 0  # its aliases so far
        if category is None:
            category = plan.categories[category_key] = PlannedCategory(
                record.row,
                record.sheet,
                _category_values(record),
                fallback_name=record.name,
                code_column=record.code_column,
            )
        else:
            values = _category_values(record)
            if values != category.values:
                _merge(category, values, record, report, "category")
            if record.exporter is None:
                report.add(
                    WARNING,
                    Message(
                        gettext_noop("Repeats the product of row %(row)s; merged."),
                        row=category.first_row,
                    ),
                    sheet=record.sheet,
                    row=record.row,
                    value=record.name,
                )
        if record.codes != category.codes:
            category.codes += tuple(code for code in record.codes if code not in category.codes)
        # A category is known by its codes and names once, when they come.
        if len(category.codes) > known_as:
            names = _name_keys(record, record_key[1])
            for alias in ((c, n) for c in category.codes[known_as:] for n in names):
                aliases.setdefault(alias, category_key)
        if record.exporter is None:
            continue
        exporter_key = record.exporter.key
        if exporter_key[0] == "name" and exporter_key[1] in bins_by_name:
            exporter_key = ("bin", bins_by_name[exporter_key[1]])
        elif exporter_key[0] == "name" and exporter_key[1] in bins_of_name:
            report.add(
                WARNING,
                Message(
                    gettext_noop(
                        "No BIN, and the file gives %(companies)s companies of this name "
                        "different BINs: give this row's BIN to say which it is."
                    ),
                    companies=len(bins_of_name[exporter_key[1]]),
                ),
                sheet=record.sheet,
                row=record.row,
                value=record.exporter.name,
            )
        exporter = plan.exporters.get(exporter_key)
        values = _exporter_values(record.exporter)
        if exporter is None:
            exporter = plan.exporters[exporter_key] = PlannedExporter(
                record.row, record.sheet, values
            )
        else:
            _merge(exporter, values, record, report, "exporter")
        exporter.certifications.update({c.code: c for c in record.exporter.certifications})
        offer_key = (category_key, exporter_key)
        offer_values = _offer_values(record.offer or OfferRecord())
        offer = plan.offers.get(offer_key)
        if offer is None:
            plan.offers[offer_key] = Planned(record.row, record.sheet, offer_values)
        else:
            report.add(
                WARNING,
                Message(
                    gettext_noop("Repeats row %(row)s (same product and exporter); merged."),
                    row=offer.first_row,
                ),
                sheet=record.sheet,
                row=record.row,
                value=f"{record.name} / {record.exporter.name}",
            )
            _merge(offer, offer_values, record, report, "offer")
    return plan
