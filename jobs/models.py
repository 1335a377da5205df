"""What the task queue runs, as staff and the scheduler see it.

The queue's engine (the database, or RQ on Redis) carries a job's id and run token from the
web to a worker and no more: this table is the one account of each job, whichever engine
carried it. E-mails are kept likewise, one row per message, marked sent once.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalogue.lib.shown_messages import shown_kept


def new_token() -> str:
    return uuid.uuid4().hex


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("done")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", pgettext_lazy("job", "cancelled")

    handler = models.CharField(_("handler"), max_length=200)
    # What the job does, as a message template and its values (catalogue.lib.messages),
    # shown in the reader's language.
    title = models.JSONField(_("title"))
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    # The language of whoever asked: a workbook is written in it.
    language = models.CharField(_("language"), max_length=8, default="en")
    state = models.CharField(
        pgettext_lazy("job", "state"),
        max_length=10,
        choices=State.choices,
        default=State.QUEUED,
        db_index=True,
    )
    # A new token for each run it is queued for: a message for an earlier run, delivered
    # twice or late, finds its token gone and does nothing.
    token = models.CharField(max_length=32, default=new_token)
    # When the queue took the current run's message (or was last found holding it), and the
    # queue's id for it: a message the queue could not take, or lost (Redis flushed, its
    # run crashed before the claim), is sent again.
    sent_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("most attempts"), default=3)
    # The last phase reached and its count, as the worker last reported them to this table;
    # while it runs, live figures are in the progress board (jobs.progress).
    phase = models.JSONField(_("phase"), null=True, blank=True)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    total = models.PositiveBigIntegerField(_("total"), default=0)
    result = models.JSONField(_("result"), null=True, blank=True)
    # A Message's data (shown in the reader's language), or {"text": the exception's line}.
    error = models.JSONField(_("error"), null=True, blank=True)
    # Scheduled runs carry their slot ("apply_retention@2026-12-03T03:00"): two schedulers
    # cannot queue one twice.
    key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Files the job wrote (jobs.files) are deleted then.
    expires_at = models.DateTimeField(_("kept until"), null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return shown_kept(self.title)

    @property
    def finished(self) -> bool:
        return self.state in (self.State.SUCCEEDED, self.State.FAILED, self.State.CANCELLED)


class Email(models.Model):
    """One message, written in its reader's language when the event happened, sent by a
    task. Sent once: a worker claims it before the SMTP call and marks it sent right after."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    key = models.CharField(_("idempotency key"), max_length=64, unique=True, default=new_token)
    to = models.TextField(_("to"), help_text=_("One address a line."))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    state = models.CharField(
        pgettext_lazy("job", "state"),
        max_length=10,
        choices=State.choices,
        default=State.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # When the next try is due (after a failure's pause); a message lost on the way is sent
    # again once it is well past.
    next_try_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class Lease(models.Model):
    """A named lock with an end: the scheduler holds one, renewed while it runs, so a second
    scheduler started by mistake waits instead of queueing every job twice."""

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=100)
    until = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name}: {self.holder} until {self.until}"
