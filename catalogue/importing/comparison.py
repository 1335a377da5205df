"""Compare a plan with the database: for each planned category, exporter and offer, whether
it exists and what the import changes in it.

A category is found by its key (the code and name the file gives), by a code an official
confirmed since, by its Russian name, by a name an official merged into it before
(ImportedName), else as the same product under other words (same_product.py); an uncertain
match is the official's decision.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping

from catalogue.hscodes import dotted
from catalogue.importing.plan import (
    CREATE,
    UNCHANGED,
    UPDATE,
    ImportPlan,
    Planned,
    PlannedCategory,
    field_label,
)
from catalogue.importing.report import INFO, WARNING, FileReport, PossibleMatch
from catalogue.importing.same_product import Existing, HSText, SameProductFinder, same_name
from catalogue.importing.values import name_language
from catalogue.lib.messages import Message, Name, gettext_noop
from catalogue.lib.normalise import name_key
from catalogue.models import CategoryCode, Exporter, HSCode, ImportedName, Offer, ProductCategory

# An official's decisions in a preview, by possible_token: merge into this stored category,
# or (None) create a new one.
Decisions = Mapping[str, int | None]
CATEGORY_FIELDS = ("id", "code_key", "name_key", "name", "name_ru", "name_kk", "description",
                   "description_ru", "description_kk", "is_published")  # fmt: skip
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
    folds = _Folds(plan, report if report is not None else FileReport(""))
    _compare_categories(plan, folds, decisions or {})
    _compare_exporters(plan, folds)
    _compare_offers(plan)


def _compare_categories(plan: ImportPlan, folds: _Folds, decisions: Decisions) -> None:
    report = folds.report
    by_key, by_russian_name = {}, {}
    rows = {row["id"]: row for row in ProductCategory.objects.values(*CATEGORY_FIELDS)}
    # A category is known by the code its spreadsheet gave and by any code an official
    # confirmed since: an exported catalogue carries the confirmed one.
    codes = [(row["id"], row["code_key"]) for row in rows.values()]
    held: dict[int, set[str]] = {}
    stored_codes = CategoryCode.objects.values_list("category_id", "hs_code_id", "status")
    for category_id, code, status in stored_codes:
        held.setdefault(category_id, set()).add(code)
        if status == CategoryCode.Status.CONFIRMED:
            codes.append((category_id, code))
    for category_id, code in codes:
        row = rows[category_id]
        by_key.setdefault((code, row["name_key"]), row)
        if row["name_ru"]:
            by_russian_name.setdefault((code, name_key(row["name_ru"])), row)
    # Names officials merged into a category in earlier imports: the category keeps its own.
    merged_before = {
        (code, key): category_id
        for code, key, category_id in ImportedName.objects.values_list(
            "code", "name_key", "category_id"
        )
    }
    for found_as, category_id in merged_before.items():
        by_key.setdefault(found_as, rows[category_id])
    claimed: dict[int, tuple[str, str]] = {}
    unmatched = []
    for (code, key), planned in list(plan.categories.items()):
        existing = by_key.get((code, key))
        if existing is None and planned.values["name_ru"]:
            existing = by_russian_name.get((code, name_key(planned.values["name_ru"])))
        if existing is not None and existing["id"] in claimed:
            # Two rows of the file found one stored product by different names or codes.
            label = _stored_label(existing, code)
            held_by = held.get(existing["id"], set()) | {code}
            folds.fold_category((code, key), claimed[existing["id"]], label, gain=held_by)
        elif existing is not None:
            planned.compare(existing, held.get(existing["id"], set()))
            claimed[existing["id"]] = (code, key)
            if merged_before.get((code, key)) == existing["id"] and existing["name_key"] != key:
                _keep_names(planned)
                plan.same_as[(code, key)] = _stored_label(existing, code)
                continue
            _keep_names_that_say_the_same(planned, report)
            if existing["name"] != planned.display_name:  # found by its Russian name
                plan.same_as[(code, key)] = _stored_label(existing, code)
        elif code:
            unmatched.append((code, key))
    if unmatched:
        _match_same_products(plan, unmatched, rows, codes, held, claimed, folds, decisions)
    _keep_names_taken(plan, rows, report)
    for planned in plan.categories.values():
        if planned.existing_id is not None:
            _warn_of_renames(planned, rows[planned.existing_id], report)
        elif not planned.values["name"]:
            report.add(
                WARNING,
                Message(
                    gettext_noop(
                        "A new product without an English name: created unpublished, so that "
                        "the English site does not show it in another language; publish it "
                        "once an official has given it one."
                    )
                ),
                sheet=planned.sheet,
                row=planned.first_row,
                value=planned.display_name,
            )


def _keep_names_that_say_the_same(planned: Planned, report: FileReport) -> None:
    """A stored name stays when the file's says the same in other words: "Buckwheat
    grain" for "Buckwheat" differs only in a word that says nothing of the product."""
    for name in PUBLIC_NAMES:
        old, new = planned.changes.get(name, ("", ""))
        if old and same_name(str(old), str(new)):
            del planned.changes[name]
            report.add(
                INFO,
                Message(
                    gettext_noop(
                        "Keeps the %(field)s '%(old)s': the file's '%(new)s' says the same."
                    ),
                    field=field_label(name),
                    old=str(old),
                    new=str(new),
                ),
                sheet=planned.sheet,
                row=planned.first_row,
                value=str(new)[:200],
            )
    if planned.action == UPDATE and not planned.changes:
        planned.action = UNCHANGED


