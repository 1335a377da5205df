"""A worker records a job's end even while another process holds SQLite's write lock for
longer than the busy timeout (an import writing)."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from django.db import OperationalError, connection

from jobs.busy import written
from jobs.models import Job

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's one writer"),
]


@pytest.fixture
def short_busy_timeout():
    """The busy timeout of this test's connection cut to 0.1 s (20 s in settings)."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout=100")
    yield
    connection.close()


def hold_write_lock(seconds: float) -> threading.Thread:
    """Another process's writer: a connection of its own that holds the lock a while."""
    taken = threading.Event()

    def hold():
        other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        taken.set()
        time.sleep(seconds)
        other.execute("COMMIT")
        other.close()

    holder = threading.Thread(target=hold)
    holder.start()
    taken.wait()
    return holder


def test_a_write_waits_for_the_lock_instead_of_failing(short_busy_timeout, settings):
    settings.JOBS_LOCKED_SECONDS = 30
    job = Job.objects.create(handler="tests.jobs.handlers.counts_runs", title={"text": "t"})
    done = Job.objects.filter(pk=job.pk)

    holder = hold_write_lock(1.5)
    with pytest.raises(OperationalError, match="locked"):
        done.update(state=Job.State.SUCCEEDED)  # alone, the write fails after 0.1 s
    assert written(lambda: done.update(state=Job.State.SUCCEEDED)) == 1
    holder.join()

    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED


def test_a_write_gives_up_after_its_time(short_busy_timeout, settings):
    settings.JOBS_LOCKED_SECONDS = 1
    job = Job.objects.create(handler="tests.jobs.handlers.counts_runs", title={"text": "t"})

    holder = hold_write_lock(3)
    started = time.monotonic()
    with pytest.raises(OperationalError, match="locked"):
        written(lambda: Job.objects.filter(pk=job.pk).update(state=Job.State.SUCCEEDED))
    assert time.monotonic() - started < 2.5
    holder.join()
