"""The scheduler: queues settings.JOBS_SCHEDULE's jobs when due, and recovers what workers
left (jobs.running.recover_stalled, jobs.mail.recover_mail).

One runs per deployment (`manage.py run_scheduler`). Two started by mistake do no harm: each
tick needs the lease (jobs.models.Lease, in the database both reach), and each scheduled run
is keyed by its slot, which the database lets exist once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from catalogue.lib.messages import Message
from jobs.mail import recover_mail
from jobs.models import Job, Lease
from jobs.running import recover_stalled, registered, start

logger = logging.getLogger(__name__)

LEASE = "scheduler"
TICK_SECONDS = 10
LEASE_SECONDS = 60


def last_slot(entry: Mapping, now: dt.datetime) -> dt.datetime:
    """The latest time at or before now that the entry is due: a multiple of its `every`
    seconds (from the epoch), or today's (else yesterday's) `daily_at`, in TIME_ZONE."""
    if "every" in entry:
        every = int(entry["every"])
        return dt.datetime.fromtimestamp(int(now.timestamp()) // every * every, tz=dt.UTC)
    hour, minute = (int(part) for part in entry["daily_at"].split(":"))
    local = timezone.localtime(now)
    slot = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return slot if slot <= local else slot - timedelta(days=1)


def hold_lease(holder: str, *, seconds: int = LEASE_SECONDS) -> bool:
    """Take or renew the scheduler's lease; False while another holds it."""
    now = timezone.now()
    until = now + timedelta(seconds=seconds)
    mine_or_lapsed = Q(holder=holder) | Q(until__lt=now)
    if Lease.objects.filter(mine_or_lapsed, name=LEASE).update(holder=holder, until=until):
        return True
    try:
        with transaction.atomic():
            Lease.objects.create(name=LEASE, holder=holder, until=until)
    except IntegrityError:
        return False
    return True


def release_lease(holder: str) -> None:
    Lease.objects.filter(name=LEASE, holder=holder).delete()


def tick(now: dt.datetime | None = None) -> list[Job]:
    """Recover what workers left, then queue every scheduled job whose slot has no run yet."""
    now = now or timezone.now()
    recover_stalled()
    recover_mail()
    queued = []
    for name, entry in settings.JOBS_SCHEDULE.items():
        key = f"{name}@{last_slot(entry, now).isoformat()}"
        if Job.objects.filter(key=key).exists():
            continue
        function = registered(entry["handler"])
        try:
            with transaction.atomic():
                queued.append(
                    start(function.function, title=Message(function.title or name), key=key)
                )
        except IntegrityError:  # another scheduler queued it a moment ago
            continue
    return queued
