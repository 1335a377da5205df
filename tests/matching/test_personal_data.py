"""A buyer's personal data: shown back, passed to an exporter only with their agreement,
downloadable, erasable, and kept no longer than the privacy notice says."""

import io
import json
import re
from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Exporter
from matching import reports, services
from matching.links import requests_token
from matching.models import Buyer, Interest, InterestLine, Introduction, Match, StatusChange
from matching.personal_data import erase_buyer
from tests.factories import make_exporter
from tests.matching.helpers import confirm_post, interest_post, line, link_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(client, sunflower, committed):
    """A confirmed request for sunflower oil with one matched exporter (which has an
    address), and its status page's path."""
    Exporter.objects.update(email="sales@pavlodar-oil.kz", contact_name="Aigerim")
    committed(
        client.post,
        "/interest/",
        interest_post(
            line(category="sunflower-oil", notes="Call Ada on her cell 0803 999 0000",
                 specifications="FFA under 0.1%"),
            contact_channel="whatsapp", contact_times="weekdays after 2 pm",
        ),
    )  # fmt: skip
    status = committed(confirm_post, client, link_in(mail.outbox[0], "confirm")).url
    mail.outbox.clear()
    return Interest.objects.get(), status


def _agree(client, committed, status: str, exporter_id, agreed="1"):
    form = {"exporter": exporter_id, "agreed": agreed}
    return committed(client.post, status + "introduce/", form)


def test_the_status_page_shows_everything_the_buyer_sent(client, confirmed):
    interest, status = confirmed
    page = client.get(status).text
    for sent in ("Lagos Flour Mills Ltd (RC1234567)", "Apapa, Lagos", "Ada Obi", "+2348031234567",
                 "ada@lagosmills.ng", "WhatsApp", "weekdays after 2 pm", "FFA under 0.1%",
                 "500 tonnes, monthly", "Apapa"):  # fmt: skip
        assert sent in page, sent


def test_contact_details_go_only_to_the_exporters_the_buyer_agrees_to(
    client, admin_client, confirmed, committed
):
    interest, status = confirmed
    exporter = Exporter.objects.get()
    admin_page = reverse("admin:matching_interest_change", args=[interest.pk])
    introduce = reverse("admin:matching_interest_introduce", args=[interest.pk])
    # Staff see the match, never a way to introduce without the buyer's agreement.
    page = admin_client.get(admin_page).text
    assert "Pavlodar Oil LLP" in page and "not agreed by the buyer" in page
    assert 'name="introduce"' not in page
    committed(admin_client.post, introduce, {"introduce": exporter.pk})
    assert not mail.outbox and not Introduction.objects.exists()

    page = client.get(status).text
    assert "Share my contact details with this exporter" in page
    _agree(client, committed, status, exporter.pk)
    assert "you agreed on" in client.get(status).text
    assert f'name="introduce" value="{exporter.pk}"' in admin_client.get(admin_page).text

    committed(admin_client.post, introduce, {"introduce": exporter.pk})
    to_exporter, to_buyer = mail.outbox
    assert to_exporter.to == ["sales@pavlodar-oil.kz"]
    for detail in ("Ada Obi", "+2348031234567", "ada@lagosmills.ng", "WhatsApp", "Sunflower oil"):
        assert detail in to_exporter.body, detail
    assert to_buyer.to == ["ada@lagosmills.ng"] and "sales@pavlodar-oil.kz" in to_buyer.body
    introduction = Introduction.objects.get()
    assert introduction.introduced_at and introduction.introduced_by.username == "admin"
    assert "introduced on" in client.get(status).text
    # Done once: again, or taken back afterwards, changes nothing.
    committed(admin_client.post, introduce, {"introduce": exporter.pk})
    _agree(client, committed, status, exporter.pk, agreed="0")
    assert len(mail.outbox) == 2 and Introduction.objects.get().introduced_at


def test_an_agreement_can_be_taken_back_before_the_introduction(client, confirmed, committed):
    interest, status = confirmed
    exporter = Exporter.objects.get()
    _agree(client, committed, status, exporter.pk)
    page = client.get(status).text
    assert "Take back my agreement" in page
    _agree(client, committed, status, exporter.pk, agreed="0")
    assert not Introduction.objects.exists()
    assert "will not be passed to Pavlodar Oil LLP." in client.get(status).text


