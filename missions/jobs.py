"""A mission's scheduling, run by the task queue (jobs.running): the solver works for
up to half a minute, too long for a request."""

from __future__ import annotations

from django.urls import reverse

from catalogue.lib.messages import Message, gettext_noop
from jobs.models import Job
from jobs.running import JobError, handler, start
from missions.models import Mission, Participant
from missions.services import send_agendas

SCHEDULE_TITLE = gettext_noop("Scheduling the meetings of %(mission)s")
HELD = gettext_noop(
    "The mission's day has begun (meetings held or missed, walk-ins added, outcomes "
    "recorded): its schedule can no longer change. Add walk-in meetings on the check-in page "
    "instead."
)


SCHEDULED = gettext_noop(
    "%(scheduled)s of %(requests)s agreed meetings scheduled, within %(gap)s%% of the best "
    "possible; %(moved)s moved from where they were; %(sent)s changed agendas e-mailed."
)


def may_plan(user) -> bool:
    return user.has_perm("missions.change_mission")


def start_scheduling(mission: Mission, *, user, seconds: float = 20.0) -> Job:
    return start(
        schedule_mission,
        title=Message(SCHEDULE_TITLE, mission=mission.name),
        params={"mission": mission.pk, "seconds": seconds},
        owner=user,
        max_attempts=1,
    )


@handler(allowed=may_plan)
def schedule_mission(job: Job, progress) -> dict:
    # OR-Tools is loaded by the worker that schedules, never by the web's processes.
    from missions.timetable import TimetableError, schedule

    mission = Mission.objects.get(pk=job.params["mission"])
    progress(Message(gettext_noop("scheduling")))
    try:
        done = schedule(mission=mission, seconds=job.params["seconds"])
    except TimetableError:
        raise JobError(Message(HELD)) from None
    sent = send_agendas([], "")
    if mission.status != Mission.Status.DRAFT:  # published agendas follow the change
        sent = send_agendas(Participant.objects.filter(pk__in=done.changed), "")
    found = done.schedule
    summary = Message(
        SCHEDULED,
        scheduled=len(found.placements),
        requests=done.requests,
        gap=round(100 * found.gap, 1),
        moved=found.moved,
        sent=sent.sent,
    )
    return {
        "summary": summary.as_data(),
        "link": reverse("admin:missions_mission_change", args=[mission.pk]),
        "requests": done.requests,
        "scheduled": len(found.placements),
        "objective": round(found.objective, 3),
        "bound": round(found.bound, 3),
        "gap_percent": round(100 * found.gap, 2),
        "method": found.method,
        "moved": found.moved,
        "agendas_sent": sent.sent,
        "not_reached": sent.unreached,
    }
