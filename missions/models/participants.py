from __future__ import annotations

import re
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MAX_BOOTHS = 10
BOOTHS = re.compile(rf"\s*\d{{1,3}}(?:\s*,\s*\d{{1,3}}){{0,{MAX_BOOTHS - 1}}}\s*")


def validate_booths(value: str) -> None:
    if value and not BOOTHS.fullmatch(value):
        raise ValidationError(_("Table numbers separated by commas, at most ten: 12, 13."))


def new_access_key() -> str:
    return secrets.token_urlsafe(16)


class ParticipantQuerySet(models.QuerySet):
    def exporters(self):
        return self.filter(exporter__isnull=False)

    def buyers(self):
        return self.filter(buyer__isnull=False)

    def attending(self):
        return self.filter(status=Participant.Status.CONFIRMED)


class Participant(models.Model):
    """A company taking part in a mission: a Kazakh exporter of the delegation or a
    Nigerian buyer invited from their interests."""

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        CONFIRMED = "confirmed", _("attending")
        DECLINED = "declined", _("not attending")

    mission = models.ForeignKey(
        "missions.Mission",
        verbose_name=_("trade mission"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    exporter = models.ForeignKey(
        "catalogue.Exporter",
        verbose_name=_("exporter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A buyer deleted by the privacy notice's time limits takes their part with them; an
    # exporter stays in the catalogue while a mission names it.
    buyer = models.ForeignKey(
        "matching.Buyer",
        verbose_name=_("buyer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    people = models.TextField(
        _("people attending"), max_length=1000, blank=True, help_text=_("One per line.")
    )
    parallel = models.PositiveSmallIntegerField(
        _("meetings at once"),
        default=1,
        help_text=_("An exporter with several people attending may meet at several tables."),
    )
    booths = models.CharField(
        _("own tables"),
        max_length=40,
        blank=True,
        validators=[validate_booths],
        help_text=_("Table numbers kept for this exporter, separated by commas."),
    )
    sessions = models.ManyToManyField(
        "missions.Session", verbose_name=_("sessions attended"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[("en", "English"), ("ru", "Русский"), ("kk", "Қазақша")],
        default="en",
    )
    # In the participant's signed link; a new key makes the old links stop working.
    access_key = models.CharField(max_length=32, default=new_access_key, editable=False)
    invited_at = models.DateTimeField(_("invited on"), null=True, blank=True, editable=False)
    responded_at = models.DateTimeField(_("answered on"), null=True, blank=True, editable=False)
    arrived_at = models.DateTimeField(_("arrived"), null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["mission", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exporter__isnull=True, buyer__isnull=False)
                | Q(exporter__isnull=False, buyer__isnull=True),
                name="participant_exporter_or_buyer",
            ),
            models.UniqueConstraint(
                fields=["mission", "exporter"], name="participant_exporter_once"
            ),
            models.UniqueConstraint(fields=["mission", "buyer"], name="participant_buyer_once"),
            models.CheckConstraint(
                condition=Q(parallel__gte=1, parallel__lte=10), name="participant_parallel_1_to_10"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.exporter_id is None and self.buyer_id is None:
            raise ValidationError(_("Choose an exporter or a buyer."))
        if self.exporter_id is not None and self.buyer_id is not None:
            raise ValidationError(_("A participant is an exporter or a buyer, not both."))
        if self.buyer_id is not None and self.booths:
            raise ValidationError({"booths": _("Only exporters have tables of their own.")})
        if self.mission_id and self.booths and BOOTHS.fullmatch(self.booths):
            tables = self.mission.tables
            if any(not 1 <= t <= tables for t in self.booth_tables):
                raise ValidationError(
                    {"booths": _("The mission has tables 1 to %(tables)s.") % {"tables": tables}}
                )

    @property
    def is_exporter(self) -> bool:
        return self.exporter_id is not None

    @property
    def side(self) -> str:
        """Their side of a meeting request: its field naming them."""
        return "exporter" if self.is_exporter else "buyer"

    @property
    def other_side(self) -> str:
        return "buyer" if self.is_exporter else "exporter"

    @property
    def company(self):
        """The exporter or the buyer: both have contact_name, email and phone."""
        return self.exporter if self.is_exporter else self.buyer

    @property
    def side_label(self) -> str:
        return gettext("exporter") if self.is_exporter else gettext("buyer")

    @property
    def name(self) -> str:
        return self.exporter.name if self.is_exporter else self.buyer.company_name

    @property
    def booth_tables(self) -> tuple[int, ...]:
        return tuple(sorted({int(t) for t in self.booths.split(",") if t.strip()}))
