"""An official's way through a queued export in the tests: the page a link leads to, its
button, the job's page, the download. Jobs run at once here (tests/conftest.py), as if a
worker took them that moment."""

from __future__ import annotations

import re

from django.test import TestCase
from django.urls import reverse

from jobs.models import Job


def exported(client, url: str, query: dict | str | None = None):
    """The workbook an official gets from an export link: (job, download response)."""
    query = query or {}
    suffix = "?" + (query if isinstance(query, str) else _encode(query)) if query else ""
    page = client.get(url + suffix)
    if page.status_code != 200:
        return None, page
    with TestCase.captureOnCommitCallbacks(execute=True):
        queued = client.post(url + suffix)
    if queued.status_code != 302:
        return None, queued
    job = Job.objects.latest("pk")
    assert queued["Location"] == reverse("admin:jobs_job_change", args=[job.pk])
    job_page = client.get(queued["Location"]).content.decode()
    link = re.search(r'href="([^"]+/download/)"', job_page)
    assert link, f"no download on the job's page (job {job.state}: {job.error})"
    return job, client.get(link.group(1))


def _encode(query: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(query)


def exported_by_action(client, changelist: str, data: dict):
    """The workbook of an admin action that queues an export: (job, download response), or
    (None, the action's own answer) when it queued nothing."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        queued = client.post(changelist, data)
    if queued.status_code != 302 or "/jobs/job/" not in queued["Location"]:
        return None, queued
    job = Job.objects.latest("pk")
    link = re.search(r'href="([^"]+/download/)"', client.get(queued["Location"]).content.decode())
    assert link, f"no download on the job's page (job {job.state}: {job.error})"
    return job, client.get(link.group(1))


def post_running_jobs(client, url: str, data: dict | None = None, **extra):
    """A POST whose queued jobs run once its transaction commits, as a worker would run
    them then: the answer, a redirect to the job's page."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data or {}, **extra)
