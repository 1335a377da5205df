"""Signals the catalogue sends. The matching app listens; the catalogue knows nothing of it."""

from django.db import connection, transaction
from django.dispatch import Signal

# Sent, once the transaction commits, when categories, codes, exporters or offers changed:
# matches of open interests must be computed again.
catalogue_changed = Signal()


def _send() -> None:
    catalogue_changed.send(sender="catalogue")


def announce_catalogue_change() -> None:
    """Once a transaction, however many changes it holds."""
    if any(func is _send for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(_send)
