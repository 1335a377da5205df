"""What an import found and did: issues with their place in the file, and counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal

from catalogue.lib.messages import Message, Quantity, gettext_noop, ngettext_noop
from catalogue.lib.normalise import clean_text

ERROR, WARNING, INFO = "error", "warning", "info"
# Issues listed per row of a file and per level in all; the rest are counted.
MAX_PER_ROW = 20
MAX_PER_LEVEL = 2000


@dataclass(frozen=True)
class Issue:
    level: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""

    def location(self, file_name: str) -> str:
        parts = [file_name, self.sheet, "" if self.row is None else str(self.row), self.column]
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        return ":".join(parts)

    def as_dict(self) -> dict:
        data = asdict(self)
        del data["level"]
        return data


@dataclass(frozen=True)
class FieldChange:
    """One field an update changes, as an official reads it."""

    label: str  # a Message: the field's name
    old: object
    new: object
    created: bool = False  # a field of what the import creates: no old value

    def message(self) -> Message:
        if self.created:
            return Message("%(field)s: %(new)s", field=self.label, new=_shown(self.new))
        return Message(
            "%(field)s: %(old)s → %(new)s",
            field=self.label,
            old=_shown(self.old),
            new=_shown(self.new),
        )

    def __str__(self) -> str:
        return str(self.message())


def _shown(value: object) -> str | Quantity:
    if value in ("", None):
        return Message(gettext_noop("(blank)"))
    if isinstance(value, Decimal):  # 20000.000 as stored, 22000 as read: both 20,000
        return Quantity(value.normalize())  # written as the reader's language writes it
    text = str(value)
    text = text if len(text) <= 200 else text[:199] + "…"
    return f"'{text}'" if isinstance(value, str) else text


# What an import creates or updates, by Change.kind, as its report names it.
KINDS = {
    "category": gettext_noop("category"),
    "exporter": gettext_noop("exporter"),
    "offer": gettext_noop("offer"),
}
ACTIONS = {
    "created": gettext_noop("to create"),
    "updated": gettext_noop("to update"),
    "unchanged": gettext_noop("unchanged"),
}


@dataclass(frozen=True)
class Change:
    """One object an import creates or updates, for previews and the stored report."""

    kind: str
    action: str
    label: str
    sheet: str
    row: int
    fields: tuple[FieldChange, ...] = ()

    def what(self) -> Message:
        return Message("%(kind)s: %(label)s", kind=Message(KINDS[self.kind]), label=self.label)

    def note(self) -> Issue:
        """An update as a note of the batch's stored report."""
        what = {"kind": Message(KINDS[self.kind]), "label": self.label}
        if self.fields:
            changes = [f.message() for f in self.fields]
            message = Message(gettext_noop("Updates %(kind)s %(label)s: %(changes)s."),
                              changes=changes, **what)  # fmt: skip
        else:
            message = Message(gettext_noop("Updates %(kind)s %(label)s."), **what)
        label = clean_text(self.label)
        return Issue(INFO, message.cleaned(), self.sheet, self.row, value=label)


@dataclass(frozen=True)
class PossibleMatch:
    """A new product that may be one the catalogue holds: an official decides."""

    token: str  # names the decision in a preview's form
    label: str
    sheet: str
    row: int
    candidates: tuple[tuple[int, str], ...]  # (category id, label), likeliest first


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, action: str) -> None:
        setattr(self, action, getattr(self, action) + 1)


_LEFT_OUT = {
    ERROR: ngettext_noop(
        "%(count)s more error not listed: the file repeats it; fix the ones listed and "
        "check it again.",
        "%(count)s more errors not listed: the file repeats them; fix the ones listed and "
        "check it again.",
    ),
    WARNING: ngettext_noop(
        "%(count)s more warning not listed: the file repeats it; fix the ones listed and "
        "check it again.",
        "%(count)s more warnings not listed: the file repeats them; fix the ones listed and "
        "check it again.",
    ),
    INFO: ngettext_noop(
        "%(count)s more note not listed: the file repeats it; fix the ones listed and "
        "check it again.",
        "%(count)s more notes not listed: the file repeats them; fix the ones listed and "
        "check it again.",
    ),
}


