"""Matches follow the catalogue. Connected when the app is ready (MatchingConfig.ready); the
catalogue sends change_committed once a transaction that changed it commits
(catalogue/changes.py) and knows nothing of this app."""

from __future__ import annotations

from django.dispatch import receiver

from catalogue.changes import CatalogueChange, change_committed
from matching.matcher import open_interests_near, rematch


@receiver(change_committed, dispatch_uid="matching.rematch_near_change")
def rematch_near_change(sender, change: CatalogueChange, **kwargs) -> None:
    """Compute again the open interests the change can reach, and only those."""
    rematch(open_interests_near(change.category_ids, change.headings))
