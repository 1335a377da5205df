"""A submission changes nothing stored until the address owner confirms it; then exactly
what the owner was shown: a repeated line updates the earlier one, details reach the buyer."""

import re

import pytest
from django.core import mail

from matching import services
from matching.links import interest_for_status
from matching.models import Buyer, Interest, InterestLine, StatusChange
from tests.matching.helpers import confirm_post, interest_post, line, link_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(client, committed):
    def post(*lines, **buyer):
        response = committed(client.post, "/interest/", interest_post(*lines, **buyer))
        assert response.status_code == 302
        return link_in(mail.outbox[-1], "confirm")

    return post


@pytest.fixture
def confirm(client, committed):
    def post(path):
        return committed(confirm_post, client, path)

    return post


def shown(response) -> Interest:
    """The request whose status page a response leads to (links carry a timestamp)."""
    assert response.status_code == 302, response
    return interest_for_status(response.url.rstrip("/").rsplit("/", 1)[1])


def snapshot():
    """The buyer's record and their first request, as staff see them."""
    buyer = Buyer.objects.values("company_name", "phone", "cac_number", "city").get()
    first = Interest.objects.order_by("pk").first()
    lines = list(first.lines.values("category", "quantity", "notes", "port"))
    return buyer, (first.status, first.reference, first.updated_at), lines


def test_a_stranger_with_the_buyers_address_changes_nothing_until_the_owner_confirms(
    client, sunflower, send, confirm
):
    confirm(send(line(category="sunflower-oil", quantity="500", notes="monthly, in flexitanks")))
    before = snapshot()
    path = send(
        line(category="sunflower-oil", quantity="999999", notes="cancel everything"),
        company_name="Not Lagos Flour Mills",
        phone="0809 999 9999",
        cac_number="",
    )
    assert snapshot() == before
    assert Interest.objects.order_by("pk").last().status == "new"
    # The owner's mailbox says exactly what confirming would change.
    body = mail.outbox[-1].body
    assert (
        "quantity: 500 tonnes → 999,999 tonnes" in body
        and "+2348031234567 → +2348099999999" in body
    )
    page = client.get(path).text
    assert "Not Lagos Flour Mills" in page and "quantity: 500 tonnes → 999,999 tonnes" in page
    assert snapshot() == before  # opening the page changes nothing either


def test_confirming_a_repeat_updates_the_earlier_line_and_merges_into_it(
    client, sunflower, send, confirm
):
    confirm(send(line(category="sunflower-oil", quantity="500")))
    earlier = Interest.objects.get()
    again = send(line(category="sunflower-oil", quantity="800"), phone="0809 999 9999")
    response = confirm(again)
    assert shown(response) == earlier  # the owner lands on the request the line is in
    assert InterestLine.objects.get().quantity == 800
    assert Buyer.objects.get().phone == "+2348099999999"
    merged = Interest.objects.exclude(pk=earlier.pk).get()
    assert (merged.status, merged.merged_into, merged.lines.count()) == ("closed", earlier, 0)
    note = StatusChange.objects.filter(interest=earlier).last().note
    assert "quantity: 500 tonnes → 800 tonnes" in note
    assert mail.outbox[-1].subject == f"Your request {earlier.reference} was updated"
    assert shown(confirm(again)) == earlier  # and again: nothing more happens
    assert StatusChange.objects.filter(interest=merged).count() == 1


def test_a_repeat_with_new_lines_keeps_them_as_a_new_request(sunflower, send, confirm):
    confirm(send(line(category="sunflower-oil", quantity="500"), line(product="Durum wheat")))
    confirm(
        send(
            line(category="sunflower-oil", quantity="800"),
            line(product="durum  WHEAT", category="", quantity="50"),
            line(product="buckwheat", category=""),
        )
    )
    earlier, later = Interest.objects.order_by("pk")
    assert sorted(earlier.lines.values_list("quantity", flat=True)) == [50, 800]
    assert [str(x) for x in later.lines.all()] == ["buckwheat"]
    assert later.status == "confirmed" and later.reference


def test_an_unconfirmed_repeat_is_left_alone_until_it_is_confirmed(sunflower, send, confirm):
    path = send(line(category="sunflower-oil", quantity="500"))
    confirm(send(line(category="sunflower-oil", quantity="800")))
    draft, confirmed = Interest.objects.order_by("pk")
    assert draft.status == "new" and draft.lines.get().quantity == 500
    confirm(path)  # the owner confirms the older one after all: it updates the newer
    assert InterestLine.objects.get().quantity == 500
    assert Interest.objects.get(pk=draft.pk).merged_into == confirmed


