"""The task queue with real workers: separate processes reading the database's queue.

Officials' requests return at once and the job waits; a worker runs it; a worker killed
mid-import leaves nothing written and the job is run again, once; a job that keeps failing
stops and says why; a message delivered twice runs its job once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from catalogue import jobs as catalogue_jobs
from catalogue.importing.previews import claim, preview_upload
from catalogue.models import ImportBatch, ProductCategory
from jobs import progress
from jobs.models import Job
from jobs.running import LOST_CHECK_SECONDS, recover_stalled, run_job, start
from matching.models import Interest, InterestLine, Match
from tests.factories import make_category, make_exporter, make_interest, make_offer
from tests.jobs import handlers
from tests.spreadsheets import csv_bytes, ministry_rows
from tests.test_load import database_url

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def queue(settings, tmp_path, hs):
    """The database's queue, read by workers started as separate processes."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": "database",
        "JOBS_PROGRESS_DIR": str(tmp_path / "progress"),
        "FILES_DIR": str(tmp_path / "files"),
        "JOBS_RETRY_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    env.pop("REDIS_URL", None)  # progress through the test's files, as this process reads it
    command = [sys.executable, "manage.py", "run_worker"]

    def work() -> None:
        """Run a worker until no job waits."""
        subprocess.run([*command, "--batch"], cwd=ROOT, env=env, check=True, timeout=600)

    def start_worker() -> subprocess.Popen:
        return subprocess.Popen(command, cwd=ROOT, env=env)

    return SimpleNamespace(work=work, start_worker=start_worker)


def rows(count: int) -> bytes:
    return csv_bytes(
        ministry_rows(
            *(
                [n, f"Товар {n}", f"Product {n}", "1001 99 000 0", f"Exporter {n % 50} LLP",
                 f"{100000000000 + n % 50:012d}", "Костанайская область", 5000]
                for n in range(count)
            )
        )
    )  # fmt: skip


