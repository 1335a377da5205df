"""Participants' pages, each reached by their signed link: answer the invitation, see the
agenda (printable), add it to a calendar."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from missions import calendar, services
from missions.agendas import agenda, named
from missions.forms import AnswerForm
from missions.links import LinkError, participant_of
from missions.models import MeetingRequest, Mission, Participant


def _participant_or_error(request: HttpRequest, token: str) -> Participant | HttpResponse:
    try:
        return participant_of(token)
    except LinkError:
        return render(request, "missions/link_error.html", status=404)


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    participant = _participant_or_error(request, token)
    if isinstance(participant, HttpResponse):
        return participant
    side = participant.side
    other = participant.other_side
    requests = list(
        MeetingRequest.objects.filter(**{side: participant})
        .select_related(f"{other}__{other}")
        .order_by("-score", "pk")
    )
    initial = {
        "attending": {"confirmed": "yes", "declined": "no"}.get(participant.status),
        "sessions": participant.sessions.all(),
    }
    # Once the agendas are final, answers are the organisers' to change.
    closed = participant.mission.status == Mission.Status.FINAL
    data = request.POST if request.method == "POST" and not closed else None
    form = AnswerForm(data, initial=initial, participant=participant, requests=requests)
    if closed:
        for field in form.fields.values():
            field.disabled = True
    if data is not None and form.is_valid():
        services.answer(
            participant=participant,
            attending=form.cleaned_data["attending"],
            sessions=form.cleaned_data["sessions"],
            meetings=form.meetings(),
            asked=form.cleaned_data["asked"],
        )
        return redirect(request.path + "?saved=1")
    context = {
        "participant": participant,
        "mission": participant.mission,
        "form": form,
        "saved": request.GET.get("saved") == "1" and request.method == "GET",
        "closed": closed,
    }
    refused = form.errors or (closed and request.method == "POST")
    return render(request, "missions/answer.html", context, status=400 if refused else 200)


@never_cache
@require_GET
def agenda_page(request: HttpRequest, token: str) -> HttpResponse:
    participant = _participant_or_error(request, token)
    if isinstance(participant, HttpResponse):
        return participant
    # In the page's language: the e-mailed link opens in the participant's.
    published = participant.mission.status != Mission.Status.DRAFT
    context = {
        "agendas": [agenda(participant)] if published else [],
        "single": True,
        "page_language": translation.get_language(),
    }
    return render(request, "missions/agendas.html", context)


@never_cache
@require_GET
def agenda_calendar(request: HttpRequest, token: str) -> HttpResponse:
    participant = _participant_or_error(request, token)
    if isinstance(participant, HttpResponse):
        return participant
    mission = participant.mission
    published = mission.status != Mission.Status.DRAFT
    own = agenda(participant).slots if published else []
    events = [calendar_event(mission, slot) for slot in own]
    body = calendar.calendar(events, zone=mission.zone, name=mission.name, stamp=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = slugify(mission.name) or "mission"
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


def calendar_event(mission: Mission, slot) -> calendar.Event:
    products = named(slot.products)
    table = translation.gettext("Table %(table)s") % {"table": slot.table}
    return calendar.Event(
        uid=f"meeting-{slot.meeting.request_id}@{mission.pk}.missions.kz-ng",
        start=slot.start,
        end=slot.end,
        summary=f"{slot.other} ({table})",
        location=", ".join(filter(None, [mission.venue, mission.city, table])),
        description=products,
    )
