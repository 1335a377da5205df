from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from matching.models import InterestLine


class MeetingRequest(models.Model):
    """A meeting an exporter and a buyer may have: proposed from a match, or asked for by
    either side or the organisers. It is scheduled once both sides accept it, or the
    organisers impose it."""

    class Origin(models.TextChoices):
        MATCH = "match", _("proposed from a match")
        EXPORTER = "exporter", _("asked for by the exporter")
        BUYER = "buyer", _("asked for by the buyer")
        ORGANISERS = "organisers", _("added by the organisers")

    class Answer(models.TextChoices):
        PENDING = "pending", _("not answered")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    mission = models.ForeignKey(
        "missions.Mission",
        verbose_name=_("trade mission"),
        on_delete=models.CASCADE,
        related_name="requests",
    )
    exporter = models.ForeignKey(
        "missions.Participant",
        verbose_name=_("exporter"),
        on_delete=models.CASCADE,
        related_name="requests_as_exporter",
    )
    buyer = models.ForeignKey(
        "missions.Participant",
        verbose_name=_("buyer"),
        on_delete=models.CASCADE,
        related_name="requests_as_buyer",
    )
    score = models.FloatField(_("score"), default=0.0, help_text=_("0 to 1."))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    # What the buyer asked for that the exporter offers: shown on both agendas, each in
    # its reader's language.
    categories = models.ManyToManyField(
        "catalogue.ProductCategory", verbose_name=_("products"), blank=True, related_name="+"
    )
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    exporter_answer = models.CharField(
        _("exporter's answer"), max_length=8, choices=Answer.choices, default=Answer.PENDING
    )
    buyer_answer = models.CharField(
        _("buyer's answer"), max_length=8, choices=Answer.choices, default=Answer.PENDING
    )
    imposed = models.BooleanField(
        _("imposed by the organisers"),
        default=False,
        help_text=_("Scheduled whatever the two sides answered."),
    )

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["mission", "-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["exporter", "buyer"], name="request_pair_once"),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=1), name="request_score_0_to_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exporter} – {self.buyer}"

    @property
    def agreed(self) -> bool:
        accepted = self.Answer.ACCEPTED
        return self.imposed or (self.exporter_answer == accepted and self.buyer_answer == accepted)

    def products(self) -> list:
        """The categories it is about, by name (prefetch "categories" to read them once)."""
        return sorted(self.categories.all(), key=lambda c: c.name)

    @property
    def buyer_accepted(self) -> bool:
        """Whether the buyer's contact details may go on the exporter's agenda."""
        return self.buyer_answer == self.Answer.ACCEPTED


class Meeting(models.Model):
    """A scheduled meeting: a request given a session, a slot and a table."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        HELD = "held", _("held")
        MISSED = "missed", _("did not take place")

    class Interest(models.TextChoices):
        HIGH = "high", _("high")
        MEDIUM = "medium", _("medium")
        LOW = "low", _("low")
        NONE = "none", _("none")

    class NextStep(models.TextChoices):
        SAMPLES = "samples", _("samples to send")
        QUOTE = "quote", _("price quotation to send")
        VISIT = "visit", _("visit planned")
        CONTRACT = "contract", _("contract to sign")
        DEAL = "deal", _("deal signed")
        NONE = "none", _("no next step")

    request = models.OneToOneField(
        MeetingRequest,
        verbose_name=_("meeting request"),
        on_delete=models.CASCADE,
        related_name="meeting",
    )
    session = models.ForeignKey(
        "missions.Session",
        verbose_name=_("B2B session"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    slot = models.PositiveSmallIntegerField(_("slot"))  # from 0, within the session
    table = models.PositiveSmallIntegerField(_("table"))
    walk_in = models.BooleanField(_("walk-in"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    interest = models.CharField(
        _("interest shown"), max_length=6, choices=Interest.choices, blank=True
    )
    next_step = models.CharField(_("next step"), max_length=8, choices=NextStep.choices, blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    deal_value = models.DecimalField(
        _("estimated deal value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=InterestLine.Currency.choices, blank=True
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["session", "slot", "table"]
        constraints = [
            # One meeting at a table at a time.
            models.UniqueConstraint(
                fields=["session", "slot", "table"], name="meeting_table_once_a_slot"
            ),
            models.CheckConstraint(
                condition=Q(deal_value__isnull=True) | Q(deal_value__gte=0),
                name="meeting_deal_value_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.request)
