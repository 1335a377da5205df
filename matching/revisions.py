"""A buyer's new request that repeats lines of their earlier, confirmed ones.

Nothing a submission carries reaches what is stored until the address owner confirms it:
the confirmation page and e-mail list what would change (the lines it updates, the
company details it replaces), and confirming applies exactly that.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.lib.formatting import format_date, format_money, format_number, format_quantity
from catalogue.lib.messages import Message, gettext_noop
from catalogue.lib.normalise import name_key
from matching.models import Buyer, Interest, InterestLine, StatusChange
from matching.models.interests import BUYER_FIELDS

# A request repeating a line that the same address sent within a day revises that line.
REVISION_WINDOW = timedelta(hours=24)
LINE_FIELDS = (
    "quantity", "unit", "frequency", "incoterm", "port", "port_other", "timeframe",
    "required_certification", "notes", "target_price", "currency", "price_basis",
    "specifications", "packaging", "pack_size", "delivery_from", "delivery_to",
    "rules_seen",  # an earlier line kept without it would lose what the buyer acknowledged
)  # fmt: skip


def line_keys(line: InterestLine) -> set[tuple]:
    """What makes two lines the same request: the category, or the same words (the buyer's,
    or the category's name typed out)."""
    names = [line.free_text, line.category.name if line.category_id else ""]
    keys = {("text", key) for key in map(name_key, names) if key}
    return keys | {("category", line.category_id)} if line.category_id else keys


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.label}: {self.before or '—'} → {self.after or '—'}"


@dataclass(frozen=True)
class Revision:
    line: InterestLine  # in the request being confirmed
    earlier: InterestLine  # in an open, confirmed request of the same buyer
    changes: tuple[FieldChange, ...]


def _shown(obj: Model, name: str) -> str:
    """A field's value as the buyer reads it: labels of choices, certifications by name,
    numbers in the reader's format."""
    field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if name == "required_certification":
        return obj.certification_name
    if name == "quantity":
        return format_quantity(value, obj.unit)
    if name == "target_price":
        return format_money(value, obj.currency)
    if name == "rules_seen":
        return obj.shown_rules_seen()
    if field.choices:
        return str(dict(field.flatchoices).get(value, value)) if value else ""
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, date):
        return format_date(value)
    return "" if value is None else str(value)


def _changes(before: Model, after: Model, names) -> tuple[FieldChange, ...]:
    """What `after` changes in `before`; a field `after` leaves blank changes nothing."""
    return tuple(
        FieldChange(
            str(before._meta.get_field(name).verbose_name),
            _shown(before, name),
            _shown(after, name),
        )
        for name in names
        if getattr(after, name) not in ("", None) and getattr(before, name) != getattr(after, name)
    )


def revisions_of(interest: Interest) -> list[Revision]:
    """The lines of this request that repeat a line of the buyer's confirmed requests of
    the day before, each with what confirming it changes there."""
    earlier_lines = (
        InterestLine.objects.filter(
            interest__buyer_id=interest.buyer_id,
            interest__in=Interest.objects.open(),
            interest__created_at__gte=interest.created_at - REVISION_WINDOW,
        )
        .exclude(interest=interest)
        .select_related("interest", "category")
        .order_by("interest__created_at", "pk")
    )
    # The newest earlier line of each kind wins.
    by_key = {key: line for line in earlier_lines for key in line_keys(line)}
    revisions = []
    for line in interest.lines.select_related("category"):
        earlier = next((by_key[k] for k in line_keys(line) if k in by_key), None)
        if earlier is not None:
            revisions.append(Revision(line, earlier, _changes(earlier, line, LINE_FIELDS)))
    return revisions


@dataclass(frozen=True)
class Confirmation:
    """What confirming a request does, as its owner is shown it."""

    revisions: list[Revision]
    details_changes: tuple[FieldChange, ...]
    fingerprint: str  # sent back with the confirmation: it confirms what was shown