@pytest.mark.parametrize("exporter", ["", "abc", "-1", "9" * 40, "0", "1.5", "other"])
def test_only_a_matched_exporter_can_be_agreed_to(client, confirmed, committed, exporter):
    interest, status = confirmed
    other = make_exporter(name="Unmatched Steel LLP")  # not matched to this request
    response = _agree(client, committed, status, other.pk if exporter == "other" else exporter)
    assert response.status_code == 302
    assert not Introduction.objects.exists()
    assert "not matched to this request" in client.get(status).text


def test_a_rejected_match_or_a_closed_request_cannot_be_agreed_to(
    client, admin_user, confirmed, committed
):
    interest, status = confirmed
    exporter = Exporter.objects.get()
    Match.objects.update(status=Match.Status.REJECTED)
    assert "Share my contact details" not in client.get(status).text
    _agree(client, committed, status, exporter.pk)
    assert not Introduction.objects.exists()
    Match.objects.update(status=Match.Status.SUGGESTED)
    services.change_status(interest=interest, to="closed", user=admin_user)
    _agree(client, committed, status, exporter.pk)
    assert not Introduction.objects.exists()


def test_the_buyer_downloads_their_data_as_json(client, confirmed, committed):
    interest, status = confirmed
    _agree(client, committed, status, Exporter.objects.get().pk)
    response = client.get(status + "data/")
    assert response["Content-Type"] == "application/json"
    assert f'filename="request-{interest.reference}.json"' in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["buyer"]["email"] == "ada@lagosmills.ng"
    assert data["buyer"]["phone"] == "+2348031234567"
    (request,) = data["requests"]
    assert request["reference"] == interest.reference
    assert request["preferred_contact_channel"] == "whatsapp"
    assert request["privacy_notice_version"] == interest.consent_version
    (product,) = request["products"]
    assert product["product"] == "Sunflower oil, refined" and product["quantity"] == "500.000"
    assert product["specifications"] == "FFA under 0.1%"
    assert product["matched_exporters"][0]["exporter"] == "Pavlodar Oil LLP"
    assert request["introductions"][0]["exporter"] == "Pavlodar Oil LLP"
    assert [change["to"] for change in request["status_changes"]] == ["confirmed"]


def test_my_requests_downloads_every_request_of_the_address(client, confirmed, committed):
    committed(client.post, "/interest/", interest_post(line(product="durum wheat")))
    committed(client.post, "/interest/", interest_post(line(), email="kano@mills.ng"))
    mine = reverse("matching:mine", args=[requests_token("ADA@lagosmills.ng")])
    assert "Erase my data" in client.get(mine).text
    data = json.loads(client.get(mine + "data/").content)
    assert len(data["requests"]) == 2
    assert "kano@mills.ng" not in json.dumps(data)
    unknown = reverse("matching:mine-data", args=[requests_token("x@y.ng")])
    assert json.loads(client.get(unknown).content) == {"buyer": None, "requests": []}


def test_erasure_anonymises_the_buyer_and_keeps_the_counts(
    client, admin_user, confirmed, committed
):
    interest, status = confirmed
    _agree(client, committed, status, Exporter.objects.get().pk)
    committed(client.post, "/interest/", interest_post(line(product="durum wheat")))  # unconfirmed
    buyer = interest.buyer
    LogEntry.objects.log_actions(
        admin_user.pk, [buyer], CHANGE, change_message="edited", single_object=True
    )
    before = reports.counts(Interest.objects.exclude(status=Interest.Status.NEW))
    mail.outbox.clear()

    ask = client.get(status + "erase/")
    assert "We hold 2 requests from ada@lagosmills.ng." in ask.text
    assert Buyer.objects.get().company_name == "Lagos Flour Mills Ltd"  # asking changes nothing
    done = committed(client.post, status + "erase/")
    assert "Your data is erased" in done.text

    buyer.refresh_from_db()
    assert buyer.is_erased and buyer.company_name == "Erased buyer"
    assert (buyer.contact_name, buyer.phone, buyer.city, buyer.cac_number) == ("", "", "", "")
    assert buyer.email.endswith("@erased.invalid") and buyer.state == "LA"
    interest.refresh_from_db()
    assert interest.status == "withdrawn" and interest.anonymised_at
    assert interest.source_ip is None and interest.contact_times == ""
    assert interest.submitted_buyer["company_name"] == ""
    assert interest.buyer_as_sent["state"] == "LA"
    assert Interest.objects.count() == 1  # the unconfirmed request is gone
    (kept,) = InterestLine.objects.all()
    assert (kept.notes, kept.specifications, kept.quantity) == ("", "", 500)
    assert not Introduction.objects.exists()  # agreed, never acted on: void
    assert set(StatusChange.objects.values_list("note", flat=True)) == {""}  # staff's words too
    assert set(StatusChange.objects.values_list("note_data", flat=True)) == {None}
    assert StatusChange.objects.filter(to_status="withdrawn").exists()
    buyer_type = ContentType.objects.get_for_model(Buyer)
    assert LogEntry.objects.get(content_type=buyer_type).object_repr == "Erased buyer"
    after = reports.counts(Interest.objects.exclude(status=Interest.Status.NEW))
    assert (after.interests, after.lines, after.buyers) == (
        before.interests, before.lines, before.buyers
    )  # fmt: skip
    (goodbye,) = mail.outbox
    assert goodbye.to == ["ada@lagosmills.ng"] and "erased" in goodbye.body
    # Every link is dead, and the address may ask again as a new buyer.
    assert client.get(status).status_code == 400
    assert client.get(status + "data/").status_code == 400
    committed(client.post, "/interest/", interest_post(line()))
    assert Buyer.objects.filter(email="ada@lagosmills.ng").exists()


