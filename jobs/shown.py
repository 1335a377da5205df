"""A job as its pages show it: state, progress, result, error, in the reader's language."""

from __future__ import annotations

import time
from collections.abc import Mapping

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from catalogue.lib.formatting import format_number
from catalogue.lib.shown_messages import shown_kept
from jobs import progress
from jobs.models import Job
from jobs.running import may_act_on


def page_url(job: Job) -> str:
    """The job's page, in full: for a command that queued it to print."""
    return settings.SITE_URL.rstrip("/") + reverse("admin:jobs_job_change", args=[job.pk])


def live_figures(job: Job, live: Mapping | None) -> tuple[dict | None, int, int]:
    """The phase, done and total to show: the board's while the job runs, else the row's."""
    if job.state == Job.State.RUNNING and live and live.get("token") == job.token:
        return live.get("phase"), live.get("done", 0), live.get("total", 0)
    return job.phase, job.done, job.total


def describe(job: Job, live: Mapping | None = None, *, user=None) -> dict:
    """What the Jobs page and its JSON say of a job."""
    if live is None and job.state == Job.State.RUNNING:
        live = progress.read(job.pk)
    phase, done, total = live_figures(job, live)
    result = job.result or {}
    silent = (
        job.state == Job.State.RUNNING
        and live is not None
        and time.time() - live.get("beat", 0) > settings.JOBS_STALL_SECONDS
    )
    return {
        "id": job.pk,
        "title": str(job),
        "state": job.state,
        "state_label": str(Job.State(job.state).label),
        "finished": job.finished,
        "phase": shown_kept(phase) if phase else "",
        "done": done,
        "total": total,
        "percent": min(100, 100 * done // total) if total else None,
        "counts": (
            gettext("%(done)s of %(total)s")
            % {"done": format_number(done), "total": format_number(total)}
            if total
            else format_number(done)
            if done
            else ""
        ),
        "error": shown_kept(job.error) if job.error else "",
        "silent": silent,
        "attempts": job.attempts,
        "link": result.get("link", ""),
        "summary": shown_kept(result["summary"]) if result.get("summary") else "",
        "download": reverse("admin:jobs_job_download", args=[job.pk])
        if result.get("file")
        and user is not None
        and user.pk == job.owner_id
        and may_act_on(user, job)
        else "",
        "file_gone": "file" in result and not result["file"],
        "file_name": result.get("name", ""),
    }