def _keep_names_taken(plan: ImportPlan, rows: dict[int, dict], report: FileReport) -> None:
    """A rename onto the name another product of the same code has (stored, created by
    this file, or renamed to it before) is not made: the catalogue holds one product per
    code and name."""
    taken = {(row["code_key"], row["name_key"]) for row in rows.values()}
    taken |= {key for key, p in plan.categories.items() if p.action == CREATE}
    for planned in plan.categories.values():
        old, new = planned.changes.get("name", ("", ""))
        if not old:
            continue
        code = rows[planned.existing_id]["code_key"]
        if (code, name_key(str(new))) not in taken:
            taken.add((code, name_key(str(new))))
            continue
        del planned.changes["name"]
        planned.action = UPDATE if planned.changes else UNCHANGED
        report.add(
            WARNING,
            Message(
                gettext_noop(
                    "Not renamed to '%(new)s': another product of HS %(code)s has that name; "
                    "'%(old)s' stays."
                ),
                new=str(new),
                code=dotted(code),
                old=str(old),
            ),
            sheet=planned.sheet,
            row=planned.first_row,
            value=str(new)[:200],
        )


def _warn_of_renames(planned: Planned, existing: dict, report: FileReport) -> None:
    """A published name changing is for an official to see before it happens."""
    if not existing["is_published"]:
        return
    for name in PUBLIC_NAMES:
        old, new = planned.changes.get(name, ("", ""))
        if old:
            report.add(
                WARNING,
                Message(
                    gettext_noop(
                        "Renames the published product '%(product)s': %(field)s '%(old)s' → "
                        "'%(new)s'."
                    ),
                    product=existing["name"],
                    field=field_label(name),
                    old=str(old),
                    new=str(new),
                ),
                sheet=planned.sheet,
                row=planned.first_row,
                value=str(new)[:200],
            )


