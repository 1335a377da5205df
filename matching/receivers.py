"""Matches follow the catalogue. Connected when the app is ready (MatchingConfig.ready); the
catalogue sends change_committed once a transaction that changed it commits
(catalogue/changes.py) and knows nothing of this app."""

from __future__ import annotations

from django.dispatch import receiver

from catalogue.changes import CatalogueChange, change_committed
from matching.jobs import start_rematch
from matching.models import Interest


@receiver(change_committed, dispatch_uid="matching.rematch_near_change")
def rematch_near_change(sender, change: CatalogueChange, **kwargs) -> None:
    """Compute again, in a worker, the open interests the change can reach, and only those:
    the official's save does not wait on it. With no open request, there is nothing to do."""
    if Interest.objects.open().exists():
        start_rematch(change)
