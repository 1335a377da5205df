"""Matches computed and kept, recomputed with the catalogue; the staff workflow in the admin."""

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from catalogue.changes import change_committed
from matching.matcher import rematch
from matching.models import Interest, InterestLine, Match, StatusChange
from matching.services import WorkflowError, change_status, confirm_interest
from tests.factories import make_buyer, make_category, make_exporter, make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(hs):
    oil = make_category(name="Sunflower oil, refined", code="151219")
    crude = make_category(name="Sunflower oil, crude", code="151211")
    wheat = make_category(name="Durum wheat", code="100119")
    make_offer(
        exporter=make_exporter(name="Pavlodar Oil LLP"),
        category=oil,
        capacity=Decimal(20000),
        unit="t",
    )
    in_bulk = make_category(name="Sunflower oil, refined, in bulk", code="151219")
    make_offer(
        exporter=make_exporter(name="Abai Oil LLP"),
        category=in_bulk,
        capacity=Decimal(100),
        unit="t",
    )
    # Crude, not refined: the same heading, another product.
    make_offer(exporter=make_exporter(name="Aral Oil LLP"), category=crude, capacity=Decimal(900))
    make_offer(exporter=make_exporter(name="Kostanay Grain LLP"), category=wheat)
    interest = Interest.objects.create(buyer=make_buyer())
    InterestLine.objects.create(
        interest=interest, category=oil, quantity=500, unit="t", frequency="monthly"
    )
    return confirm_interest(interest=interest, base_url="http://testserver/")


def exporters(interest):
    return [
        m.offer.exporter.name
        for m in Match.objects.filter(line__interest=interest).order_by("-score")
    ]


def test_matches_are_ranked_by_score_and_exclude_other_products(confirmed):
    assert exporters(confirmed) == ["Pavlodar Oil LLP", "Abai Oil LLP"]
    best = Match.objects.get(offer__exporter__name="Pavlodar Oil LLP")
    assert best.shown_reasons()[:2] == [
        "Same HS code 1512.19",
        "Capacity 20,000 tonnes/year covers 500 tonnes/month",
    ]


def test_rematch_is_idempotent(confirmed):
    before = list(Match.objects.values_list("pk", "score", "reasons", "status"))
    result = rematch(Interest.objects.open())
    assert (result.created, result.updated, result.removed) == (0, 0, 0)
    assert result.unchanged == 2
    assert list(Match.objects.values_list("pk", "score", "reasons", "status")) == before
    out = io.StringIO()
    call_command("rematch", stdout=out)
    assert "0 created, 0 updated, 0 removed, 2 unchanged" in out.getvalue()


def test_staff_decisions_survive_a_rematch(confirmed):
    Match.objects.filter(offer__exporter__name="Abai Oil LLP").update(status=Match.Status.REJECTED)
    Match.objects.filter(offer__exporter__name="Pavlodar Oil LLP").update(
        status=Match.Status.ACCEPTED
    )
    rematch(Interest.objects.open())
    assert set(Match.objects.values_list("offer__exporter__name", "status")) == {
        ("Pavlodar Oil LLP", "accepted"),
        ("Abai Oil LLP", "rejected"),
    }


@pytest.mark.django_db(transaction=True)
def test_matches_follow_the_catalogue_once_a_transaction(confirmed):
    announced = []
    change_committed.connect(
        lambda **kwargs: announced.append(1), weak=False, dispatch_uid="test.count"
    )
    try:
        newcomer = make_offer(  # any save announces the change when it commits
            exporter=make_exporter(name="Atyrau Oil LLP"),
            category=confirmed.lines.get().category,
            capacity=Decimal(50000),
            unit="t",
        )
        assert "Atyrau Oil LLP" in exporters(confirmed)
        announced.clear()
        with transaction.atomic():
            newcomer.is_active = False
            newcomer.save()
            newcomer.exporter.save()
        assert announced == [1]  # one rematch for the transaction, however many changes
        assert "Atyrau Oil LLP" not in exporters(confirmed)
    finally:
        change_committed.disconnect(dispatch_uid="test.count")


def test_unconfirmed_interests_get_no_matches(hs):
    interest = Interest.objects.create(buyer=make_buyer())
    InterestLine.objects.create(interest=interest, free_text="wheat", suggested_hs_id="100199")
    make_offer(category=make_category(name="Soft wheat", code="100199"))
    rematch(Interest.objects.open())
    assert not Match.objects.exists()


