"""The one public path by which a catalogue change reaches search and matching.

The road starts at propagate_change(category_ids). Whatever changed categories, their HS
codes, exporters or offers calls it with the categories concerned: the model-signal
receivers in catalogue/receivers.py (admin pages and inlines, bulk delete actions, the
services of catalogue/services.py, the shell) and the importer (catalogue/importing/write.py),
whose bulk writes send no model signals. From there:

- search follows at once, inside the transaction;
- once the transaction commits, change_committed is sent, once however many changes the
  transaction held, with a CatalogueChange: the categories and the HS headings of their
  codes before and after the change. Matching listens (matching/receivers.py); the catalogue
  knows nothing of it.

"Before" is as each category stood when the transaction first touched it: at before_change(),
which the receivers call before a code is saved or deleted, else at propagate_change().
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal

from catalogue import search
from catalogue.models import CategoryCode
from catalogue.search.documents import rows_among
from catalogue.suggest.service import mappings_changed

# Sent after commit, once a transaction, with change=CatalogueChange(...).
change_committed = Signal()


@dataclass(frozen=True)
class CatalogueChange:
    """What one committed transaction changed in the catalogue."""

    category_ids: frozenset[int]
    headings_before: frozenset[str]  # 4-digit HS headings of their codes, before
    headings_after: frozenset[str]  # and after (none for a deleted category)

    @property
    def headings(self) -> frozenset[str]:
        return self.headings_before | self.headings_after


def propagate_change(category_ids: Iterable[int | None]) -> None:
    """Call after changing categories, their codes, exporters or offers (the categories of
    those): search follows at once, listeners once the transaction commits."""
    ids = set(category_ids) - {None}
    if not ids:
        return
    search.reindex(ids)
    mappings_changed()  # names and confirmed codes are what the suggester learns from
    change = _pending_change()
    change.remember(ids)
    change.category_ids |= ids
    if transaction.get_autocommit():  # no transaction open: the writes are committed
        change.send()


def before_change(category_ids: Iterable[int | None]) -> None:
    """Call before saving or deleting HS codes of these categories: the headings they have
    now are the ones matches were computed for."""
    _pending_change().remember(category_ids)


def headings_of(category_ids: Iterable[int]) -> set[str]:
    """The 4-digit HS headings of these categories' codes (all codes, not only primary ones:
    an offer is scored against each)."""
    codes = CategoryCode.objects.values_list("category_id", "hs_code_id")
    return {code[:4] for _, code in rows_among(codes, "category_id", set(category_ids))}


class _PendingChange:
    """What this thread's open transaction has changed so far."""

    def __init__(self) -> None:
        self.category_ids: set[int] = set()
        self.headings_before: set[str] = set()
        self.seen: set[int] = set()
        self.scheduled = False

    def remember(self, category_ids: Iterable[int | None]) -> None:
        first_seen = set(category_ids) - self.seen - {None}
        if first_seen:
            self.headings_before |= headings_of(first_seen)
            self.seen |= first_seen

    def send(self) -> None:
        if _local.pending and _local.pending() is self:  # a later change starts afresh
            _local.pending = _local.held = None
        ids, self.category_ids = self.category_ids, set()  # sent once, even if called again
        if not ids:
            return
        change = CatalogueChange(
            category_ids=frozenset(ids),
            headings_before=frozenset(self.headings_before),
            headings_after=frozenset(headings_of(ids)),
        )
        change_committed.send(sender=CatalogueChange, change=change)


class _Local(threading.local):
    pending: weakref.ref[_PendingChange] | None = None
    held: _PendingChange | None = None  # outside a transaction, until propagate_change


_local = _Local()


def _pending_change() -> _PendingChange:
    """The change this thread's transaction gathers, begun at its first touch.

    Its send() is handed to transaction.on_commit then, and only Django's list of on-commit
    callbacks keeps it alive: a rollback, of the transaction or of the savepoint it began
    in, discards the callback and the change with it, so nothing leaks into the next
    transaction. Outside a transaction (a save in the shell), the change is held here from
    the save's pre_save until its post_save sends it.
    """
    change = _local.pending() if _local.pending else None
    if change is None:
        change = _PendingChange()
        _local.pending = weakref.ref(change)
    if transaction.get_autocommit():
        _local.held = change
    elif not change.scheduled:
        change.scheduled = True
        _local.held = None
        transaction.on_commit(change.send)
    return change
