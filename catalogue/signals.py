"""Signals the catalogue sends. The matching app listens; the catalogue knows nothing of it."""

from django.db import transaction
from django.dispatch import Signal

# Sent, once the transaction commits, when categories, codes, exporters or offers changed:
# matches of open interests must be computed again.
catalogue_changed = Signal()


def announce_catalogue_change() -> None:
    transaction.on_commit(lambda: catalogue_changed.send(sender="catalogue"))
