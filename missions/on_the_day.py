"""Staff pages for the day of the mission, made for a phone: check-in (find by name, mark
arrived or not come, arrange walk-in meetings) and a meeting's outcome."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from missions import services
from missions.agendas import meeting_times
from missions.forms import OutcomeForm, WalkInForm
from missions.models import Meeting, Mission, Participant, Session

MAX_QUERY = 100


def check_in_view(request: HttpRequest, mission_id: int, *, site) -> HttpResponse:
    if not request.user.has_perm("missions.change_participant"):
        raise PermissionDenied
    mission = get_object_or_404(Mission, pk=mission_id)
    here = reverse("admin:missions_mission_check_in", args=[mission.pk])
    slots = mission.slot_starts()
    walk_in = WalkInForm(
        request.POST if "walk_in" in request.POST else None, mission=mission, slots=slots
    )
    if request.method == "POST":
        if "walk_in" in request.POST:
            if walk_in.is_valid():
                session, slot = walk_in.cleaned_data["when"]
                try:
                    meeting = services.add_walk_in(
                        exporter=walk_in.cleaned_data["exporter"],
                        buyer=walk_in.cleaned_data["buyer"],
                        session=session,
                        slot=slot,
                    )
                except services.WalkInError as error:
                    walk_in.add_error(None, str(error.message))
                else:
                    messages.success(
                        request, _("Walk-in meeting at table %(table)s.") % {"table": meeting.table}
                    )
                    return redirect(here)
        else:
            _act(request, mission)
            return redirect(f"{here}?{urlencode({'q': request.POST.get('q', '')[:MAX_QUERY]})}")
    query = request.GET.get("q", "")[:MAX_QUERY].strip()
    participants = (
        Participant.objects.filter(mission=mission)
        .exclude(status=Participant.Status.DECLINED)
        .select_related("exporter", "buyer")
    )
    if query:
        participants = participants.filter(
            Q(exporter__name__icontains=query)
            | Q(buyer__company_name__icontains=query)
            | Q(buyer__contact_name__icontains=query)
            | Q(people__icontains=query)
        )
    participants = sorted(participants, key=lambda p: p.name.casefold())
    times = meeting_times(mission)
    context = {
        **site.each_context(request),
        "title": _("Check-in: %(mission)s") % {"mission": mission.name},
        "mission": mission,
        "participants": participants[:200],
        "more": len(participants) > 200,
        "query": query,
        "sessions": Session.objects.filter(mission=mission),
        "walk_in": walk_in,
        "meetings": _meetings_by_start(mission, times),
    }
    return render(request, "admin/missions/check_in.html", context)


def _act(request: HttpRequest, mission: Mission) -> None:
    participant = get_object_or_404(
        Participant, pk=_number(request.POST.get("participant")), mission=mission
    )
    action = request.POST.get("action")
    if action in ("arrived", "left"):
        services.check_in(participant=participant, arrived=action == "arrived")
    elif action == "no_show":
        session = get_object_or_404(
            Session, pk=_number(request.POST.get("session")), mission=mission
        )
        freed = services.no_show(participant=participant, session=session)
        messages.info(
            request,
            ngettext(
                "%(name)s: %(count)s meeting freed for walk-ins.",
                "%(name)s: %(count)s meetings freed for walk-ins.",
                freed,
            )
            % {"name": participant.name, "count": freed},
        )


def _number(value: str | None) -> int | None:
    value = (value or "")[:12]
    return int(value) if value.isdigit() else None


def _meetings_by_start(mission: Mission, times) -> list[tuple[object, list[Meeting]]]:
    meetings = Meeting.objects.filter(request__mission=mission).select_related(
        "request__exporter__exporter", "request__buyer__buyer"
    )
    by_start: dict[object, list[Meeting]] = {}
    for meeting in meetings:
        if (meeting.session_id, meeting.slot) in times:
            start, _end = times[(meeting.session_id, meeting.slot)]
            by_start.setdefault(start, []).append(meeting)
    return sorted((start, sorted(m, key=lambda m: m.table)) for start, m in by_start.items())


def outcome_view(request: HttpRequest, meeting_id: int, *, site) -> HttpResponse:
    if not request.user.has_perm("missions.change_meeting"):
        raise PermissionDenied
    meeting = get_object_or_404(
        Meeting.objects.select_related("request__exporter__exporter", "request__buyer__buyer"),
        pk=meeting_id,
    )
    form = OutcomeForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.record_outcome(meeting=meeting, user=request.user, **form.cleaned_data)
        messages.success(request, _("Outcome saved."))
        mission_id = meeting.request.mission_id
        return redirect(reverse("admin:missions_mission_check_in", args=[mission_id]))
    context = {
        **site.each_context(request),
        "title": str(meeting),
        "meeting": meeting,
        "form": form,
    }
    return render(
        request, "admin/missions/outcome.html", context, status=400 if form.errors else 200
    )