@dataclass
class FileReport:
    file_name: str
    issues: list[Issue] = field(default_factory=list)
    categories: Tally = field(default_factory=Tally)
    exporters: Tally = field(default_factory=Tally)
    offers: Tally = field(default_factory=Tally)
    changes: list[Change] = field(default_factory=list)
    possible: list[PossibleMatch] = field(default_factory=list)
    skipped: int = 0
    written: bool = False
    batch_id: int | None = None
    # Issues past the limits below, counted by level and not listed.
    left_out: Counter = field(default_factory=Counter)
    # Changes and possible matches past those a preview page lists (a report kept for it).
    changes_left_out: int = 0
    possible_left_out: int = 0
    _per_row: Counter = field(default_factory=Counter, repr=False)
    _listed: Counter = field(default_factory=Counter, repr=False)

    def add(self, level: str, message: str | Message, **where) -> None:
        """Record an issue; text from the file in it is cleaned so it can always be stored.

        A file can say the same wrong thing a million times: past MAX_PER_ROW issues of one
        level in one row and MAX_PER_LEVEL of one level in all, issues are only counted (see
        close); an error is always listed first, so a file with errors never looks clean.
        """
        row = where.get("row")
        if row is not None:
            place = (where.get("sheet", ""), row, level)
            self._per_row[place] += 1
            if self._per_row[place] > MAX_PER_ROW:
                self.left_out[level] += 1
                return
        if self._listed[level] >= MAX_PER_LEVEL and (level != ERROR or row is not None):
            self.left_out[level] += 1
            return
        self._listed[level] += 1
        where = {k: clean_text(v) if isinstance(v, str) else v for k, v in where.items()}
        message = message.cleaned() if isinstance(message, Message) else clean_text(message)
        self.issues.append(Issue(level, message, **where))

    def close(self) -> None:
        """Say how many issues were left out, once everything has been checked."""
        for level, count in sorted(self.left_out.items()):
            # A warning: an error without a row would stop importing the valid rows.
            self.issues.append(Issue(WARNING, Message(_LEFT_OUT[level], count=count)))
        self.left_out.clear()

    def shortened(self, most: int) -> FileReport:
        """A copy that lists at most `most` changes and possible matches, and counts the rest:
        what a preview page shows, kept without the rows it never reads."""
        return replace(
            self,
            changes=self.changes[:most],
            possible=self.possible[:most],
            changes_left_out=self.changes_left_out + max(0, len(self.changes) - most),
            possible_left_out=self.possible_left_out + max(0, len(self.possible) - most),
        )

    def of_level(self, level: str) -> list[Issue]:
        return [i for i in self.issues if i.level == level]

    @property
    def errors(self) -> list[Issue]:
        return self.of_level(ERROR)

    @property
    def only_row_errors(self) -> bool:
        """Every error sits in a row of data, so importing the other rows is possible."""
        return all(i.row is not None for i in self.errors)

    @property
    def warnings(self) -> list[Issue]:
        return self.of_level(WARNING)

    def total(self, action: str) -> int:
        return sum(getattr(t, action) for t in (self.categories, self.exporters, self.offers))

    def as_dict(self) -> dict:
        return {
            "file": self.file_name,
            "written": self.written,
            "created": self.total("created"),
            "updated": self.total("updated"),
            "unchanged": self.total("unchanged"),
            "skipped": self.skipped,
            "details": {
                "categories": asdict(self.categories),
                "exporters": asdict(self.exporters),
                "offers": asdict(self.offers),
            },
            "errors": [i.as_dict() for i in self.errors],
            "warnings": [i.as_dict() for i in self.warnings],
            "notes": [i.as_dict() for i in self.of_level(INFO)],
            "possibly_the_same": [
                {
                    "sheet": p.sheet,
                    "row": p.row,
                    "product": p.label,
                    "candidates": [label for _, label in p.candidates],
                }
                for p in self.possible
            ],
            "updates": [
                {
                    "sheet": c.sheet,
                    "row": c.row,
                    "what": f"{c.kind}: {c.label}",
                    "changes": [str(f) for f in c.fields],
                }  # fmt: skip
                for c in self.changes
                if c.action == "updated"
            ],
        }
