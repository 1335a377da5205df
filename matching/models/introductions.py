from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Introduction(models.Model):
    """A buyer's agreement that their contact details go to one matched exporter, and the
    introduction staff make once it is given. Without it staff see the match, never a way
    to pass the buyer's details on."""

    interest = models.ForeignKey(
        "matching.Interest",
        verbose_name=_("interest"),
        on_delete=models.CASCADE,
        related_name="introductions",
    )
    exporter = models.ForeignKey(
        "catalogue.Exporter",
        verbose_name=_("exporter"),
        on_delete=models.CASCADE,
        related_name="introductions",
    )
    agreed_at = models.DateTimeField(_("agreed by the buyer on"), auto_now_add=True)
    introduced_at = models.DateTimeField(_("introduced on"), null=True, blank=True)
    introduced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("introduced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["interest", "agreed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["interest", "exporter"], name="introduction_unique_interest_exporter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interest} → {self.exporter}"