def test_erasure_from_my_requests_and_for_an_unknown_address(client, confirmed, committed):
    mine = reverse("matching:mine-erase", args=[requests_token("ada@lagosmills.ng")])
    committed(client.post, mine)
    assert Buyer.objects.get().is_erased
    again = committed(client.post, mine)
    assert "We hold no data about this address." in again.text
    unknown = reverse("matching:mine-erase", args=[requests_token("nobody@x.ng")])
    assert "We hold no data about this address." in committed(client.post, unknown).text


def test_erased_buyers_are_read_only_in_the_admin(admin_client, confirmed, committed):
    interest, _ = confirmed
    committed(erase_buyer, interest.buyer)
    page = admin_client.get(reverse("admin:matching_buyer_change", args=[interest.buyer_id]))
    assert page.status_code == 200 and 'name="company_name"' not in page.text


def _retention():
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    return out.getvalue()


def test_retention_deletes_unconfirmed_and_anonymises_closed_requests(
    client, admin_user, sunflower, committed, settings
):
    settings.CLOSED_REQUEST_RETENTION_DAYS = 365
    post = lambda **buyer: committed(client.post, "/interest/", interest_post(line(), **buyer))  # noqa: E731
    post()  # never confirmed
    post(email="kano@mills.ng")
    post(email="abuja@traders.ng")
    post(email="kano@mills.ng", company_name="Kano Mills")  # a second request, kept open
    for message in mail.outbox[1:]:
        committed(confirm_post, client, link_in(message, "confirm"))
    kano_closed, abuja, kano_open = Interest.objects.exclude(status="new").order_by("pk")
    for closing in (kano_closed, abuja):
        services.change_status(interest=closing, to="closed", user=admin_user)
    Interest.objects.update(created_at=timezone.now() - timedelta(days=400))
    Interest.objects.exclude(pk=kano_open.pk).update(
        updated_at=timezone.now() - timedelta(days=366)
    )

    assert _retention() == (
        "1 unconfirmed request deleted; 1 buyer deleted; 2 closed requests anonymised; "
        "1 buyer erased.\n"
    )
    kano_closed.refresh_from_db(), kano_open.refresh_from_db(), abuja.refresh_from_db()
    assert kano_closed.anonymised_at and abuja.anonymised_at and not kano_open.anonymised_at
    assert Buyer.objects.get(pk=abuja.buyer_id).is_erased
    assert not Buyer.objects.get(pk=kano_open.buyer_id).is_erased  # still has an open request
    assert _retention() == (
        "0 unconfirmed requests deleted; 0 buyers deleted; 0 closed requests anonymised; "
        "0 buyers erased.\n"
    )


def test_a_recent_closed_request_is_kept(client, admin_user, confirmed, settings):
    interest, _ = confirmed
    services.change_status(interest=interest, to="closed", user=admin_user)
    assert "0 closed requests anonymised" in _retention()
    assert not Buyer.objects.get().is_erased


def test_the_privacy_notice_states_the_retention_and_the_rights(client, settings):
    settings.CLOSED_REQUEST_RETENTION_DAYS = 500
    page = client.get(reverse("matching:privacy")).text
    assert "500 days after it is closed" in page and "JSON" in page


