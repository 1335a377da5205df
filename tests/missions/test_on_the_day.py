"""The day of the mission and after: check-in, no-shows and walk-ins, outcomes, the report."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from missions import planning, services
from missions.models import Meeting, MeetingRequest, Participant
from missions.report import totals
from missions.timetable import schedule
from tests.factories import make_buyer

pytestmark = pytest.mark.django_db


@pytest.fixture
def under_way(lagos):
    planning.propose(mission=lagos)
    Participant.objects.filter(mission=lagos).update(status=Participant.Status.CONFIRMED)
    MeetingRequest.objects.update(exporter_answer="accepted", buyer_answer="accepted")
    schedule(mission=lagos, seconds=5)
    return lagos


def participant(mission, name: str) -> Participant:
    return next(p for p in Participant.objects.filter(mission=mission) if p.name == name)


def test_staff_find_someone_by_name_and_check_them_in(admin_client, under_way):
    url = reverse("admin:missions_mission_check_in", args=[under_way.pk])
    page = admin_client.get(url, {"q": "kano"}).text
    listed = page[page.index('<ul class="check-in-list">') :]
    listed = listed[: listed.index("</ul>")]
    assert "Kano Foods Ltd" in listed and "Lagos Flour Mills Ltd" not in listed
    foods = participant(under_way, "Kano Foods Ltd")
    response = admin_client.post(url, {"participant": foods.pk, "action": "arrived", "q": "kano"})
    assert response.status_code == 302 and response["Location"].endswith("?q=kano")
    foods.refresh_from_db()
    assert foods.arrived_at is not None
    admin_client.post(url, {"participant": foods.pk, "action": "left"})
    foods.refresh_from_db()
    assert foods.arrived_at is None


@pytest.mark.parametrize(
    "post",
    [{"participant": "x"}, {"participant": "9" * 40, "action": "arrived"}, {"action": "no_show"},
     {"participant": "1", "action": "no_show", "session": "'; DROP"}],
)  # fmt: skip
def test_hostile_check_in_posts_are_refused_without_an_error(admin_client, under_way, post):
    url = reverse("admin:missions_mission_check_in", args=[under_way.pk])
    assert admin_client.post(url, post).status_code in (302, 404)
    assert admin_client.get(url, {"q": "%" * 5000}).status_code == 200


def test_a_no_show_frees_their_tables_for_a_walk_in(admin_client, under_way):
    url = reverse("admin:missions_mission_check_in", args=[under_way.pk])
    mills = participant(under_way, "Lagos Flour Mills Ltd")
    grain_meeting = Meeting.objects.get(
        request__buyer=mills, request__exporter__exporter__name="Kostanay Grain LLP"
    )
    session = grain_meeting.session
    admin_client.post(url, {"participant": mills.pk, "action": "no_show", "session": session.pk})
    grain_meeting.refresh_from_db()
    assert grain_meeting.status == Meeting.Status.MISSED
    # Kano Foods walks up to Kostanay Grain at the freed time.
    grain = participant(under_way, "Kostanay Grain LLP")
    foods = participant(under_way, "Kano Foods Ltd")
    if Meeting.objects.filter(request__buyer=foods, session=session, slot=grain_meeting.slot):
        services.no_show(participant=foods, session=session)  # Kano Foods missed theirs too
    response = admin_client.post(
        url,
        {"walk_in": "1", "exporter": grain.pk, "buyer": foods.pk,
         "when": f"{session.pk}:{grain_meeting.slot}"},
    )  # fmt: skip
    assert response.status_code == 302
    walk_in = Meeting.objects.get(walk_in=True)
    assert (walk_in.session, walk_in.slot) == (session, grain_meeting.slot)
    assert walk_in.request.imposed and walk_in.request.origin == "organisers"
    # Nobody is booked twice: the same pair at the same time again is refused.
    with pytest.raises(services.WalkInError):
        services.add_walk_in(exporter=grain, buyer=foods, session=session, slot=grain_meeting.slot)


def test_a_walk_in_needs_both_free_and_a_table(under_way):
    meeting = Meeting.objects.select_related("request__exporter", "request__buyer").first()
    request = meeting.request
    with pytest.raises(services.WalkInError, match="already has a meeting"):
        services.add_walk_in(
            exporter=request.exporter, buyer=participant(under_way, "Kano Foods Ltd"),
            session=meeting.session, slot=meeting.slot,
        )  # fmt: skip


def test_outcomes_are_recorded_and_the_report_shows_what_became_of_each_match(
    admin_client, under_way
):
    meeting = Meeting.objects.get(request__exporter__exporter__name="Kostanay Grain LLP")
    url = reverse("admin:missions_meeting_outcome", args=[meeting.pk])
    assert admin_client.get(url).status_code == 200
    missing_currency = {"status": "held", "interest": "high", "next_step": "deal",
                        "deal_value": "250000"}  # fmt: skip
    assert admin_client.post(url, missing_currency).status_code == 400
    saved = admin_client.post(url, {**missing_currency, "currency": "USD"})
    assert saved.status_code == 302
    other = Meeting.objects.exclude(pk=meeting.pk).first()
    services.record_outcome(meeting=other, user=None, status="held", interest="medium",
                            next_step="samples", follow_up_on="2027-04-01")  # fmt: skip
    summary = totals(under_way)
    assert (summary.scheduled, summary.held, summary.deals, summary.follow_ups) == (3, 2, 1, 1)
    assert summary.value == {"USD": 250000}

    response = admin_client.get(reverse("admin:missions_mission_report", args=[under_way.pk]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Meetings", "By sector and product", "Follow-ups due",
                               "Matches"]  # fmt: skip
    matches = list(book["Matches"].iter_rows(min_row=2, values_only=True))
    by_pair = {(row[0], row[1]): row for row in matches}
    deal = by_pair[("Lagos Flour Mills Ltd", "Kostanay Grain LLP")]
    assert deal[4] == "agreed" and deal[5] == "held" and deal[7] == "deal signed"
    assert deal[8] == 250000 and deal[9] == "USD"
    products = {
        row[1]: row for row in book["By sector and product"].iter_rows(min_row=2, values_only=True)
    }
    assert products["Durum wheat"][2:] == (1, 1, 1, 1)
    assert products["Sunflower oil"][2:] == (2, 2, 1, 0)
    (follow_up,) = book["Follow-ups due"].iter_rows(min_row=2, values_only=True)
    assert follow_up[1] == "samples to send"
    change = admin_client.get(reverse("admin:missions_mission_change", args=[under_way.pk])).text
    assert "Deals signed: 1" in change


def test_outcome_and_check_in_pages_need_the_right_permissions(
    client, django_user_model, under_way
):
    user = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(user)
    meeting = Meeting.objects.first()
    assert (
        client.get(reverse("admin:missions_mission_check_in", args=[under_way.pk])).status_code
        == 403
    )
    assert (
        client.get(reverse("admin:missions_meeting_outcome", args=[meeting.pk])).status_code == 403
    )
    assert (
        client.get(reverse("admin:missions_mission_report", args=[under_way.pk])).status_code == 403
    )


def test_what_happened_on_the_day_is_kept(admin_client, under_way):
    from django.db.models import RestrictedError

    from missions.timetable import TimetableError

    meeting = Meeting.objects.first()
    services.record_outcome(meeting=meeting, user=None, notes="Buyer wants 5,000 t")
    with pytest.raises(TimetableError):
        schedule(mission=under_way, seconds=1)  # would delete the notes
    with pytest.raises(RestrictedError):
        meeting.session.delete()
    under_way.delete()  # the whole mission may go
    assert not Meeting.objects.exists()


def test_a_no_show_leaves_the_table_free_even_with_one_table(under_way):
    under_way.tables = 1
    under_way.save()
    Meeting.objects.all().delete()
    schedule(mission=under_way, seconds=2)
    meeting = Meeting.objects.select_related("request__exporter", "request__buyer").first()
    services.no_show(participant=meeting.request.buyer, session=meeting.session)
    other = (
        Participant.objects.filter(mission=under_way)
        .buyers()
        .exclude(pk=meeting.request.buyer_id)
        .first()
    )
    walk_in = services.add_walk_in(
        exporter=meeting.request.exporter, buyer=other, session=meeting.session, slot=meeting.slot
    )
    assert walk_in.table == meeting.table == 1


def test_impossible_requests_and_meetings_are_refused(under_way):
    from django.core.exceptions import ValidationError

    from missions.models import Mission

    other = Mission.objects.create(name="Another", city="Abuja")
    foreign = Participant.objects.create(mission=other, buyer=make_buyer())
    grain = participant(under_way, "Kostanay Grain LLP")
    oils = participant(under_way, "Steppe Oils LLP")
    with pytest.raises(ValidationError, match="Both sides"):
        MeetingRequest(
            mission=under_way, exporter=grain, buyer=foreign, origin="organisers"
        ).full_clean()
    with pytest.raises(ValidationError, match="between an exporter and a buyer"):
        MeetingRequest(
            mission=under_way, exporter=grain, buyer=oils, origin="organisers"
        ).full_clean()
    meeting = Meeting.objects.first()
    meeting.table = 999
    with pytest.raises(ValidationError, match="tables 1 to 4"):
        meeting.full_clean()
    meeting.table, meeting.slot = 1, 999
    with pytest.raises(ValidationError, match="no such slot"):
        meeting.full_clean()


def test_view_only_staff_cannot_change_a_mission_by_its_actions(
    client, django_user_model, under_way
):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_mission"))
    client.force_login(viewer)
    changelist = reverse("admin:missions_mission_changelist")
    for action in ("propose_meetings", "run_scheduler", "publish_final"):
        client.post(changelist, {"action": action, "_selected_action": [under_way.pk]})
    under_way.refresh_from_db()
    assert under_way.status == "draft"


def test_the_privacy_time_limits_still_delete_a_lone_buyer_who_was_a_participant(under_way):
    import datetime as dt

    from django.utils import timezone

    from matching.models import Buyer, Interest
    from matching.personal_data import apply_retention
    from tests.factories import make_interest

    lone = make_buyer(company_name="Lone Buyer Ltd")
    old = make_interest(buyer=lone, status=Interest.Status.NEW)
    Interest.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    Participant.objects.create(mission=under_way, buyer=lone)
    apply_retention(unconfirmed_days=30, closed_days=365)
    assert not Buyer.objects.filter(pk=lone.pk).exists()
    assert Participant.objects.filter(mission=under_way).count() == 4
