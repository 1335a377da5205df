"""The scheduler: jobs queued once a slot, however many schedulers run; one holds the lease."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jobs.models import Job
from jobs.schedule import hold_lease, last_slot, release_lease, tick

pytestmark = pytest.mark.django_db

LAGOS = dt.timezone(dt.timedelta(hours=1))


def test_slots_are_the_last_due_time():
    now = dt.datetime(2026, 12, 3, 15, 42, 10, tzinfo=dt.UTC)
    assert last_slot({"every": 3600}, now) == dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC)
    assert last_slot({"every": 60}, now) == dt.datetime(2026, 12, 3, 15, 42, tzinfo=dt.UTC)
    # 03:00 in Lagos has passed today; 20:00 has not, so yesterday's is the last.
    assert last_slot({"daily_at": "03:00"}, now) == dt.datetime(2026, 12, 3, 3, 0, tzinfo=LAGOS)
    assert last_slot({"daily_at": "20:00"}, now) == dt.datetime(2026, 12, 2, 20, 0, tzinfo=LAGOS)


def test_each_scheduled_job_is_queued_once_a_slot(settings, committed):
    settings.JOBS_SCHEDULE = {
        "expire_previews": {"handler": "catalogue.jobs.expire_previews", "every": 3600},
        "apply_retention": {"handler": "matching.jobs.apply_retention", "daily_at": "03:00"},
    }
    now = timezone.now()
    first = committed(tick, now)
    assert sorted(job.key.partition("@")[0] for job in first) == [
        "apply_retention",
        "expire_previews",
    ]
    assert committed(tick, now) == []  # a second scheduler, or a second tick, queues nothing
    assert committed(tick, now + dt.timedelta(hours=1))[0].key.startswith("expire_previews@")
    assert Job.objects.count() == 3
    assert set(Job.objects.values_list("state", flat=True)) == {"succeeded"}
    assert str(Job.objects.get(key__startswith="apply_retention")) == (
        "Applying the privacy notice's time limits"
    )


def test_one_scheduler_holds_the_lease_until_it_lets_go_or_lapses():
    assert hold_lease("machine-a-1")
    assert not hold_lease("machine-b-2")
    assert hold_lease("machine-a-1")  # renewed by its holder
    release_lease("machine-a-1")
    assert hold_lease("machine-b-2")
    assert not hold_lease("machine-a-1")
    assert hold_lease("machine-a-1", seconds=-1) is False
    # A lease not renewed lapses: a scheduler that died does not block the next for ever.
    from jobs.models import Lease

    Lease.objects.update(until=timezone.now() - dt.timedelta(seconds=1))
    assert hold_lease("machine-a-1")