def what_confirming_does(interest: Interest) -> Confirmation:
    revisions = revisions_of(interest)
    details = details_changes(interest) + contact_changes(interest, revisions)
    shown = [
        [(line.category_id, line.free_text, *map(str, (getattr(line, n) for n in LINE_FIELDS)))
         for line in interest.lines.all()],
        [(r.line.pk, r.earlier.pk, *map(str, r.changes)) for r in revisions],
        list(map(str, details)),
        sorted(interest.submitted_buyer.items()),
        [interest.contact_channel, interest.contact_times],
    ]  # fmt: skip
    return Confirmation(revisions, details, hashlib.sha256(repr(shown).encode()).hexdigest())


def details_changes(interest: Interest) -> tuple[FieldChange, ...]:
    """The company details on record that confirming this request replaces."""
    sent = {name: value for name, value in interest.submitted_buyer.items() if name in BUYER_FIELDS}
    return _changes(interest.buyer, Buyer(**sent), sent)


# How a buyer wants to be reached: a request that updates earlier ones updates these too.
CONTACT_FIELDS = ("contact_channel", "contact_times")


def contact_changes(interest: Interest, revisions: list[Revision]) -> tuple[FieldChange, ...]:
    """How the requests this one updates will say the buyer wants to be reached."""
    earlier = {r.earlier.interest_id: r.earlier.interest for r in revisions}
    changes: dict[str, FieldChange] = {}
    for other in earlier.values():
        for change in _changes(other, interest, CONTACT_FIELDS):
            changes.setdefault(str(change), change)
    return tuple(changes.values())


def apply_details(interest: Interest) -> None:
    """The company details sent with the request become the buyer's record."""
    buyer = Buyer.objects.select_for_update().get(pk=interest.buyer_id)
    changed = [
        name
        for name, value in interest.submitted_buyer.items()
        if name in BUYER_FIELDS and getattr(buyer, name) != value
    ]
    for name in changed:
        setattr(buyer, name, interest.submitted_buyer[name])
    if changed:
        buyer.save(update_fields=[*changed, "updated_at"])
    interest.buyer = buyer


def apply_revisions(interest: Interest, *, user=None) -> list[Interest]:
    """Update the earlier lines this request repeats and drop them from it; returns the
    earlier requests updated. Each keeps a note of what changed, and who confirmed it."""
    revisions = revisions_of(interest)
    if not revisions:
        return []
    locked = {
        i.pk: i
        for i in Interest.objects.select_for_update().filter(
            pk__in={r.earlier.interest_id for r in revisions}
        )
    }
    notes: dict[int, list[str]] = {}
    for revision in revisions:
        earlier = revision.earlier
        for name in LINE_FIELDS:
            if getattr(revision.line, name) not in ("", None):
                setattr(earlier, name, getattr(revision.line, name))
        if revision.line.rules_seen:
            earlier.rules_seen_data = revision.line.rules_seen_data
        earlier.save()
        revision.line.delete()
        changed = "; ".join(map(str, revision.changes)) or _("no change")
        notes.setdefault(earlier.interest_id, []).append(f"{earlier}: {changed}")
    for interest_id, lines in notes.items():
        other = locked[interest_id]
        # How the buyer wants to be reached now holds for what they asked before, too.
        contact = {n: getattr(interest, n) for n in CONTACT_FIELDS if getattr(interest, n)}
        if contact:
            Interest.objects.filter(pk=other.pk).update(**contact, updated_at=timezone.now())
        note = Message(
            gettext_noop("Updated from request #%(pk)s, confirmed by %(who)s: %(lines)s"),
            pk=str(interest.pk),
            who=user.get_username() if user else Message(gettext_noop("the buyer")),
            lines=" | ".join(lines),
        )
        StatusChange.objects.create(
            interest=other,
            from_status=other.status,
            to_status=other.status,
            changed_by=user,
            note=str(note),
            note_data=note.as_data(),
        )
    return list(locked.values())