def test_introducing_needs_the_exporter_still_matched_and_an_address(
    client, admin_client, confirmed, committed
):
    interest, status = confirmed
    exporter = Exporter.objects.get()
    introduce = reverse("admin:matching_interest_introduce", args=[interest.pk])
    _agree(client, committed, status, exporter.pk)
    Match.objects.update(status=Match.Status.REJECTED)
    # The buyer still sees the agreement, and may take it back; staff cannot act on it.
    assert "Take back my agreement" in client.get(status).text
    committed(admin_client.post, introduce, {"introduce": exporter.pk})
    assert not mail.outbox and not Introduction.objects.get().introduced_at
    Match.objects.update(status=Match.Status.SUGGESTED)
    Exporter.objects.update(email="")
    page = admin_client.get(reverse("admin:matching_interest_change", args=[interest.pk])).text
    assert "add the exporter's e-mail</a> to introduce" in page
    response = committed(admin_client.post, introduce, {"introduce": exporter.pk}, follow=True)
    assert "has no e-mail address" in response.text
    assert not mail.outbox and not Introduction.objects.get().introduced_at


def test_a_closed_request_keeps_its_agreements_in_view_and_withdrawing_ends_them(
    client, admin_user, confirmed, committed
):
    interest, status = confirmed
    exporter = Exporter.objects.get()
    _agree(client, committed, status, exporter.pk)
    services.change_status(interest=interest, to="closed", user=admin_user)
    page = client.get(status).text
    assert "Take back my agreement" in page and "Share my contact details" not in page
    _agree(client, committed, status, exporter.pk, agreed="0")  # allowed once closed, too
    assert not Introduction.objects.exists()
    services.change_status(interest=interest, to="confirmed", user=admin_user)
    _agree(client, committed, status, exporter.pk)
    confirm_page = client.get(status + "withdraw/")
    assert "Withdraw request" in confirm_page.text and Interest.objects.get().is_open
    committed(client.post, status + "withdraw/")
    assert not Introduction.objects.exists()


def test_staff_who_may_only_view_cannot_introduce_or_decide(client, confirmed, committed):
    interest, status = confirmed
    _agree(client, committed, status, Exporter.objects.get().pk)
    viewer = User.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client.force_login(viewer)
    introduction, match = Introduction.objects.get(), Match.objects.get()
    for url, action, pk in (
        (reverse("admin:matching_introduction_changelist"), "introduce_selected", introduction.pk),
        (reverse("admin:matching_match_changelist"), "mark_rejected", match.pk),
    ):
        committed(client.post, url, {"action": action, "_selected_action": pk, "index": 0})
    match.refresh_from_db()
    assert not Introduction.objects.get().introduced_at and match.status == "suggested"
    assert not mail.outbox


@pytest.mark.parametrize("value", ["²", "³", "١", "9" * 40, "-1", ""])
def test_the_admin_buttons_take_only_ascii_numbers(admin_client, confirmed, value):
    interest, _ = confirmed
    for name, view in (("decide_accepted", "decide"), ("introduce", "introduce")):
        url = reverse(f"admin:matching_interest_{view}", args=[interest.pk])
        assert admin_client.post(url, {name: value}).status_code == 302
        huge = reverse(f"admin:matching_interest_{view}", args=[2**63])
        assert admin_client.post(huge, {name: "1"}).status_code == 404
    assert Match.objects.get().status == "suggested"


def test_an_erased_request_cannot_be_reopened(admin_user, confirmed, committed):
    interest, _ = confirmed
    committed(erase_buyer, interest.buyer)
    interest.refresh_from_db()
    assert not interest.can_move_to("confirmed")
    with pytest.raises(services.WorkflowError):
        services.change_status(interest=interest, to="confirmed", user=admin_user)


def test_erasure_leaves_no_words_of_the_buyer_in_a_line(client, sunflower, committed):
    committed(
        client.post,
        "/interest/",
        interest_post(line(product="durum wheat for Ade Bello 08031234567", category="",
                           port="other", port_other="Ade's warehouse, 12 Marina Rd",
                           pack_size="ade@bello.ng labels", timeframe="call Ade")),
    )  # fmt: skip
    committed(confirm_post, client, link_in(mail.outbox[0], "confirm"))
    committed(erase_buyer, Buyer.objects.get())
    kept = InterestLine.objects.get()
    assert kept.free_text.startswith("HS 1001") and "Ade" not in kept.free_text
    assert (kept.port_other, kept.pack_size, kept.timeframe) == ("", "", "")
    assert kept.port == "other" and kept.quantity == 500


