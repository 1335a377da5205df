"""The mission report: what was requested, scheduled and held, the outcomes by sector and
product, the follow-ups due, and which matches became meetings and which meetings deals."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from catalogue.lib.xlsx import DATE, INTEGER, NUMBER, Column, SheetWriter, new_workbook
from missions.agendas import meeting_times, mission_meetings, named
from missions.models import Meeting, MeetingRequest, Mission
from missions.planning import mission_matches

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DONE = (Meeting.NextStep.NONE, Meeting.NextStep.DEAL, "")


@dataclass(frozen=True)
class Totals:
    requested: int
    agreed: int
    scheduled: int
    held: int
    missed: int
    walk_ins: int
    deals: int
    follow_ups: int
    value: dict[str, Decimal]  # estimated deal value by currency

    def rows(self) -> list[tuple[str, object]]:
        return [
            (_("Meetings requested"), self.requested),
            (_("Agreed by both sides or imposed"), self.agreed),
            (_("Scheduled"), self.scheduled),
            (_("Held"), self.held),
            (_("Did not take place"), self.missed),
            (_("Walk-in meetings"), self.walk_ins),
            (_("Deals signed"), self.deals),
            (_("Follow-ups due"), self.follow_ups),
            *(
                (_("Estimated deal value, %(currency)s") % {"currency": c}, v)
                for c, v in sorted(self.value.items())
            ),  # fmt: skip
        ]


def totals(mission: Mission) -> Totals:
    requests = list(MeetingRequest.objects.filter(mission=mission))
    meetings = list(Meeting.objects.filter(request__mission=mission))
    statuses = Counter(m.status for m in meetings)
    value: dict[str, Decimal] = defaultdict(Decimal)
    for meeting in meetings:
        if meeting.deal_value is not None and meeting.currency:
            value[meeting.currency] += meeting.deal_value
    return Totals(
        requested=len(requests),
        agreed=sum(r.agreed for r in requests),
        scheduled=len(meetings),
        held=statuses[Meeting.Status.HELD],
        missed=statuses[Meeting.Status.MISSED],
        walk_ins=sum(m.walk_in for m in meetings),
        deals=sum(m.next_step == Meeting.NextStep.DEAL for m in meetings),
        follow_ups=sum(
            m.status == Meeting.Status.HELD and m.next_step not in DONE for m in meetings
        ),
        value=dict(value),
    )


def report_view(request: HttpRequest, mission_id: int) -> HttpResponse:
    if not request.user.has_perm("missions.view_mission"):
        raise PermissionDenied
    mission = get_object_or_404(Mission, pk=mission_id)
    out = io.BytesIO()
    write_mission_report(out, mission)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    name = slugify(mission.name) or "mission"
    response["Content-Disposition"] = f'attachment; filename="{name}-report.xlsx"'
    return response


def write_mission_report(out: BinaryIO, mission: Mission) -> None:
    book = new_workbook()
    summary = SheetWriter(
        book,
        _("Summary"),
        [Column("what", _("What"), width=40), Column("count", _("Count"), NUMBER)],
    )
    summary.write_all({"what": what, "count": count} for what, count in totals(mission).rows())
    summary.finish()
    meetings = list(mission_meetings(mission))
    times = meeting_times(mission)
    _meetings_sheet(book, meetings, times)
    _by_product(book, mission, meetings)
    _follow_ups(book, meetings)
    _matches_sheet(book, mission, {m.request_id: m for m in meetings})
    book.save(out)


def _outcome(meeting: Meeting | None) -> dict[str, object]:
    if meeting is None:
        return {"status": _("not scheduled"), "interest": "", "next_step": "", "value": None,
                "currency": ""}  # fmt: skip
    return {
        "status": meeting.get_status_display(),
        "interest": meeting.get_interest_display(),
        "next_step": meeting.get_next_step_display(),
        "value": meeting.deal_value,
        "currency": meeting.currency,
    }


def _outcome_columns() -> list[Column]:
    return [
        Column("status", _("Meeting"), width=16),
        Column("interest", _("Interest shown"), width=12),
        Column("next_step", _("Next step"), width=22),
        Column("value", _("Estimated deal value"), NUMBER, width=14),
        Column("currency", _("Currency"), width=9),
    ]


def _meetings_sheet(book, meetings: list[Meeting], times) -> None:
    sheet = SheetWriter(
        book,
        _("Meetings"),
        [
            Column("date", _("Date"), DATE, width=12),
            Column("time", _("Time"), width=8),
            Column("table", _("Table"), INTEGER, width=7),
            Column("exporter", _("Exporter"), width=30),
            Column("buyer", _("Buyer"), width=30),
            Column("products", _("Products"), width=34),
            Column("walk_in", _("Walk-in"), width=8),
            *_outcome_columns(),
            Column("follow_up_on", _("Follow up on"), DATE, width=12),
            Column("notes", _("Notes"), width=40),
        ],
    )
    # Meetings whose session changed since are listed last, without a time.
    untimed = (dt.datetime.max.replace(tzinfo=dt.UTC), dt.datetime.max.replace(tzinfo=dt.UTC))
    for meeting in sorted(
        meetings, key=lambda m: (times.get((m.session_id, m.slot), untimed), m.table, m.pk)
    ):
        start = times.get((meeting.session_id, meeting.slot), (None, None))[0]
        request = meeting.request
        sheet.write(
            {
                "date": start.date() if start else None,
                "time": f"{start:%H:%M}" if start else "",
                "table": meeting.table,
                "exporter": request.exporter.name,
                "buyer": request.buyer.name,
                "products": named(request.products()),
                "walk_in": _("yes") if meeting.walk_in else "",
                **_outcome(meeting),
                "follow_up_on": meeting.follow_up_on,
                "notes": meeting.notes,
            }
        )
    sheet.finish()


def _by_product(book, mission, meetings: list[Meeting]) -> None:
    sheet = SheetWriter(
        book,
        _("By sector and product"),
        [
            Column("sector", _("Sector"), width=28),
            Column("product", _("Product"), width=34),
            Column("requested", _("Requested"), INTEGER, width=11),
            Column("scheduled", _("Scheduled"), INTEGER, width=11),
            Column("held", _("Held"), INTEGER, width=9),
            Column("deals", _("Deals"), INTEGER, width=9),
        ],
    )
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    meeting_of = {m.request_id: m for m in meetings}
    requests = MeetingRequest.objects.filter(mission=mission).prefetch_related("categories__sector")
    for request in requests:
        meeting = meeting_of.get(request.pk)
        for category in request.products():
            sector = str(category.sector.display_name) if category.sector else ""
            tally = counts[(sector, str(category.display_name))]
            tally["requested"] += 1
            if meeting is not None:
                tally["scheduled"] += 1
                tally["held"] += meeting.status == Meeting.Status.HELD
                tally["deals"] += meeting.next_step == Meeting.NextStep.DEAL
    for (sector, product), tally in sorted(counts.items()):
        sheet.write({"sector": sector, "product": product, "requested": tally["requested"],
                     "scheduled": tally["scheduled"], "held": tally["held"],
                     "deals": tally["deals"]})  # fmt: skip
    sheet.finish()


def _follow_ups(book, meetings: list[Meeting]) -> None:
    sheet = SheetWriter(
        book,
        _("Follow-ups due"),
        [
            Column("follow_up_on", _("Follow up on"), DATE, width=12),
            Column("next_step", _("Next step"), width=24),
            Column("exporter", _("Exporter"), width=30),
            Column("buyer", _("Buyer"), width=30),
            Column("notes", _("Notes"), width=40),
        ],
    )
    due = [m for m in meetings if m.status == Meeting.Status.HELD and m.next_step not in DONE]
    for meeting in sorted(due, key=lambda m: (m.follow_up_on is None, m.follow_up_on, m.pk)):
        sheet.write({"follow_up_on": meeting.follow_up_on,
                     "next_step": meeting.get_next_step_display(),
                     "exporter": meeting.request.exporter.name,
                     "buyer": meeting.request.buyer.name, "notes": meeting.notes})  # fmt: skip
    sheet.finish()


def _matches_sheet(book, mission: Mission, meeting_of: dict[int, Meeting]) -> None:
    """Each match of the mission, and what became of it: a request, a meeting, a deal."""
    sheet = SheetWriter(
        book,
        _("Matches"),
        [
            Column("buyer", _("Buyer"), width=30),
            Column("exporter", _("Exporter"), width=30),
            Column("product", _("Product"), width=34),
            Column("score", _("Score"), NUMBER, width=8),
            Column("request", _("Meeting request"), width=22),
            *_outcome_columns(),
        ],
    )
    requests = {
        (r.exporter.exporter_id, r.buyer.buyer_id): r
        for r in MeetingRequest.objects.filter(mission=mission).select_related("exporter", "buyer")
    }
    rows = mission_matches(mission).values_list(
        "offer__exporter_id", "offer__exporter__name", "line__interest__buyer_id",
        "line__interest__buyer__company_name", "offer__category__name", "score",
    )  # fmt: skip
    for exporter_id, exporter, buyer_id, buyer, product, score in rows:
        request = requests.get((exporter_id, buyer_id))
        sheet.write(
            {
                "buyer": buyer,
                "exporter": exporter,
                "product": product,
                "score": round(score, 3),
                "request": _request_state(request),
                **_outcome(meeting_of.get(request.pk) if request else None),
            }
        )
    sheet.finish()


def _request_state(request: MeetingRequest | None) -> str:
    if request is None:
        return _("none")
    if request.agreed:
        return _("agreed")
    answers = {request.exporter_answer, request.buyer_answer}
    if MeetingRequest.Answer.DECLINED in answers:
        return _("declined")
    return _("waiting for an answer")