def test_confirming_an_import_returns_at_once_and_a_worker_writes_it(queue, admin_client):
    upload = SimpleNamespace(name="products.csv")
    data = rows(30)
    page = admin_client.post(
        reverse("admin:catalogue_import"),
        {"file": _file(upload.name, data)},
    )
    assert page.status_code == 200
    batch = ImportBatch.objects.get(status=ImportBatch.Status.PREVIEW)
    answer = admin_client.post(reverse("admin:catalogue_import_confirm", args=[batch.pk]))
    job = Job.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("admin:jobs_job_change", args=[job.pk])
    # Nothing written yet: the job waits for a worker, and its page says so, refreshing.
    assert ProductCategory.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CONFIRMING
    waiting = admin_client.get(answer["Location"]).content.decode()
    assert 'http-equiv="refresh"' in waiting
    assert "Waiting for a worker" in waiting

    queue.work()

    job.refresh_from_db()
    batch.refresh_from_db()
    assert (job.state, job.attempts, batch.status) == ("succeeded", 1, "applied")
    assert ProductCategory.objects.count() == 30
    done = admin_client.get(answer["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in done
    # 30 products, 30 exporters, 30 offers
    assert "Imported products.csv: 90 created, 0 updated, 0 unchanged." in done
    assert reverse("admin:catalogue_importbatch_change", args=[batch.pk]) in done


def _file(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_runs_again_once(
    queue, admin_user, settings
):
    batch, _ = preview_upload(
        data=rows(20_000), file_name="big.csv", user=admin_user, skip_invalid=False
    )
    claim(batch)
    job = catalogue_jobs.start_confirm(batch, user=admin_user, skip_invalid=False, decisions={})
    worker = queue.start_worker()
    try:
        phase = _wait_for_phase(job, {"writing", "indexing for search"}, timeout=300)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert phase in {"writing", "indexing for search"}
    job.refresh_from_db()
    batch.refresh_from_db()
    assert (job.state, job.attempts) == ("running", 1)
    assert batch.status == ImportBatch.Status.CONFIRMING
    assert ProductCategory.objects.count() == 0  # the import is one transaction

    settings.JOBS_STALL_SECONDS = 0  # its beat has stopped: taken as lost at once
    assert recover_stalled() == 1
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("queued", 1)

    queue.work()

    job.refresh_from_db()
    batch.refresh_from_db()
    assert (job.state, job.attempts, batch.status) == ("succeeded", 2, "applied")
    assert ProductCategory.objects.count() == 20_000
    assert ImportBatch.objects.filter(status="applied").count() == 1


def _wait_for_phase(job: Job, phases: set[str], *, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        live = progress.read(job.pk)
        phase = ((live or {}).get("phase") or {}).get("text", "")
        if phase in phases:
            return phase
        job.refresh_from_db(fields=["state"])
        assert job.state in ("queued", "running"), "the job ended before it could be killed"
        time.sleep(0.02)
    raise AssertionError(f"the job never reached {phases}")


def test_a_job_that_keeps_failing_stops_after_its_tries_and_can_be_tried_again(
    queue, admin_client, admin_user
):
    job = start(
        handlers.always_fails, title=_title("A job that fails"), owner=admin_user, max_attempts=3
    )
    queue.work()
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("failed", 3)
    page = admin_client.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()
    assert "RuntimeError: the mail server said no" in page
    assert "Try again" in page

    again = admin_client.post(reverse("admin:jobs_job_retry", args=[job.pk]))
    assert again.status_code == 302
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("queued", 0)
    queue.work()
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("failed", 3)


def test_a_message_delivered_twice_runs_its_job_once(queue, tmp_path, admin_user):
    tally = tmp_path / "tally.txt"
    job = start(handlers.counts_runs, title=_title("Counting"), params={"tally": str(tally)})
    run_job.enqueue(job.pk, job.token)  # the same run's message, a second time
    run_job.enqueue(job.pk, "a-token-of-an-earlier-run")
    queue.work()
    job.refresh_from_db()
    assert job.state == "succeeded"
    assert tally.read_text().splitlines() == [job.token]
    assert (job.done, job.total) == (1, 1)


def test_a_job_whose_message_the_queue_lost_is_sent_again_and_runs_once(queue, tmp_path):
    from django_tasks_db.models import DBTaskResult

    tally = tmp_path / "tally.txt"
    lost = start(handlers.counts_runs, title=_title("Lost"), params={"tally": str(tally)})
    kept = start(handlers.counts_runs, title=_title("Kept"), params={"tally": str(tally)})
    lost.refresh_from_db()
    DBTaskResult.objects.filter(id=lost.task_id).delete()  # the queue lost its message
    recover_stalled()
    assert DBTaskResult.objects.count() == 1  # not looked for yet: sent only a moment ago

    # Ten minutes later, the scheduler looks for both on the queue.
    sent = {"sent_at": timezone.now() - timedelta(seconds=LOST_CHECK_SECONDS + 1)}
    Job.objects.update(**sent)
    assert recover_stalled() == 1
    lost.refresh_from_db()
    kept.refresh_from_db()
    assert DBTaskResult.objects.filter(id=lost.task_id).exists()
    assert kept.sent_at > sent["sent_at"]  # found waiting: not sent twice
    assert DBTaskResult.objects.count() == 2

    queue.work()
    assert sorted(tally.read_text().splitlines()) == sorted([lost.token, kept.token])
    assert set(Job.objects.values_list("state", flat=True)) == {"succeeded"}


def _title(text: str):
    from catalogue.lib.messages import Message

    return Message(text)


def test_catalogue_saves_wait_on_no_rematch_and_a_burst_makes_one_job(queue, hs):
    wheat = make_category(name="Durum wheat", code="100119")
    oil = make_category(name="Sunflower oil, refined", code="151219")
    buyer = make_interest(status=Interest.Status.CONFIRMED)
    InterestLine.objects.filter(interest=buyer).update(category=wheat)
    Job.objects.all().delete()  # what building the market queued

    make_offer(exporter=make_exporter(name="Kostanay Grain LLP"), category=wheat)
    oil.name = "Sunflower oil, refined, deodorised"
    oil.save()

    job = Job.objects.get()  # the second change joined the waiting job
    assert (job.state, job.handler) == ("queued", "matching.jobs.rematch_change")
    assert set(job.params["categories"]) == {wheat.pk, oil.pk}
    assert not Match.objects.exists()  # the saves did not wait on matching

    queue.work()

    job.refresh_from_db()
    assert job.state == "succeeded" and job.result["created"] == 1
    assert Match.objects.get().offer.exporter.name == "Kostanay Grain LLP"
