"""Web and task workers as separate processes: an import and an export run in task workers
while buyers submit and search; no 5xx, each submission saved once, both jobs done.

A smaller run of bench/scale_out.py against the test database. It needs what a deployment
with several machines needs, PostgreSQL and Redis (RQ): CI runs it in its PostgreSQL job,
which has REDIS_URL, and skips it in the SQLite one.
"""

import os

import pytest
from django.db import connection
from django.urls import reverse

from bench.export_100k import populate
from bench.import_100k import generate
from bench.scale_out import make_official, run_phase
from catalogue.models import ProductCategory
from tests.test_load import database_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL, as deployed with task workers (CI: the PostgreSQL job)",
    ),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="needs REDIS_URL: the task workers take jobs from RQ on Redis",
    ),
]


def test_an_import_and_a_report_run_in_task_workers_while_buyers_submit_and_search(hs, tmp_path):
    populate(2000)
    workbook = tmp_path / "catalogue-2000.xlsx"
    generate(workbook, 2000)

    result = run_phase(
        database_url=database_url(),
        redis_url=os.environ["REDIS_URL"],
        folder=tmp_path,
        workers=2,
        workbook=workbook,
        login=make_official(),
        submissions=40,
        finds=300,
    )

    assert result.server_errors == 0
    assert result.sent == 40
    assert result.not_saved_once == []
    for post in ("confirm", "export"):
        queued = result.queued[post]
        assert queued.status == 302
        assert queued.location == reverse("admin:jobs_job_change", args=[queued.job])
    for job in ("import", "export"):
        assert result.jobs[job]["state"] == "succeeded", result.jobs[job]["error"]
    assert result.jobs["import"]["result"]["status"] == "applied"
    assert ProductCategory.objects.filter(name__startswith="Product ").count() == 1000
    assert result.jobs["export"]["result"]["lines"] >= 2000
