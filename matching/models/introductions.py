from __future__ import annotations

from django.conf import settings
from django.db import models


class Introduction(models.Model):
    """A buyer's agreement that their contact details go to one matched exporter, and the
    introduction staff make once it is given. Without it staff see the match, never a way
    to pass the buyer's details on."""

    interest = models.ForeignKey(
        "matching.Interest", on_delete=models.CASCADE, related_name="introductions"
    )
    exporter = models.ForeignKey(
        "catalogue.Exporter", on_delete=models.CASCADE, related_name="introductions"
    )
    agreed_at = models.DateTimeField(auto_now_add=True)
    introduced_at = models.DateTimeField(null=True, blank=True)
    introduced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["interest", "agreed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["interest", "exporter"], name="introduction_unique_interest_exporter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interest} → {self.exporter}"