def test_the_workflow_refuses_impossible_moves(confirmed, admin_user):
    change_status(interest=confirmed, to="contacted", user=admin_user, note="called the buyer")
    change_status(interest=confirmed, to="matched", user=admin_user)
    change_status(interest=confirmed, to="closed", user=admin_user)
    with pytest.raises(WorkflowError, match="cannot become withdrawn"):
        change_status(interest=confirmed, to="withdrawn", user=admin_user)
    history = list(
        StatusChange.objects.values_list("from_status", "to_status", "changed_by__username")
    )
    assert history == [
        ("new", "confirmed", None),
        ("confirmed", "contacted", "admin"),
        ("contacted", "matched", "admin"),
        ("matched", "closed", "admin"),
    ]


def test_staff_confirming_or_reopening_goes_through_confirmation(
    confirmed, admin_user, django_capture_on_commit_callbacks
):
    unconfirmed = Interest.objects.create(buyer=make_buyer())
    InterestLine.objects.create(interest=unconfirmed, category=confirmed.lines.get().category)
    change_status(interest=unconfirmed, to="closed", user=admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        reopened = change_status(
            interest=unconfirmed, to="confirmed", user=admin_user, note="buyer phoned"
        )
    assert reopened.reference and reopened.confirmed_at  # a first confirmation, even so late
    assert len(mail.outbox) == 1 and reopened.reference in mail.outbox[0].subject
    assert Match.objects.filter(line__interest=reopened).exists()
    assert StatusChange.objects.filter(interest=reopened).last().note == "buyer phoned"

    change_status(interest=confirmed, to="closed", user=admin_user)
    make_offer(
        exporter=make_exporter(name="Atyrau Oil LLP"), category=confirmed.lines.get().category
    )
    rematch(Interest.objects.open())  # open interests only: the closed one keeps its old matches
    assert "Atyrau Oil LLP" not in exporters(confirmed)
    with django_capture_on_commit_callbacks(execute=True):
        change_status(interest=confirmed, to="confirmed", user=admin_user)
    assert "Atyrau Oil LLP" in exporters(confirmed)  # reopened: today's catalogue
    assert len(mail.outbox) == 1  # no second "is confirmed" e-mail


def test_officers_triage_in_the_admin(admin_client, admin_user, confirmed):
    listing = admin_client.get(
        reverse("admin:matching_interest_changelist"), {"status__exact": "confirmed"}
    )
    assert confirmed.reference in listing.text
    row = listing.context["cl"].result_list[0]
    assert row.matches_count == 2
    url = reverse("admin:matching_interest_change", args=[confirmed.pk])
    page = admin_client.get(url)
    assert "Same HS code 1512.19" in page.text and "Pavlodar Oil LLP" in page.text
    choices = dict(page.context["adminform"].form.fields["move_to"].choices)
    assert "contacted" in choices and "new" not in choices
    data = {
        "move_to": "contacted",
        "status_note": "phoned Ada",
        "assigned_to": admin_user.pk,
        "staff_notes": "wants CIF Apapa",
    }
    for prefix in ("lines", "history"):
        data.update({f"{prefix}-TOTAL_FORMS": 1, f"{prefix}-INITIAL_FORMS": 1})
    line = confirmed.lines.get()
    data.update({"lines-0-id": line.pk, "lines-0-interest": confirmed.pk,
                 "lines-0-category": line.category_id, "lines-0-quantity": "500",
                 "lines-0-unit": "t", "lines-0-frequency": "monthly"})  # fmt: skip
    data.update({"history-0-id": StatusChange.objects.get().pk, "history-0-interest": confirmed.pk})
    response = admin_client.post(url, data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else ""
    )
    confirmed.refresh_from_db()
    assert (confirmed.status, confirmed.assigned_to, confirmed.staff_notes) == (
        "contacted",
        admin_user,
        "wants CIF Apapa",
    )
    change = StatusChange.objects.latest("id")
    assert (change.to_status, change.changed_by, change.note) == (
        "contacted",
        admin_user,
        "phoned Ada",
    )


def test_officers_accept_or_reject_matches_and_are_recorded(admin_client, admin_user, confirmed):
    best = Match.objects.get(offer__exporter__name="Pavlodar Oil LLP")
    response = admin_client.post(
        reverse("admin:matching_match_changelist"),
        {"action": "mark_accepted", "_selected_action": [best.pk]},
    )
    assert response.status_code == 302
    best.refresh_from_db()
    assert (best.status, best.decided_by) == ("accepted", admin_user)
    assert best.decided_at <= timezone.now()
    # One match's page decides the same way.
    other = Match.objects.exclude(pk=best.pk).first()
    page = reverse("admin:matching_match_change", args=[other.pk])
    form = {"line": other.line_id, "offer": other.offer_id, "status": "rejected",
            "staff_notes": "no halal"}  # fmt: skip
    assert admin_client.post(page, form).status_code == 302
    other.refresh_from_db()
    assert (other.status, other.decided_by, other.staff_notes) == (
        "rejected",
        admin_user,
        "no halal",
    )


def test_staff_are_told_of_a_new_confirmed_interest(
    hs, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.STAFF_NOTIFY_EMAILS = ["desk@trade.kz"]
    interest = Interest.objects.create(buyer=make_buyer())
    InterestLine.objects.create(interest=interest, free_text="urea", suggested_hs_id="310210")
    with django_capture_on_commit_callbacks(execute=True):
        confirm_interest(interest=interest, base_url="http://testserver/")
    staff = [m for m in mailoutbox if m.to == ["desk@trade.kz"]]
    assert staff and interest.buyer.company_name in staff[0].subject


def test_officers_decide_each_match_on_the_interest_page(admin_client, admin_user, confirmed):
    page = admin_client.get(reverse("admin:matching_interest_change", args=[confirmed.pk])).text
    best = Match.objects.get(offer__exporter__name="Pavlodar Oil LLP")
    decide = reverse("admin:matching_interest_decide", args=[confirmed.pk])
    assert f'formaction="{decide}" formnovalidate name="decide_accepted" value="{best.pk}"' in page
    assert "Sunflower oil, refined" in page  # the exporter's matching products
    response = admin_client.post(decide, {"decide_accepted": str(best.pk)})
    assert response.status_code == 302
    best.refresh_from_db()
    assert (best.status, best.decided_by) == ("accepted", admin_user)
    # A match of another interest is not decided from this page.
    elsewhere = reverse("admin:matching_interest_decide", args=[confirmed.pk + 1])
    admin_client.post(elsewhere, {"decide_rejected": str(best.pk)})
    best.refresh_from_db()
    assert best.status == "accepted"
    assert admin_client.get(decide).status_code == 405


def test_the_buyer_hears_of_the_moves_they_care_about(confirmed, admin_user, committed):
    mail.outbox.clear()
    committed(
        change_status, interest=confirmed, to="matched", user=admin_user,
        note="Pavlodar Oil will call you", share_note=True,
    )  # fmt: skip
    (matched,) = mail.outbox
    assert matched.to == [confirmed.buyer.email]
    assert "found Kazakh exporters" in matched.subject and confirmed.reference in matched.subject
    assert "Pavlodar Oil will call you" in matched.body
    assert "/interest/status/" in matched.body
    committed(
        change_status, interest=confirmed, to="contacted", user=admin_user, note="internal only"
    )
    assert "internal only" not in mail.outbox[1].body  # a note staff did not share
    committed(change_status, interest=confirmed, to="withdrawn", user=admin_user)
    assert len(mail.outbox) == 2  # the buyer withdrew: nothing to tell them


def test_exporters_of_other_products_in_the_chapter_are_a_labelled_hint_not_matches(
    admin_client, confirmed
):
    """Crude sunflower oil shares the chapter (and heading) with the refined oil asked for:
    its exporter is no match, but staff see it as a lead, apart from the matches."""
    page = admin_client.get(reverse("admin:matching_interest_change", args=[confirmed.pk])).text
    related = page[page.index("Related exporters (not matches)") :]
    assert "not what the buyer asked for" in related
    assert "Aral Oil LLP" in related and "Sunflower oil, crude" in related
    assert "Pavlodar Oil LLP" not in related  # matched: in the matches table, not here
    assert "Kostanay" not in related  # wheat: another chapter
    assert not Match.objects.filter(offer__exporter__name="Aral Oil LLP").exists()
