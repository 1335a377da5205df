from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
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

    def clean(self) -> None:
        if not (self.exporter_id and self.buyer_id and self.mission_id):
            return
        if not self.exporter.is_exporter or self.buyer.is_exporter:
            raise ValidationError(_("A meeting request is between an exporter and a buyer."))
        if {self.exporter.mission_id, self.buyer.mission_id} != {self.mission_id}:
            raise ValidationError(_("Both sides must take part in this mission."))

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
    # A session with meetings is not deleted on its own: its meetings, held or not, are the
    # record (deleting the whole mission deletes both).
    session = models.ForeignKey(
        "missions.Session",
        verbose_name=_("B2B session"),
        on_delete=models.RESTRICT,
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
            # One meeting at a table at a time; one that did not take place leaves it free.
            models.UniqueConstraint(
                fields=["session", "slot", "table"],
                condition=~Q(status="missed"),
                name="meeting_table_once_a_slot",
            ),
            models.CheckConstraint(
                condition=Q(deal_value__isnull=True) | Q(deal_value__gte=0),
                name="meeting_deal_value_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.request)

    def clean(self) -> None:
        if not (self.request_id and self.session_id):
            return
        mission = self.request.mission
        if self.session.mission_id != mission.pk:
            raise ValidationError({"session": _("A session of the request's mission.")})
        if not 1 <= self.table <= mission.tables:
            raise ValidationError(
                {"table": _("The mission has tables 1 to %(tables)s.") % {"tables": mission.tables}}
            )
        breaks = [(b.start, b.end) for b in self.session.breaks.all()]
        if self.slot >= len(self.session.slot_starts(mission.meeting_minutes, breaks)):
            raise ValidationError({"slot": _("The session has no such slot.")})
