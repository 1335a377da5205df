from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Mission(models.Model):
    """A Kazakh business mission to Nigeria (or a Nigerian one to Kazakhstan): B2B
    sessions of equal meetings at numbered tables."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        PRELIMINARY = "preliminary", _("preliminary agendas published")
        FINAL = "final", _("final agendas published")

    class TimeZone(models.TextChoices):
        LAGOS = "Africa/Lagos", _("Nigeria (Lagos, Abuja)")
        ALMATY = "Asia/Almaty", _("Kazakhstan (Astana, Almaty)")

    MEETING_MINUTES = [(15, _("15 minutes")), (20, _("20 minutes")), (30, _("30 minutes"))]

    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    time_zone = models.CharField(
        _("the venue's time zone"),
        max_length=20,
        choices=TimeZone.choices,
        default=TimeZone.LAGOS,
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        _("meeting length"), choices=MEETING_MINUTES, default=20
    )
    tables = models.PositiveSmallIntegerField(_("tables"), default=20)
    per_session = models.PositiveSmallIntegerField(
        _("most meetings per participant in a session"), default=8
    )
    sectors = models.ManyToManyField(
        "catalogue.Sector", verbose_name=_("sectors in focus"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("trade mission")
        verbose_name_plural = _("trade missions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tables__gte=1, tables__lte=500), name="mission_tables_1_to_500"
            ),
            models.CheckConstraint(
                condition=Q(per_session__gte=1, per_session__lte=100),
                name="mission_per_session_1_to_100",
            ),
            models.CheckConstraint(
                condition=Q(meeting_minutes__in=[15, 20, 30]), name="mission_meeting_minutes"
            ),
            models.CheckConstraint(
                condition=Q(time_zone__in=["Africa/Lagos", "Asia/Almaty"]),
                name="mission_time_zone_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def slot_starts(self) -> dict[int, list[dt.time]]:
        """Each session's slot start times, by session id."""
        breaks = defaultdict(list)
        for session_id, start, end in self.sessions.values_list(
            "breaks__session", "breaks__start", "breaks__end"
        ):
            if session_id is not None:
                breaks[session_id].append((start, end))
        return {
            session.pk: session.slot_starts(self.meeting_minutes, breaks[session.pk])
            for session in self.sessions.all()
        }

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def other_zone(self) -> ZoneInfo:
        """The other country's time, shown beside the venue's."""
        return ZoneInfo(self.TimeZone.ALMATY if self.in_nigeria else self.TimeZone.LAGOS)

    @property
    def in_nigeria(self) -> bool:
        return self.time_zone == self.TimeZone.LAGOS

    @property
    def venue_time_label(self):
        return _("Nigeria time") if self.in_nigeria else _("Kazakhstan time")

    @property
    def other_time_label(self):
        return _("Kazakhstan time") if self.in_nigeria else _("Nigeria time")


class Session(models.Model):
    """One B2B session: meetings one after another from its start to its end, breaks left
    out."""

    mission = models.ForeignKey(
        Mission, verbose_name=_("trade mission"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("date"))
    start = models.TimeField(_("starts"))
    end = models.TimeField(_("ends"))

    class Meta:
        verbose_name = _("B2B session")
        verbose_name_plural = _("B2B sessions")
        ordering = ["date", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="session_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.start:%H:%M}–{self.end:%H:%M}"

    def slot_starts(self, minutes: int, breaks: list[tuple[dt.time, dt.time]]) -> list[dt.time]:
        """When each meeting slot starts: every `minutes` from the start, skipping any
        slot a break overlaps, as long as the slot ends by the session's end."""
        day = dt.date(2000, 1, 1)
        at, end = dt.datetime.combine(day, self.start), dt.datetime.combine(day, self.end)
        step = dt.timedelta(minutes=minutes)
        pauses = [(dt.datetime.combine(day, s), dt.datetime.combine(day, e)) for s, e in breaks]
        starts = []
        while at + step <= end:
            pause = next((e for s, e in pauses if s < at + step and at < e), None)
            if pause is not None:
                at = pause  # the next slot starts when the break ends
                continue
            starts.append(at.time())
            at += step
        return starts


class Break(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("B2B session"), on_delete=models.CASCADE, related_name="breaks"
    )
    start = models.TimeField(_("starts"))
    end = models.TimeField(_("ends"))

    class Meta:
        verbose_name = _("break")
        verbose_name_plural = _("breaks")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="break_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"