def test_the_same_request_sent_again_unconfirmed_is_not_copied(sunflower, send):
    send(line(category="sunflower-oil", quantity="500"))
    send(line(category="sunflower-oil", quantity="500"))
    assert Interest.objects.count() == 1 and len(mail.outbox) == 2  # its link, twice
    send(line(category="sunflower-oil", quantity="500"), city="Ikeja")
    assert Interest.objects.count() == 2  # other details: another request to confirm


def test_after_a_day_the_same_request_is_a_new_one(sunflower, send, confirm):
    confirm(send(line(category="sunflower-oil")))
    Interest.objects.update(created_at=Interest.objects.get().created_at.replace(year=2020))
    confirm(send(line(category="sunflower-oil", quantity="700")))
    assert InterestLine.objects.count() == 2
    assert set(Interest.objects.values_list("status", flat=True)) == {"confirmed"}


def test_fields_left_blank_in_a_repeat_keep_what_was_sent_before(sunflower, send, confirm):
    confirm(send(line(category="sunflower-oil", notes="bottled 1 l", timeframe="Q1 2027")))
    path = send(line(category="sunflower-oil", quantity="800", notes="", timeframe=""))
    body = mail.outbox[-1].body
    assert "quantity: 500 tonnes → 800 tonnes" in body and "notes" not in body.split("updates")[-1]
    confirm(path)
    kept = InterestLine.objects.get()
    assert (kept.quantity, kept.notes, kept.timeframe) == (800, "bottled 1 l", "Q1 2027")


def test_a_product_typed_as_the_catalogue_names_it_is_that_product(sunflower, send, confirm):
    confirm(send(line(category="sunflower-oil", quantity="500")))
    confirm(send(line(category="", product="sunflower OIL,  refined", quantity="900")))
    line_kept = InterestLine.objects.get()
    assert (line_kept.category, line_kept.quantity) == (sunflower, 900)


def test_staff_see_what_confirming_a_request_changes_and_are_named_for_it(
    admin_client, sunflower, send, confirm
):
    confirm(send(line(category="sunflower-oil", quantity="500")))
    send(line(category="sunflower-oil", quantity="999999"), company_name="Evil Traders")
    pending = Interest.objects.get(status="new")
    page = admin_client.get(f"/admin/matching/interest/{pending.pk}/change/").text
    assert "Evil Traders" in page and "company name: Lagos Flour Mills Ltd → Evil Traders" in page
    assert "quantity: 500 tonnes → 999,999 tonnes" in page
    admin_client.post(
        f"/admin/matching/interest/{pending.pk}/change/",
        {
            "move_to": "confirmed",
            "status_note": "",
            "assigned_to": "",
            "staff_notes": "",
            "lines-TOTAL_FORMS": 0,
            "lines-INITIAL_FORMS": 0,
            "history-TOTAL_FORMS": 0,
            "history-INITIAL_FORMS": 0,
        },  # fmt: skip
    )
    earlier = Interest.objects.get(status="confirmed")
    assert "confirmed by admin" in StatusChange.objects.filter(interest=earlier).last().note


def test_a_page_opened_before_another_request_was_confirmed_confirms_nothing(
    client, sunflower, send, confirm
):
    first = send(line(category="sunflower-oil", quantity="10"))
    second = send(line(category="sunflower-oil", quantity="20"), company_name="Evil Corp")
    page = client.get(second).content.decode()  # shows no change to anything confirmed
    confirm(first)
    shown = re.search(r'name="shown" value="(\w+)"', page).group(1)
    stale = client.post(second, {"shown": shown})
    assert stale.status_code == 409 and "no longer what you saw" in stale.text
    assert "quantity: 10 tonnes → 20 tonnes" in stale.text  # what confirming would now do
    assert Interest.objects.filter(status="new").count() == 1
    assert Buyer.objects.get().company_name == "Lagos Flour Mills Ltd"


def test_a_merged_request_moves_no_more_and_its_link_ends_with_the_one_it_joined(
    client, sunflower, send, confirm
):
    confirm(send(line(category="sunflower-oil", quantity="10")))
    path = send(line(category="sunflower-oil", quantity="20"))
    confirm(path)
    earlier, merged = Interest.objects.order_by("pk")
    assert not any(merged.can_move_to(s) for s in Interest.Status)
    services.withdraw_interest(interest=earlier)
    assert client.get(path).status_code == 400


def test_staff_reopening_a_request_closed_unconfirmed_apply_what_it_carries(
    admin_user, sunflower, send
):
    send(line(category="sunflower-oil"), company_name="Kano Mills Ltd")
    Buyer.objects.update(company_name="Old name")
    interest = Interest.objects.get()
    services.change_status(interest=interest, to="closed", user=admin_user)
    services.change_status(interest=interest, to="confirmed", user=admin_user)
    assert Buyer.objects.get().company_name == "Kano Mills Ltd"
