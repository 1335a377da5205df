"""The queue's commands: the scheduler's single tick, an import queued from the terminal."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from catalogue.models import ImportBatch, ProductCategory
from jobs.models import Job, Lease
from tests.spreadsheets import ministry_rows, xlsx

pytestmark = pytest.mark.django_db


def test_an_import_queued_from_the_terminal_is_followed_in_the_admin(
    hs, tmp_path, django_capture_on_commit_callbacks
):
    path = tmp_path / "list.xlsx"
    rows = [[1, "Пшеница", "Wheat", "1001990000", "ТОО Астык", "", "", ""]]
    path.write_bytes(xlsx(("Лист1", ministry_rows(*rows))))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_catalogue", str(path), "--background", stdout=out)
    job = Job.objects.get()
    assert f"Queued as job {job.pk}: " in out.getvalue()
    assert out.getvalue().strip().endswith(f"/admin/jobs/job/{job.pk}/change/")
    job.refresh_from_db()
    assert job.state == "succeeded" and job.owner is None
    assert str(job) == "Import of list.xlsx"
    assert ProductCategory.objects.get().name == "Wheat"
    assert ImportBatch.objects.get().source == ImportBatch.Source.COMMAND
    assert not list((tmp_path / "files").rglob("*.upload"))  # the kept copy is deleted


def test_reindex_search_can_be_left_to_a_worker(hs, django_capture_on_commit_callbacks):
    from catalogue.models import SearchDocument
    from tests.factories import make_category

    make_category(name="Durum wheat", code="100119")
    SearchDocument.objects.all().delete()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reindex_search", "--background", stdout=out)
    job = Job.objects.get()
    assert out.getvalue().strip().endswith(f"/admin/jobs/job/{job.pk}/change/")
    job.refresh_from_db()
    assert (job.state, str(job), job.result) == (
        "succeeded", "Rebuilding the search index", {"categories": 1},
    )  # fmt: skip
    assert SearchDocument.objects.count() == 1


def test_one_scheduler_tick_queues_what_is_due_and_lets_the_lease_go(
    settings, django_capture_on_commit_callbacks
):
    settings.JOBS_SCHEDULE = {
        "expire_previews": {"handler": "catalogue.jobs.expire_previews", "every": 3600}
    }
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduler", "--once", stdout=out)
    job = Job.objects.get()
    assert f"queued job {job.pk}: expire_previews@" in out.getvalue()
    assert job.state == "succeeded" and job.result == {"cancelled": 0}
    assert not Lease.objects.exists()