def _match_same_products(
    plan: ImportPlan,
    unmatched: list[tuple[str, str]],
    rows: dict[int, dict],
    codes: list[tuple[int, str]],
    held: dict[int, set[str]],
    claimed: dict[int, tuple[str, str]],
    folds: _Folds,
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
    report = folds.report
    for code, key in unmatched:
        planned = plan.categories[(code, key)]
        match = finder.find(code, [planned.values["name"], planned.values["name_ru"]])
        target, possible = match.same, match.possible
        if target is not None and set(planned.codes) - held.get(target, {code}):
            # A row that also lists codes the product lacks spans more than it: the
            # official says whether it is that product.
            target, possible = None, (target,)
        if target is None and possible:
            target = _decided(plan, (code, key), possible, rows, report, decisions)
        if target is None:
            continue
        label = _stored_label(rows[target], code)
        if target in claimed:
            folds.fold_category((code, key), claimed[target], label)
            continue
        claimed[target] = (code, key)
        # Found under other words, it keeps its names and its codes.
        planned.compare(rows[target], planned.codes)
        if further := [c for c in planned.codes if c not in held.get(target, {code})]:
            report.add(
                WARNING,
                Message(
                    gettext_noop(
                        "Merged into %(label)s, which keeps its codes: %(codes)s not added to it."
                    ),
                    label=label,
                    codes=", ".join(map(dotted, further)),
                ),
                sheet=planned.sheet,
                row=planned.first_row,
                value=planned.display_name,
            )
        _keep_names(planned)
        plan.same_as[(code, key)] = label
        if match.same == target:
            message = (
                gettext_noop(
                    "The same product as %(label)s in the catalogue: updates it; its names are "
                    "kept."
                )
                if planned.action == UPDATE
                else gettext_noop(
                    "The same product as %(label)s in the catalogue: nothing changes in it; its "
                    "names are kept."
                )
            )
            report.add(
                INFO,
                Message(message, label=label),
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
    labels = [_stored_label(rows[c], key[0]) for c in candidates]
    token = possible_token(key)
    where = {"sheet": planned.sheet, "row": planned.first_row, "value": planned.display_name}
    if token in decisions and decisions[token] in candidates:
        chosen = decisions[token]
        plan.decided[key] = (chosen, planned.display_name)
        message = Message(
            gettext_noop("Merged into %(label)s, as decided."),
            label=labels[candidates.index(chosen)],
        )
        report.add(INFO, message, **where)
        return chosen
    if token in decisions and decisions[token] is None:
        message = Message(
            gettext_noop("A new product, not %(labels)s, as decided."), labels=_either(labels)
        )
        report.add(INFO, message, **where)
        return None
    report.possible.append(
        PossibleMatch(
            token,
            planned_label(planned, key[0]),
            planned.sheet,
            planned.first_row,
            tuple(zip(candidates, labels, strict=True)),
        )
    )
    report.add(
        WARNING,
        Message(
            gettext_noop(
                "Possibly the same as %(labels)s in the catalogue: an official decides in the "
                "preview; otherwise it is imported as a new product."
            ),
            labels=_either(labels),
        ),
        **where,
    )
    return None


def planned_label(planned: PlannedCategory, code: str) -> Message:
    """A category of the file as an official reads it, named in their language where the
    file names it so: Durum wheat (1001.19), «Қатты бидай (1001.19)»."""
    values = planned.values
    name = Name(planned.display_name, values["name_ru"], values["name_kk"])
    if not code:
        return Message("%(name)s", name=name)
    return Message("%(name)s (%(code)s)", name=name, code=dotted(code))


def _stored_label(row: dict, code: str) -> str:
    """A stored category as an official reads it: 'Buckwheat' (1008.10), named in their
    language, and whether the public sees it."""
    name = Name(row["name"], row["name_ru"], row["name_kk"])
    label = Message("'%(name)s' (%(code)s)", name=name, code=dotted(code))
    return (
        label
        if row["is_published"]
        else Message(gettext_noop("%(label)s (unpublished)"), label=label)
    )


def _either(labels: list[str]) -> str:
    """'Buckwheat' (1008.10) or 'Groats' (1008.10)."""
    either = labels[-1]
    for label in reversed(labels[:-1]):
        either = Message(gettext_noop("%(one)s or %(other)s"), one=label, other=either)
    return either


def _keep_names(planned: Planned) -> None:
    """A product found under other words keeps its names; the file's fill only blanks."""
    for name in NAMES:
        old, _ = planned.changes.get(name, ("", ""))
        if old:
            del planned.changes[name]
    planned.action = UPDATE if planned.changes else UNCHANGED


class _Folds:
    """Rows of the file that turn out to be one stored product (or exporter) become one
    planned object, their offers with them."""

    def __init__(self, plan: ImportPlan, report: FileReport) -> None:
        self.plan, self.report = plan, report
        self._offers: tuple[dict, dict] | None = None  # offer keys by category, by exporter

    def fold_category(
        self,
        key: tuple[str, str],
        into: tuple[str, str],
        label: str,
        gain: Collection[str] | None = None,
    ) -> None:
        """gain: the codes the stored product holds, when it gains the folded row's
        further codes; None when it was found under other words and keeps its own."""
        folded = self.plan.categories.pop(key)
        kept = self.plan.categories[into]
        further = [c for c in folded.codes if c not in kept.codes]
        if further and gain is not None:
            kept.codes += tuple(further)
            kept.gain_codes(further, gain)
        self._move_offers(0, key, into)
        self.report.add(
            WARNING,
            Message(
                gettext_noop(
                    "The same product as row %(row)s (%(label)s in the catalogue); merged."
                ),
                row=kept.first_row,
                label=label,
            ),
            sheet=folded.sheet,
            row=folded.first_row,
            value=folded.display_name,
        )

    def fold_exporter(self, key: tuple[str, str], into: tuple[str, str], name: str) -> None:
        folded = self.plan.exporters.pop(key)
        kept = self.plan.exporters[into]
        for code, title in folded.certifications.items():
            kept.certifications.setdefault(code, title)
        self._move_offers(1, key, into)
        self.report.add(
            WARNING,
            Message(
                gettext_noop(
                    "The same exporter as row %(row)s ('%(name)s' in the catalogue); merged."
                ),
                row=kept.first_row,
                name=name,
            ),
            sheet=folded.sheet,
            row=folded.first_row,
            value=str(folded.values["name"]),
        )

    def _move_offers(self, side: int, old: tuple[str, str], new: tuple[str, str]) -> None:
        if self._offers is None:
            self._offers = ({}, {})
            for offer_key in self.plan.offers:
                for s in (0, 1):
                    self._offers[s].setdefault(offer_key[s], []).append(offer_key)
        for offer_key in self._offers[side].pop(old, []):
            offer = self.plan.offers.pop(offer_key, None)
            if offer is None:  # moved already, under its other side
                continue
            target_key = (new, offer_key[1]) if side == 0 else (offer_key[0], new)
            target = self.plan.offers.setdefault(target_key, offer)
            if target is offer:
                self._offers[side].setdefault(new, []).append(target_key)
                self._offers[1 - side].setdefault(target_key[1 - side], []).append(target_key)
                continue
            for name, value in offer.values.items():
                if target.values.get(name) in ("", None, ()):
                    target.values[name] = value


def _compare_exporters(plan: ImportPlan, folds: _Folds) -> None:
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
    claimed: dict[int, tuple[str, str]] = {}
    for (kind, key), planned in list(plan.exporters.items()):
        existing = by_bin.get(key) if kind == "bin" else None
        if existing is None:
            candidate = by_name.get(name_key(planned.values["name"]))
            # A BIN in the file fills in an exporter known by name only.
            if candidate and (kind == "name" or not candidate["bin"]):
                existing = candidate
        into = claimed.get(existing["id"]) if existing is not None else None
        if into is not None and not (kind == into[0] == "bin"):
            # Two rows of the file found one stored exporter by its BIN and by its name.
            folds.fold_exporter((kind, key), into, existing["name"])
            planned = plan.exporters[into]
        elif existing is None or into is not None:  # another BIN: another company
            planned.new_certifications = set(planned.certifications)
            continue
        else:
            claimed[existing["id"]] = (kind, key)
            planned.compare(existing)
            _keep_latin_name(planned, folds.report)
        planned.new_certifications = set(planned.certifications) - held.get(existing["id"], set())
        if planned.new_certifications and planned.action == UNCHANGED:
            planned.action = UPDATE


def _keep_latin_name(planned: Planned, report: FileReport) -> None:
    """An exporter's name in Latin letters, which the English site shows, stays when a
    file (a Russian form) writes it in Cyrillic; any other rename is for an official to see."""
    old, new = planned.changes.get("name", ("", ""))
    if not old:
        return
    where = {"sheet": planned.sheet, "row": planned.first_row, "value": str(new)[:200]}
    if name_language(str(old)) == "name_en" and name_language(str(new)) != "name_en":
        del planned.changes["name"]
        planned.action = UPDATE if planned.changes else UNCHANGED  # certifications follow
        message = gettext_noop("Keeps the exporter's name '%(old)s', which the English site shows.")
        report.add(INFO, Message(message, old=str(old)), **where)
    else:
        message = gettext_noop("Renames the exporter '%(old)s' → '%(new)s'.")
        report.add(WARNING, Message(message, old=str(old), new=str(new)), **where)


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
        "id", "exporter_id", "category_id", "capacity", "unit", "moq", "incoterms", "notes"
    )
    for row in existing:
        planned = by_ids.get((row["exporter_id"], row["category_id"]))
        if planned is not None:
            planned.compare(row)
