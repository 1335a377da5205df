"""Matching's long work, run by the task queue (jobs.running): matching again after a
catalogue change, the interest report workbook, the privacy notice's time limits."""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from catalogue.changes import CatalogueChange
from catalogue.lib.messages import Message, gettext_noop
from jobs.files import save_output
from jobs.models import Job
from jobs.running import handler, handler_path, start
from jobs.sealed import seal, unseal
from matching.matcher import open_interests_near, rematch
from matching.models import Interest
from matching.personal_data import apply_retention as apply_time_limits
from matching.reports import counts, write_interest_report

REMATCH_TITLE = gettext_noop("Matching open requests again after a catalogue change")
REPORT_TITLE = gettext_noop("Interest report (Excel)")


# A waiting rematch takes in later changes until it names this many categories.
MERGED_MOST = 100_000


@transaction.atomic
def start_rematch(change: CatalogueChange) -> Job:
    """Queue the rematch of what the change can reach; while one waits for a worker, the
    change is added to it rather than queued beside it (officials' saves come in bursts).

    The waiting job's row is locked while its parameters grow, and a worker claims a job
    before it reads them, so a change is either in the run a worker starts, or in a job of
    its own."""
    waiting = (
        Job.objects.select_for_update()
        .filter(handler=handler_path(rematch_change), state=Job.State.QUEUED, attempts=0)
        .order_by("pk")
        .first()
    )
    if waiting is not None:
        categories = set(waiting.params["categories"]) | change.category_ids
        headings = set(waiting.params["headings"]) | change.headings
        if len(categories) <= MERGED_MOST:
            params = {"categories": sorted(categories), "headings": sorted(headings)}
            if Job.objects.filter(pk=waiting.pk, state=Job.State.QUEUED).update(params=params):
                return waiting
    return start(
        rematch_change,
        title=Message(REMATCH_TITLE),
        params={"categories": sorted(change.category_ids), "headings": sorted(change.headings)},
    )


@handler
def rematch_change(job: Job, progress) -> dict:
    progress(Message(gettext_noop("matching")))
    interests = open_interests_near(job.params["categories"], job.params["headings"])
    result = rematch(interests)
    return {
        "created": result.created,
        "updated": result.updated,
        "removed": result.removed,
        "unchanged": result.unchanged,
    }


def start_report(interests, *, filters: list[tuple[str, str]], user) -> Job:
    """Queue the report of these interests (a queryset: its query travels sealed)."""
    return start(
        export_interests,
        title=Message(REPORT_TITLE),
        params={"query": seal(interests.query), "filters": filters},
        owner=user,
    )


def may_export_interests(user) -> bool:
    """A report lists buyers' interests: exporting one needs the right to see them too."""
    return user.has_perm("matching.export_reports") and user.has_perm("matching.view_interest")


@handler(allowed=may_export_interests)
def export_interests(job: Job, progress) -> dict:
    interests = Interest.objects.all()
    interests.query = unseal(job.params["query"])
    phase = Message(gettext_noop("writing the workbook"))
    total = counts(interests).lines
    progress(phase, 0, total)
    with tempfile.TemporaryFile() as out:
        written = write_interest_report(
            out,
            interests=interests,
            filters=[tuple(pair) for pair in job.params["filters"]],
            generated_by=job.owner.get_username() if job.owner else "",
            counted=lambda done: progress(phase, done, total),
        )
        out.seek(0)
        saved = save_output(job, f"interests-{timezone.localtime():%Y-%m-%d-%H%M}.xlsx", out)
    return {**saved, "interests": written.interests, "lines": written.lines}


@handler(title=gettext_noop("Applying the privacy notice's time limits"))
def apply_retention(job: Job, progress) -> dict:
    return apply_time_limits(
        unconfirmed_days=settings.UNCONFIRMED_REQUEST_DAYS,
        closed_days=settings.CLOSED_REQUEST_RETENTION_DAYS,
    )