def test_exporters_get_the_details_the_buyer_confirmed_last(client, confirmed, committed):
    """A later request confirmed with a new phone and channel updates the earlier one's."""
    interest, status = confirmed
    mail.outbox.clear()
    again = interest_post(
        line(category="sunflower-oil", quantity="800"),
        phone="0809 999 9999", contact_channel="phone", contact_times="evenings only",
    )  # fmt: skip
    committed(client.post, "/interest/", again)
    committed(confirm_post, client, link_in(mail.outbox[0], "confirm"))
    interest.refresh_from_db()
    details = dict(interest.contact_details())
    assert details["Phone"] == "+2348099999999"
    assert (details["Preferred contact"], details["Best times to contact"]) == (
        "phone call", "evenings only"
    )  # fmt: skip
    assert "+2348099999999" in client.get(status).text


def test_a_confirmation_covers_the_contact_channel_shown(client, sunflower, committed):
    sent = interest_post(line(), contact_channel="email", contact_times="weekdays")
    committed(client.post, "/interest/", sent)
    path = link_in(mail.outbox[0], "confirm")
    shown = re.search(r'name="shown" value="([0-9a-f]+)"', client.get(path).text).group(1)
    changed = {**sent, "contact_channel": "whatsapp", "contact_times": "call +234 909 000 0000"}
    committed(client.post, "/interest/", changed)  # the same request, new ways to call
    response = committed(client.post, path, {"shown": shown})
    assert response.status_code == 409 and Interest.objects.get().status == "new"


def test_an_erased_request_is_read_only_in_the_admin_even_from_a_page_opened_before(
    admin_client, confirmed, committed
):
    interest, _ = confirmed
    url = reverse("admin:matching_interest_change", args=[interest.pk])
    form = admin_client.get(url).context["adminform"].form
    line = interest.lines.get()
    stale = {"assigned_to": "", "staff_notes": "Called Ada on 0803 999 0000", "move_to": "",
             "lines-TOTAL_FORMS": 1, "lines-INITIAL_FORMS": 1, "lines-0-id": line.pk,
             "lines-0-interest": interest.pk, "lines-0-category": line.category_id,
             "lines-0-notes": "Call Ada on her cell 0803 999 0000",
             "history-TOTAL_FORMS": 0, "history-INITIAL_FORMS": 0}  # fmt: skip
    assert form is not None
    committed(erase_buyer, interest.buyer)
    response = admin_client.post(url, stale)
    assert response.status_code == 403
    interest.refresh_from_db()
    assert interest.staff_notes == "" and InterestLine.objects.get().notes == ""
    line_page = reverse("admin:matching_interestline_change", args=[line.pk])
    assert admin_client.post(line_page, {"notes": "x", "interest": interest.pk}).status_code == 403
    assert admin_client.get(reverse("admin:matching_interest_add")).status_code == 403


def test_erasure_leaves_no_words_in_the_admin_history(admin_user, sunflower, client, committed):
    words = line(product="maize grits for Ade Eze", category="")
    committed(client.post, "/interest/", interest_post(words))
    committed(confirm_post, client, link_in(mail.outbox[0], "confirm"))
    interest, line_ = Interest.objects.get(), InterestLine.objects.get()
    LogEntry.objects.log_actions(admin_user.pk, [line_], CHANGE, change_message="edited",
                                 single_object=True)  # fmt: skip
    LogEntry.objects.log_actions(
        admin_user.pk, [interest], CHANGE, single_object=True,
        change_message=json.dumps([{"changed": {"name": "interest line", "object": str(line_),
                                                "fields": ["quantity"]}}]),
    )  # fmt: skip
    committed(erase_buyer, interest.buyer)
    history = " ".join(LogEntry.objects.values_list("object_repr", flat=True))
    history += " ".join(LogEntry.objects.values_list("change_message", flat=True))
    assert "Ade" not in history and "maize grits" not in history.casefold()


def test_the_report_names_no_buyer_for_an_anonymised_request(admin_user, confirmed):
    interest, _ = confirmed
    services.change_status(interest=interest, to="closed", user=admin_user)
    Interest.objects.update(updated_at=timezone.now() - timedelta(days=800))
    _retention()
    rows = list(reports._interest_rows(Interest.objects.all()))
    named = [r for r in rows if r["company"] or r["email"] or r["phone"] or r["contact"]]
    assert rows and not named
    assert rows[0]["state"] == "Lagos" and rows[0]["quantity"] == 500
