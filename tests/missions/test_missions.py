"""A mission from matches to agendas: the guest list, the requests, the answers, the
schedule, the agendas and the master schedule."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from catalogue.models import Exporter, ProductCategory
from missions import planning, services
from missions.agendas import agenda
from missions.links import participant_token
from missions.models import Meeting, MeetingRequest, Participant, Session
from missions.timetable import TimetableError, schedule
from tests.factories import make_category

pytestmark = pytest.mark.django_db


def guest(mission, company: str) -> Participant:
    return Participant.objects.get(mission=mission, buyer__company_name=company)


def everyone_agrees(mission) -> None:
    Participant.objects.filter(mission=mission).update(status=Participant.Status.CONFIRMED)
    MeetingRequest.objects.filter(mission=mission).update(
        exporter_answer="accepted", buyer_answer="accepted"
    )


def test_slots_run_from_the_start_every_meeting_length_around_the_breaks(lagos):
    morning, afternoon = lagos.sessions.all()
    starts = lagos.slot_starts()
    # 9:00-12:00 in 30 minutes with a break 10:30-11:00.
    assert [f"{t:%H:%M}" for t in starts[morning.pk]] == [
        "09:00",
        "09:30",
        "10:00",
        "11:00",
        "11:30",
    ]
    assert [f"{t:%H:%M}" for t in starts[afternoon.pk]] == ["14:00", "14:30", "15:00", "15:30"]
    # A break that ends off the grid moves the slots after it.
    assert [f"{t:%H:%M}" for t in morning.slot_starts(20, [(dt.time(9, 50), dt.time(10, 5))])] == [
        "09:00", "09:20", "10:05", "10:25", "10:45", "11:05", "11:25",
    ]  # fmt: skip


def test_matched_buyers_with_open_requests_are_invited_and_each_pair_proposed_once(lagos):
    done = planning.propose(mission=lagos)
    assert done.invited == 2  # the unconfirmed request's buyer is not invited
    assert sorted(
        (r.exporter.name, r.buyer.name, r.score, [c.name for c in r.products()])
        for r in MeetingRequest.objects.filter(mission=lagos)
    ) == [
        ("Kostanay Grain LLP", "Lagos Flour Mills Ltd", 0.9, ["Durum wheat"]),
        ("Steppe Oils LLP", "Kano Foods Ltd", 0.8, ["Sunflower oil"]),
        ("Steppe Oils LLP", "Lagos Flour Mills Ltd", 0.6, ["Sunflower oil"]),
    ]
    MeetingRequest.objects.filter(mission=lagos).update(buyer_answer="accepted")
    again = planning.propose(mission=lagos)
    assert (again.invited, again.requests, again.rescored) == (0, 0, 0)
    assert set(MeetingRequest.objects.values_list("buyer_answer", flat=True)) == {"accepted"}


def test_sectors_in_focus_leave_out_matches_outside_them(lagos):
    copper = make_category("Copper cathodes", "740311")
    wheat = ProductCategory.objects.get(name="Durum wheat")
    assert copper.sector and wheat.sector and copper.sector != wheat.sector
    lagos.sectors.set([copper.sector])
    assert planning.propose(mission=lagos).invited == 0
    assert not MeetingRequest.objects.exists()
    lagos.sectors.add(wheat.sector)
    assert planning.propose(mission=lagos).requests == 3


def test_a_buyer_answers_through_the_signed_link(client, lagos):
    planning.propose(mission=lagos)
    mills = guest(lagos, "Lagos Flour Mills Ltd")
    url = reverse("missions:answer", args=[participant_token(mills)])
    page = client.get(url)
    assert page.status_code == 200
    assert "Kostanay Grain LLP" in page.text and "Durum wheat" in page.text
    assert "Tuesday, 9 March 2027, 09:00–12:00" in page.text
    first, second = lagos.sessions.all()
    grain, oils = MeetingRequest.objects.filter(buyer=mills).order_by("-score")
    posted = client.post(
        url,
        {"attending": "yes", "sessions": [second.pk], f"meeting_{grain.pk}": "accepted",
         f"meeting_{oils.pk}": "declined"},
    )  # fmt: skip
    assert posted.status_code == 302
    mills.refresh_from_db()
    assert mills.status == "confirmed" and list(mills.sessions.all()) == [second]
    grain.refresh_from_db(), oils.refresh_from_db()
    assert (grain.buyer_answer, oils.buyer_answer) == ("accepted", "declined")
    assert grain.exporter_answer == "pending"  # the other side answers for itself
    # Attending with no session is not an answer.
    refused = client.post(url, {"attending": "yes"})
    assert refused.status_code == 400
    assert "at least one session" in refused.text


@pytest.mark.parametrize(
    "token",
    ["nonsense", "x" * 5000, "eyJwIjoxLCJrIjoiYSJ9:1v:bad"],
    ids=["garbage", "huge", "forged"],
)
def test_a_bad_link_says_so_without_an_error(client, lagos, token):
    for name in ("missions:answer", "missions:agenda", "missions:calendar"):
        response = client.get(reverse(name, args=[token]))
        assert response.status_code == 404
        assert "does not work" in response.text


def test_a_new_key_retires_the_old_links(client, lagos):
    planning.propose(mission=lagos)
    mills = guest(lagos, "Lagos Flour Mills Ltd")
    old = reverse("missions:agenda", args=[participant_token(mills)])
    mills.access_key = "replaced"
    mills.save()
    assert client.get(old).status_code == 404


def meetings_of(participant_id: int) -> list[tuple[int, int]]:
    return [
        (m.session_id, m.slot)
        for m in Meeting.objects.filter(request__exporter_id=participant_id)
        | Meeting.objects.filter(request__buyer_id=participant_id)
    ]


def test_the_schedule_places_every_agreed_meeting_without_a_clash(lagos):
    planning.propose(mission=lagos)
    everyone_agrees(lagos)
    declined = MeetingRequest.objects.get(exporter__exporter__name="Steppe Oils LLP",
                                          buyer__buyer__company_name="Kano Foods Ltd")  # fmt: skip
    declined.buyer_answer = "declined"
    declined.save()
    done = schedule(mission=lagos, seconds=5)
    assert done.requests == 2 and len(done.schedule.placements) == 2
    assert not Meeting.objects.filter(request=declined).exists()
    for participant in Participant.objects.filter(mission=lagos):
        slots = meetings_of(participant.pk)
        assert len(slots) == len(set(slots))
    assert all(1 <= m.table <= lagos.tables for m in Meeting.objects.all())
    # The organisers impose the declined meeting: it is added, the others stay put.
    before = {m.request_id: (m.session_id, m.slot, m.table) for m in Meeting.objects.all()}
    declined.imposed = True
    declined.save()
    again = schedule(mission=lagos, seconds=5)
    assert len(again.schedule.placements) == 3 and again.schedule.moved == 0
    after = {m.request_id: (m.session_id, m.slot, m.table) for m in Meeting.objects.all()}
    assert {r: after[r] for r in before} == before
    assert again.changed == {declined.exporter_id, declined.buyer_id}


def test_only_sessions_both_attend_are_used(lagos):
    planning.propose(mission=lagos)
    everyone_agrees(lagos)
    first, second = lagos.sessions.all()
    guest(lagos, "Lagos Flour Mills Ltd").sessions.set([second])
    schedule(mission=lagos, seconds=5)
    mills = guest(lagos, "Lagos Flour Mills Ltd")
    assert {s for s, _ in meetings_of(mills.pk)} == {second.pk}


def test_once_meetings_are_held_the_schedule_stays(lagos):
    planning.propose(mission=lagos)
    everyone_agrees(lagos)
    schedule(mission=lagos, seconds=5)
    Meeting.objects.update(status=Meeting.Status.HELD)
    with pytest.raises(TimetableError):
        schedule(mission=lagos, seconds=5)
    assert Meeting.objects.count() == 2 + 1


def test_an_exporters_agenda_shows_a_buyers_contact_only_once_that_buyer_accepted(lagos):
    planning.propose(mission=lagos)
    Participant.objects.filter(mission=lagos).update(status=Participant.Status.CONFIRMED)
    MeetingRequest.objects.filter(mission=lagos).update(imposed=True)
    MeetingRequest.objects.filter(buyer__buyer__company_name="Kano Foods Ltd").update(
        buyer_answer="accepted"
    )
    schedule(mission=lagos, seconds=5)
    oils = Participant.objects.get(mission=lagos, exporter__name="Steppe Oils LLP")
    contacts = {slot.other: slot.contact for slot in agenda(oils).slots}
    assert contacts["Kano Foods Ltd"].email == "musa@kanofoods.ng"
    assert contacts["Lagos Flour Mills Ltd"] is None
    # A buyer always sees the exporter's contact: exporters are listed publicly.
    mills = guest(lagos, "Lagos Flour Mills Ltd")
    grain_slot = next(s for s in agenda(mills).slots if s.other == "Kostanay Grain LLP")
    assert grain_slot.contact.email == "sales@kgrain.kz"


@pytest.fixture
def scheduled(lagos):
    planning.propose(mission=lagos)
    everyone_agrees(lagos)
    schedule(mission=lagos, seconds=5)
    return lagos


def test_agendas_are_published_by_email_in_each_participants_language(
    scheduled, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.publish(mission=scheduled, final=False, base_url="https://kz-ng.example/")
    assert (sent.sent, sent.unreached) == (4, [])
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Your preliminary agenda" in by_address["ada@lagosmills.ng"].body
    assert "/missions/answer/" in by_address["ada@lagosmills.ng"].body
    assert (
        by_address["ada@lagosmills.ng"].subject == "Your meetings: Kazakh business mission to Lagos"
    )
    russian = by_address["sales@kgrain.kz"]
    assert "Ваши встречи" in russian.subject
    assert "https://kz-ng.example/ru/missions/agenda/" in russian.body
    assert russian.body.startswith("Здравствуйте, Aidar!")  # the exporter's contact
    # The final agendas: no more answers to change. An exporter with no address is named.
    Participant.objects.filter(exporter__name="Steppe Oils LLP").update(language="ru")
    Exporter.objects.filter(name="Steppe Oils LLP").update(email="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        final = services.publish(mission=scheduled, final=True, base_url="https://kz-ng.example/")
    assert (final.sent, final.unreached) == (3, ["Steppe Oils LLP"])
    english = next(m for m in mail.outbox if m.to == ["ada@lagosmills.ng"])
    assert "Your final agenda" in english.body and "/missions/answer/" not in english.body


def test_the_agenda_page_from_the_email_is_in_the_participants_language_with_both_times(
    client, scheduled, django_capture_on_commit_callbacks
):
    grain = Participant.objects.get(mission=scheduled, exporter__name="Kostanay Grain LLP")
    url = reverse("missions:agenda", args=[participant_token(grain)])
    assert "not published yet" in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(mission=scheduled, final=False, base_url="http://testserver/")
    (sent,) = [m for m in mail.outbox if m.to == ["sales@kgrain.kz"]]
    link = re.search(r"http://testserver(/ru/missions/agenda/\S+/)", sent.body)[1]
    page = client.get(link).text
    assert 'lang="ru"' in page and "Предварительная" in page
    assert "Lagos Flour Mills Ltd" in page
    (slot,) = agenda(grain).slots
    # Lagos is UTC+1, Almaty UTC+5: four hours ahead.
    assert f"{slot.start:%H:%M}" in page
    assert f"{slot.start + dt.timedelta(hours=4):%H:%M}" in page
    assert "ada@lagosmills.ng" in page  # the buyer accepted
    ProductCategory.objects.filter(name="Durum wheat").update(name_ru="Пшеница твёрдая")
    page = client.get(link).text
    assert "Пшеница твёрдая" in page and "Durum wheat" not in page
    assert "марта 2027" in page  # the date as Russian writes it: 9 марта 2027


def test_the_calendar_file_puts_each_meeting_at_the_venues_hour(client, scheduled):
    scheduled.status = "final"
    scheduled.save()
    mills = guest(scheduled, "Lagos Flour Mills Ltd")
    response = client.get(reverse("missions:calendar", args=[participant_token(mills)]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 2
    assert "TZID:Africa/Lagos" in body and "TZOFFSETTO:+0100" in body
    for slot in agenda(mills).slots:
        assert f"DTSTART;TZID=Africa/Lagos:{slot.start:%Y%m%dT%H%M%S}" in body
    assert all(line.endswith("\r") or not line for line in body.split("\n"))


def test_the_master_schedule_lists_each_slot_by_table_and_each_participants_meetings(
    admin_client, scheduled
):
    response = admin_client.post(
        reverse("admin:missions_mission_changelist"),
        {"action": "master_schedule", "_selected_action": [scheduled.pk]},
    )
    book = load_workbook(io.BytesIO(response.content))
    by_slot, by_participant = book.worksheets
    header = [c.value for c in by_slot[1]]
    assert header == ["Date", "Time", "Table 1", "Table 2", "Table 3", "Table 4"]
    assert by_slot.max_row == 1 + 5 + 4  # every slot of both sessions
    for meeting in Meeting.objects.select_related("request__exporter__exporter", "session"):
        rows = [r for r in by_slot.iter_rows(min_row=2, values_only=True)
                if r[0].date() == meeting.session.date]  # fmt: skip
        cell = rows[meeting.slot][1 + meeting.table]
        assert cell.startswith(meeting.request.exporter.name)
    assert by_participant.max_row == 1 + 2 * 3


def test_officials_run_the_mission_from_the_admin(
    admin_client, lagos, django_capture_on_commit_callbacks
):
    changelist = reverse("admin:missions_mission_changelist")
    admin_client.post(changelist, {"action": "propose_meetings", "_selected_action": [lagos.pk]})
    assert MeetingRequest.objects.filter(mission=lagos).count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:missions_participant_changelist"),
            {"action": "send_invitations",
             "_selected_action": list(Participant.objects.buyers().values_list("pk", flat=True))},
        )  # fmt: skip
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@lagosmills.ng", "musa@kanofoods.ng"]
    link = re.search(r"https?://\S+/missions/answer/\S+/", mail.outbox[0].body)
    assert link
    for name in ("mission", "participant", "meetingrequest", "meeting"):
        assert admin_client.get(reverse(f"admin:missions_{name}_changelist")).status_code == 200
    assert (
        admin_client.get(reverse("admin:missions_mission_change", args=[lagos.pk])).status_code
        == 200
    )
    printed = admin_client.post(
        changelist, {"action": "print_agendas", "_selected_action": [lagos.pk]}
    )
    assert printed.status_code == 200


def test_an_exporters_own_tables_must_exist(lagos):
    from django.core.exceptions import ValidationError

    grain = Participant.objects.get(mission=lagos, exporter__name="Kostanay Grain LLP")
    grain.booths = "3, 9"
    with pytest.raises(ValidationError, match="tables 1 to 4"):
        grain.full_clean()
    grain.booths = "1,2,3,4,5,6,7,8,9,10,11"
    with pytest.raises(ValidationError):
        grain.full_clean()
    grain.booths = "3"
    grain.full_clean()
    assert grain.booth_tables == (3,)


def test_the_scheduler_runs_as_a_job_and_published_agendas_follow_its_changes(
    admin_client, lagos, django_capture_on_commit_callbacks
):
    from jobs.models import Job

    planning.propose(mission=lagos)
    everyone_agrees(lagos)
    lagos.status = "preliminary"
    lagos.save()
    changelist = reverse("admin:missions_mission_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            changelist, {"action": "run_scheduler", "_selected_action": [lagos.pk]}
        )
    job = Job.objects.get()
    assert response["Location"] == reverse("admin:jobs_job_change", args=[job.pk])
    assert job.state == Job.State.SUCCEEDED, job.error
    assert job.result["scheduled"] == 3 and job.result["gap_percent"] <= 2
    page = admin_client.get(response["Location"]).text
    assert "3 of 3 agreed meetings scheduled" in page
    # Everyone's agenda is new: each of the four participants is told.
    assert job.result["agendas_sent"] == 4 == len(mail.outbox)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(changelist, {"action": "run_scheduler", "_selected_action": [lagos.pk]})
    assert Job.objects.latest("pk").result["moved"] == 0
    assert mail.outbox == []  # nothing changed, nobody is written to


def test_a_buyer_asks_to_meet_an_exporter_no_match_proposed(client, lagos):
    planning.propose(mission=lagos)
    foods = guest(lagos, "Kano Foods Ltd")
    grain = Participant.objects.get(mission=lagos, exporter__name="Kostanay Grain LLP")
    url = reverse("missions:answer", args=[participant_token(foods)])
    page = client.get(url).text
    assert "Others you would like to meet" in page
    assert "Kostanay Grain LLP: Durum wheat" in page  # what the exporter sells
    first, _ = lagos.sessions.all()
    posted = client.post(url, {"attending": "yes", "sessions": [first.pk], "asked": [grain.pk]})
    assert posted.status_code == 302
    asked = MeetingRequest.objects.get(exporter=grain, buyer=foods)
    assert (asked.origin, asked.buyer_answer, asked.exporter_answer) == (
        "buyer",
        "accepted",
        "pending",
    )
    # The exporter sees it among the meetings proposed to it, and accepts.
    page = client.get(reverse("missions:answer", args=[participant_token(grain)])).text
    assert "Kano Foods Ltd" in page
    # Nobody can ask for someone of their own side, or of another mission.
    oils = Participant.objects.get(mission=lagos, exporter__name="Steppe Oils LLP")
    refused = client.post(
        reverse("missions:answer", args=[participant_token(grain)]),
        {"attending": "yes", "sessions": [first.pk], "asked": [oils.pk]},
    )
    assert refused.status_code == 400
    assert not MeetingRequest.objects.filter(exporter=grain, buyer=oils).exists()


def test_a_mission_without_sessions_or_agreed_meetings_schedules_nothing(lagos):
    planning.propose(mission=lagos)
    assert schedule(mission=lagos, seconds=1).schedule.placements == {}  # nothing agreed yet
    everyone_agrees(lagos)
    Session.objects.filter(mission=lagos).delete()
    done = schedule(mission=lagos, seconds=1)
    assert done.requests == 3 and done.schedule.placements == {}
    assert not Meeting.objects.exists()


def test_sessions_changed_after_scheduling_break_no_page_and_a_new_run_places_all(
    admin_client, client, scheduled
):
    scheduled.meeting_minutes = 30
    for session in Session.objects.filter(mission=scheduled):  # one slot a session now
        session.end = dt.time(session.start.hour, 30)
        session.save()
    scheduled.status = "final"
    scheduled.save()
    for participant in Participant.objects.filter(mission=scheduled):
        token = participant_token(participant)
        assert client.get(reverse("missions:agenda", args=[token])).status_code == 200
        assert client.get(reverse("missions:calendar", args=[token])).status_code == 200
    for action in ("master_schedule", "print_agendas"):
        response = admin_client.post(
            reverse("admin:missions_mission_changelist"),
            {"action": action, "_selected_action": [scheduled.pk]},
        )
        assert response.status_code == 200
    for name in ("admin:missions_mission_report", "admin:missions_mission_check_in"):
        assert admin_client.get(reverse(name, args=[scheduled.pk])).status_code == 200
    done = schedule(mission=scheduled, seconds=2)
    assert all(p.slot == 0 for p in done.schedule.placements.values())
    for participant in Participant.objects.filter(mission=scheduled):
        slots = meetings_of(participant.pk)
        assert len(slots) == len(set(slots))


@pytest.mark.parametrize("key", ["9" * 30, "-1", "1.5", "١"])
def test_an_answer_naming_rows_by_impossible_ids_is_refused(client, lagos, key):
    planning.propose(mission=lagos)
    url = reverse("missions:answer", args=[participant_token(guest(lagos, "Kano Foods Ltd"))])
    first, _ = lagos.sessions.all()
    for field, value in (("asked", key), ("sessions", key)):
        data = {"attending": "yes", "sessions": [first.pk], field: [value]}
        assert client.post(url, data).status_code == 400
