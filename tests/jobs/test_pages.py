"""The Jobs pages: each official sees their own jobs (a superuser every job), follows one's
progress, gets its result; a workbook goes to whoever asked for it and no one else."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone

from catalogue.importing.previews import claim, preview_upload
from catalogue.jobs import export_catalogue as export_catalogue_job
from catalogue.jobs import start_confirm
from catalogue.lib.messages import Message
from catalogue.models import ImportBatch, ProductCategory
from jobs import progress
from jobs.files import delete_expired_outputs, storage
from jobs.models import Job
from jobs.running import run_job, start
from tests.factories import make_category
from tests.jobs import handlers
from tests.jobs.flow import exported, post_running_jobs
from tests.spreadsheets import csv_bytes, ministry_rows

pytestmark = pytest.mark.django_db


def official(client, name: str, *, superuser: bool = False) -> User:
    if superuser:
        user = User.objects.create_superuser(name, f"{name}@trade.kz", "pw")
    else:
        user = User.objects.create_user(name, password="pw", is_staff=True)
        user.user_permissions.add(*Permission.objects.filter(codename="view_productcategory"))
    client.force_login(user)
    return user


@pytest.fixture
def catalogue(hs):
    make_category(name="Durum wheat", code="100119", slug="durum-wheat")


def test_a_workbook_goes_to_whoever_asked_for_it_and_no_one_else(client, catalogue):
    asker = official(client, "asker")
    job, download = exported(client, reverse("admin:catalogue_productcategory_export"))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="catalogue-')
    assert b"".join(download.streaming_content)[:2] == b"PK"
    assert job.owner == asker
    assert job.expires_at > timezone.now() + dt.timedelta(hours=23)
    page = reverse("admin:jobs_job_change", args=[job.pk])
    file_url = reverse("admin:jobs_job_download", args=[job.pk])

    official(client, "colleague")  # staff too, with the same rights
    assert client.get(page).status_code == 404
    assert client.get(file_url).status_code == 404
    assert client.get(reverse("admin:jobs_job_status", args=[job.pk])).status_code == 404
    assert "asker" not in client.get(reverse("admin:jobs_job_changelist")).text

    official(client, "chief", superuser=True)  # sees every job, downloads no one's file
    shown = client.get(page)
    assert shown.status_code == 200 and file_url not in shown.text
    assert client.get(file_url).status_code == 404


def test_a_workbook_is_deleted_after_its_day(client, catalogue):
    official(client, "asker")
    job, _ = exported(client, reverse("admin:catalogue_productcategory_export"))
    job.refresh_from_db()
    name = job.result["file"]
    assert storage().exists(name)
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert delete_expired_outputs() == 1
    assert not storage().exists(name)
    page = client.get(reverse("admin:jobs_job_change", args=[job.pk])).text
    assert "deleted now; ask for it again" in page
    assert client.get(reverse("admin:jobs_job_download", args=[job.pk])).status_code == 404


def test_a_running_job_shows_its_progress_and_refreshes(client, django_capture_on_commit_callbacks):
    asker = official(client, "asker")
    job = start(handlers.counts_runs, title=Message("Counting"), owner=asker, params={})
    Job.objects.filter(pk=job.pk).update(state="running", started_at=timezone.now())
    reporter = progress.Reporter(job.pk, job.token)
    reporter(Message("reading"), 2_500, 10_000)
    page = client.get(reverse("admin:jobs_job_change", args=[job.pk])).text
    assert '<meta http-equiv="refresh"' in page
    assert 'value="25"' in page and "reading" in page and "2,500 of 10,000" in page
    status = json.loads(client.get(reverse("admin:jobs_job_status", args=[job.pk])).content)
    assert (status["state"], status["done"], status["total"], status["percent"]) == (
        "running",
        2500,
        10000,
        25,
    )
    listing = client.get(reverse("admin:jobs_job_changelist")).text
    assert '<progress value="25" max="100">' in listing


def test_the_jobs_page_reads_in_the_officials_language(client, catalogue, settings):
    official(client, "asker")
    job, _ = exported(client, reverse("admin:catalogue_productcategory_export"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    page = client.get(reverse("admin:jobs_job_change", args=[job.pk])).text
    assert "Каталог" in page or "каталог" in page
    assert "Queued at" not in page


def test_retry_is_a_post_and_only_for_failed_jobs(client):
    asker = official(client, "asker")
    job = start(handlers.counts_runs, title=Message("Counting"), owner=asker, params={})
    url = reverse("admin:jobs_job_retry", args=[job.pk])
    assert client.get(url).status_code == 405
    answer = client.post(url, follow=True)
    assert "Only a failed or cancelled job can be tried again." in answer.text
    job.refresh_from_db()
    assert job.state == "queued"


def test_an_official_cancels_a_waiting_import_and_gets_the_preview_back(client, hs):
    asker = official(client, "asker", superuser=True)
    batch, _ = preview_upload(
        data=csv_bytes(ministry_rows([1, "Пшеница", "Durum wheat", "1001 19 000 0",
                                      "Grain LLP", "123456789012", "Костанай", 500])),
        file_name="wheat.csv", user=asker, skip_invalid=False,
    )  # fmt: skip
    claim(batch)
    job = start_confirm(batch, user=asker, skip_invalid=False, decisions={})  # no worker yet
    page = reverse("admin:jobs_job_change", args=[job.pk])
    assert "Cancel job" in client.get(page).text
    cancel_url = reverse("admin:jobs_job_cancel", args=[job.pk])
    assert client.get(cancel_url).status_code == 405

    answer = client.post(cancel_url, follow=True)
    assert "The job was cancelled." in answer.text
    preview = reverse("admin:catalogue_import_confirm", args=[batch.pk])
    # The preview is confirmed again from its page, not by trying the job again.
    assert f'href="{preview}"' in answer.text and "Back to the preview" in answer.text
    assert "Try again" not in answer.text and "Cancel job" not in answer.text
    job.refresh_from_db()
    batch.refresh_from_db()
    assert (job.state, batch.status) == ("cancelled", ImportBatch.Status.PREVIEW)
    run_job.call(job.pk, job.token)  # its message, delivered late, runs nothing
    assert ProductCategory.objects.count() == 0
    assert "Only a job that waits for a worker" in client.post(cancel_url, follow=True).text
    assert (
        "can be tried again"
        in client.post(reverse("admin:jobs_job_retry", args=[job.pk]), follow=True).text
    )
    job.refresh_from_db()
    assert job.state == "cancelled"

    assert post_running_jobs(client, preview, {"confirm": "1"}).status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert ProductCategory.objects.get().name == "Durum wheat"


def test_an_official_whose_rights_were_taken_back_may_not_act_on_their_jobs(client, catalogue):
    asker = official(client, "asker")
    job, download = exported(client, reverse("admin:catalogue_productcategory_export"))
    assert download.status_code == 200
    failed = start(export_catalogue_job, title=Message("Catalogue"), owner=asker)
    Job.objects.filter(pk=failed.pk).update(state="failed")

    asker.user_permissions.clear()  # moved to other work
    asker = User.objects.get(pk=asker.pk)
    client.force_login(asker)
    assert client.get(reverse("admin:jobs_job_download", args=[job.pk])).status_code == 403
    assert "Download" not in client.get(reverse("admin:jobs_job_change", args=[job.pk])).text
    retry_url = reverse("admin:jobs_job_retry", args=[failed.pk])
    assert "Try again" not in client.get(reverse("admin:jobs_job_change", args=[failed.pk])).text
    assert client.post(retry_url).status_code == 403
    failed.refresh_from_db()
    assert failed.state == "failed"


def test_an_official_with_too_many_jobs_unfinished_is_told_to_wait(client, catalogue, settings):
    settings.JOBS_MOST_WAITING_PER_USER = 2
    asker = official(client, "asker")
    export = reverse("admin:catalogue_productcategory_export")
    first, second = (client.post(export) for _ in range(2))  # no worker: both wait
    assert first.status_code == second.status_code == 302
    assert Job.objects.filter(owner=asker, state="queued").count() == 2

    third = client.post(export, follow=True)
    assert third.redirect_chain[-1][0] == reverse("admin:jobs_job_changelist")
    assert "You already have 2 jobs waiting or running" in third.text
    assert Job.objects.filter(owner=asker).count() == 2

    # Trying a job again counts as asking for a new one.
    failed = Job.objects.filter(owner=asker).first()
    Job.objects.filter(pk=failed.pk).update(state="failed")
    assert client.post(export).status_code == 302
    again = client.post(reverse("admin:jobs_job_retry", args=[failed.pk]), follow=True)
    assert "You already have 2 jobs waiting or running" in again.text
    failed.refresh_from_db()
    assert failed.state == "failed"

    Job.objects.filter(owner=asker).update(state="succeeded")
    assert client.post(export).status_code == 302
    assert Job.objects.filter(owner=asker).count() == 4


def test_jobs_that_ended_long_ago_are_forgotten(client, settings):
    from django_tasks_db.models import DBTaskResult

    from jobs.maintenance import delete_old_jobs

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    asker = official(client, "asker")
    jobs = {
        name: start(handlers.counts_runs, title=Message(name), owner=asker, params={})
        for name in ("old", "recent", "old with a file", "waiting")
    }
    now = timezone.now()
    long_ago = now - dt.timedelta(days=31)
    Job.objects.filter(pk__in=[jobs["old"].pk, jobs["old with a file"].pk]).update(
        state="succeeded", finished_at=long_ago
    )
    Job.objects.filter(pk=jobs["old with a file"].pk).update(expires_at=now)
    Job.objects.filter(pk=jobs["recent"].pk).update(state="failed", finished_at=now)
    run_job.enqueue(0, "a message run long ago")
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=long_ago)

    assert delete_old_jobs(30) == 1
    assert set(Job.objects.values_list("title__text", flat=True)) == {
        "recent", "old with a file", "waiting",
    }  # fmt: skip
    assert not DBTaskResult.objects.exists()
