from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalogue.lib.shown_messages import shown_kept


class Match(models.Model):
    """An exporter's offer scored against one line of a buyer's interest."""

    class Status(models.TextChoices):
        # Read as a match's status: Russian agrees with «совпадение» (предложено).
        SUGGESTED = "suggested", pgettext_lazy("match status", "suggested")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    # Served by the (line, offer) unique index.
    line = models.ForeignKey(
        "matching.InterestLine",
        verbose_name=_("product line"),
        on_delete=models.CASCADE,
        related_name="matches",
        db_index=False,
    )
    offer = models.ForeignKey(
        "catalogue.Offer", verbose_name=_("offer"), on_delete=models.CASCADE, related_name="matches"
    )
    score = models.FloatField(_("score"), help_text=_("0 to 1."))
    # Each a kept message (catalogue.lib.messages.Message.as_data), shown in the reader's
    # language by shown_reasons(); matches computed before that keep English text.
    reasons = models.JSONField(
        _("reasons"), default=list, help_text=_("Plain-language reasons, in order.")
    )
    # The exporter's products that are the one asked for: a match is one per exporter and
    # line, its best offer the one linked.
    products = models.JSONField(_("matching products"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUGGESTED
    )
    staff_notes = models.TextField(_("staff notes"), blank=True)
    computed_at = models.DateTimeField(_("computed on"), auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("match")
        ordering = ["line", "-score"]
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["line", "offer"], name="match_unique_line_offer"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=1), name="match_score_0_to_1"
            ),
        ]
        indexes = [
            # Best matches of a line first.
            models.Index(fields=["line", "-score"], name="match_line_score_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.line} ↔ {self.offer.exporter} ({self.score:.2f})"

    def shown_reasons(self) -> list[str]:
        """The reasons in the active language."""
        return shown_reasons(self.reasons)


def shown_reasons(reasons: list) -> list[str]:
    """Kept reasons (Match.reasons, as a query's values give them) in the active language."""
    return [shown_kept(reason) for reason in reasons]
