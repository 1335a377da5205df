"""Registering interest: the form, its guards, confirmation by e-mail, status page, withdrawal."""

import io
import re
import time
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from access.loader import load_rules
from catalogue.lib.collation import sort_key
from catalogue.models import Certification, Offer
from matching.forms import started_token
from matching.links import CONFIRM_SALT, confirmation_token, interest_for_status
from matching.models import Buyer, Interest, Match, StatusChange
from matching.models.interests import PRIVACY_NOTICE_VERSION
from matching.revisions import what_confirming_does
from tests.factories import make_category, make_offer
from tests.matching.helpers import ahead, confirm_post, interest_post, line, link_in

pytestmark = pytest.mark.django_db
REGISTER = "/interest/"


@pytest.fixture
def register(client, committed):
    def send(*lines, **buyer):
        return committed(client.post, REGISTER, interest_post(*lines, **buyer))

    return send


def test_form_comes_prefilled_from_a_category_page_or_a_search(client, sunflower):
    page = client.get(REGISTER, {"product": "sunflower-oil"})
    assert page.context["lines"].forms[0].initial["category"] == sunflower
    assert 'value="Sunflower oil, refined"' in page.text
    search = client.get(REGISTER, {"q": "groundnut oil"})
    assert 'value="groundnut oil"' in search.text
    assert "no-store" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]


def test_a_registration_is_stored_unconfirmed_and_sends_a_confirmation_link(
    client, sunflower, register
):
    response = register(line(category="sunflower-oil"), line(product="durum wheat", category=""))
    assert response.status_code == 302 and response.url == "/interest/sent/"
    interest = Interest.objects.get()
    assert (interest.status, interest.reference) == ("new", None)
    assert interest.buyer.phone == "+2348031234567" and interest.buyer.cac_number == "RC1234567"
    assert interest.lines.count() == 2
    wheat = interest.lines.get(category__isnull=True)
    assert wheat.free_text == "durum wheat" and wheat.suggested_hs_id == "100119"
    (message,) = mail.outbox
    assert message.to == ["ada@lagosmills.ng"]
    assert "/interest/confirm/" in message.body and "48 hours" in message.body


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.described_by = set(), set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.ids.add(attrs.get("id"))
        self.described_by.update((attrs.get("aria-describedby") or "").split())


def test_help_texts_are_tied_to_their_fields(client, hs):
    for path in (REGISTER, "/ru" + REGISTER):
        page = _Ids()
        page.feed(client.get(path).text)
        assert {"id_email_helptext", "id_phone_helptext"} <= page.described_by
        assert page.described_by <= page.ids, path


def test_confirming_gives_a_reference_matches_and_a_status_link(
    client, sunflower, register, committed
):
    register(line(category="sunflower-oil", certification="", required_certification="halal"))
    confirm_path = link_in(mail.outbox[0], "confirm")
    page = client.get(confirm_path)
    assert page.status_code == 200 and "Confirm my request" in page.text
    assert Interest.objects.get().status == "new"  # opening the link alone confirms nothing
    response = committed(confirm_post, client, confirm_path)
    interest = Interest.objects.get()
    assert interest.status == "confirmed"
    assert interest.reference == f"KZNG-{interest.confirmed_at:%Y}-{interest.pk:06d}"
    match = interest.lines.get().matches.get()
    assert match.offer.exporter.name == "Pavlodar Oil LLP"
    reasons = match.shown_reasons()
    assert "Same HS code 1512.19" in reasons and "Holds Halal" in reasons
    status_page = client.get(response.url)
    assert interest.reference in status_page.text and "Pavlodar Oil LLP" in status_page.text
    assert "Confirmed" in status_page.text or "confirmed" in status_page.text
    # Links carry the time they were signed: compare what they open.
    assert interest_for_status(link_in(mail.outbox[1], "status").split("/")[-2]) == interest
    assert StatusChange.objects.get().to_status == "confirmed"


def test_the_status_page_names_each_matched_exporter_once(client, sunflower, register, committed):
    exporter = Offer.objects.get().exporter
    in_bulk = make_category(
        name="Sunflower oil, refined, in bulk", code="151219", slug="sunflower-oil-in-bulk"
    )
    make_offer(exporter=exporter, category=in_bulk, capacity=5000, unit="t")
    register(line(category="sunflower-oil"))
    status_path = committed(confirm_post, client, link_in(mail.outbox[0], "confirm")).url
    # One match for the exporter, with both its products that are the one asked for.
    (match,) = Match.objects.filter(offer__exporter=exporter)
    assert match.products == ["Sunflower oil, refined", "Sunflower oil, refined, in bulk"]
    page = client.get(status_path).text
    assert page.count(">Pavlodar Oil LLP</a>") == 1
    match.status = Match.Status.ACCEPTED
    match.save()
    page = client.get(status_path).text
    assert page.count('>Pavlodar Oil LLP</a> <span class="badge">selected by trade officials') == 1
    assert page.count(">Pavlodar Oil LLP</a>") == 1


def test_a_confirmation_link_used_again_confirms_once_and_shows_the_status(
    client, sunflower, register, committed
):
    register(line(category="sunflower-oil"))
    path = link_in(mail.outbox[0], "confirm")
    interest = Interest.objects.get()
    shown = {"shown": what_confirming_does(interest).fingerprint}
    for response in [committed(client.post, path, shown) for _ in range(2)] + [client.get(path)]:
        assert response.status_code == 302 and response.url.startswith("/interest/status/")
        assert interest_for_status(response.url.split("/")[-2]) == interest
    assert StatusChange.objects.count() == 1
    assert len(mail.outbox) == 2  # the confirmation, then the status link: no more


def test_a_confirmation_link_expires_after_48_hours(client, sunflower, register):
    register(line(category="sunflower-oil"))
    interest = Interest.objects.get()

    class TwoDaysAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 48 * 3600 - 60)

    old = TwoDaysAgo(salt=CONFIRM_SALT).sign_object({"i": interest.pk, "k": interest.access_key})
    response = client.post(reverse("matching:confirm", args=[old]))
    assert response.status_code == 400 and "expired" in response.text
    assert Interest.objects.get().status == "new"


@pytest.mark.parametrize(
    "tamper", [lambda t: t[:-2] + "xx", lambda t: "x" + t[1:], lambda t: t.replace(":", ":1")]
)
def test_a_tampered_link_is_refused(client, sunflower, tamper, register):
    register(line(category="sunflower-oil"))
    token = confirmation_token(Interest.objects.get())
    response = client.post(reverse("matching:confirm", args=[tamper(token)]))
    assert response.status_code == 400
    assert Interest.objects.get().status == "new"


def test_a_link_for_another_interest_id_is_refused(client, sunflower, register):
    register(line(category="sunflower-oil"))
    interest = Interest.objects.get()
    forged = signing.dumps({"i": interest.pk, "k": "guessed"}, salt=CONFIRM_SALT)
    assert client.post(reverse("matching:confirm", args=[forged])).status_code == 400


def test_withdrawing_ends_the_links(client, sunflower, register):
    register(line(category="sunflower-oil"))
    status_path = confirm_post(client, link_in(mail.outbox[0], "confirm")).url
    withdraw = client.post(status_path + "withdraw/")
    assert withdraw.status_code == 200 and "withdrawn" in withdraw.text
    interest = Interest.objects.get()
    assert interest.status == "withdrawn" and interest.withdrawn_at
    assert client.get(status_path).status_code == 400
    assert client.post(status_path + "withdraw/").status_code == 400


def test_a_lost_link_is_sent_again_to_the_same_address_only(client, sunflower, register, committed):
    register(line(category="sunflower-oil"))
    mail.outbox.clear()
    response = committed(
        client.post, reverse("matching:lost-link"), {"email": "ADA@lagosmills.ng"}, follow=True
    )
    assert "If we have requests from this address" in response.text
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ada@lagosmills.ng"]
    unknown = committed(
        client.post, reverse("matching:lost-link"), {"email": "someone@else.ng"}, follow=True
    )
    assert unknown.text == response.text.replace("ADA@lagosmills.ng", "someone@else.ng")
    assert mail.outbox[1].to == ["someone@else.ng"]  # told so, as fast as a known address
    assert "We have no request from this address" in mail.outbox[1].body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "Nigerian number"),
        ("phone", "+44 20 7946 0958", "Nigerian number"),
        ("cac_number", "123456", "RC, BN, IT, LP or LLP"),
        ("state", "XX", "valid choice"),
        ("email", "not-an-email", "valid email"),
        ("company_name", "", "required"),
        ("company_name", "x" * 201, "at most 200"),
    ],
)
def test_buyer_fields_are_checked_and_what_was_typed_stays(
    client, sunflower, field, value, message, register
):
    response = register(line(category="sunflower-oil"), **{field: value})
    assert response.status_code == 400
    assert message in response.text
    assert 'value="Lagos Flour Mills Ltd"' in response.text or field == "company_name"
    assert 'value="refined sunflower oil"' in response.text
    assert Interest.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"product": "", "category": ""}, "Say which product"),
        ({"quantity": "-5"}, "greater than or equal to 0"),
        ({"quantity": "0"}, "above zero"),
        ({"quantity": "abc"}, "Enter a number"),
        ({"unit": ""}, "Choose the unit"),
        ({"unit": "bags"}, "valid choice"),
        ({"port": "mombasa"}, "valid choice"),
        ({"port": "other", "port_other": ""}, "Name the port"),
        ({"incoterm": "XYZ"}, "valid choice"),
        ({"frequency": "daily"}, "valid choice"),
        ({"notes": "n" * 2001}, "at most 2000"),
    ],
)
def test_line_fields_are_checked(client, sunflower, fields, message, register):
    response = register(line(**fields))
    assert response.status_code == 400
    assert message in response.text
    assert Interest.objects.count() == 0


def test_adding_a_line_without_javascript_keeps_what_was_typed(client, sunflower):
    data = interest_post(line(product="durum wheat", quantity="100"))
    data["add_line"] = "1"
    response = client.post(REGISTER, data)
    assert response.status_code == 200
    assert len(response.context["lines"].forms) == 2
    assert (
        'value="durum wheat"' in response.text and 'value="Lagos Flour Mills Ltd"' in response.text
    )
    assert "This field is required" not in response.text
    assert Interest.objects.count() == 0


def test_the_honeypot_silently_drops_a_bot(client, sunflower):
    data = interest_post(line(category="sunflower-oil"))
    data["website"] = "http://spam.example"
    response = client.post(REGISTER, data)
    assert response.status_code == 302
    assert Interest.objects.count() == 0 and not mail.outbox


def test_a_form_filled_faster_than_a_person_can_is_refused(client, sunflower):
    data = interest_post(line(category="sunflower-oil"))
    data["started"] = started_token()
    response = client.post(REGISTER, data)
    assert response.status_code == 400 and "very fast" in response.text
    data["started"] = "forged"
    assert "reload the page" in client.post(REGISTER, data).text
    assert Interest.objects.count() == 0


def test_the_form_needs_its_csrf_token(sunflower):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(REGISTER, interest_post(line(category="sunflower-oil"))).status_code == 403


def test_rate_limit_per_email_address(client, sunflower, settings, register):
    settings.INTEREST_LIMIT_PER_EMAIL_DAY = 2
    for n in range(2):
        assert register(line(product=f"product {n}")).status_code == 302
    assert register(line(product="one too many")).status_code == 429
    assert register(line(product="another address"), email="other@x.ng").status_code == 302


def test_rate_limit_per_ip_address(client, sunflower, settings, register):
    settings.INTEREST_LIMIT_PER_IP_HOUR = 2
    for n in range(2):
        assert register(line(product=f"p{n}"), email=f"b{n}@x.ng").status_code == 302
    assert register(line(product="p3"), email="b3@x.ng").status_code == 429
    other_ip = client.post(
        REGISTER, interest_post(line(product="p4"), email="b4@x.ng"), REMOTE_ADDR="10.9.9.9"
    )
    assert other_ip.status_code == 302


def test_the_buyer_sees_everything_they_sent_confirmed(client, sunflower, register, committed):
    register(
        line(
            category="sunflower-oil", quantity="5000", unit="t", frequency="monthly",
            incoterm="CIF", port="other", port_other="Koko", timeframe="March to May 2027",
            required_certification="halal", notes="1 litre PET bottles", target_price="1150",
            currency="USD", price_basis="tonne", specifications="FFA max 0.1%",
            packaging="bags", pack_size="50 kg", delivery_from=ahead(90).isoformat(),
            delivery_to=ahead(180).isoformat(),
        )
    )  # fmt: skip
    said = ["5,000 tonnes, monthly", "CIF", "Koko", "March to May 2027", "Halal",
            "1 litre PET bottles", "USD 1,150 per tonne", "FFA max 0.1%", "in bags, 50 kg",
            f"{date_format(ahead(90))} – {date_format(ahead(180))}"]  # fmt: skip
    e_mail = mail.outbox[0].body
    confirm_page = client.get(link_in(mail.outbox[0], "confirm")).text
    status_page = client.get(
        committed(confirm_post, client, link_in(mail.outbox[0], "confirm")).url
    )
    for shown in (e_mail, confirm_page, status_page.text):
        assert [value for value in said if value not in shown] == []


def test_one_link_lists_all_of_a_buyers_requests(client, sunflower, register, committed):
    register(line(category="sunflower-oil"))
    committed(confirm_post, client, link_in(mail.outbox[0], "confirm"))
    register(line(product="wheat flour"))  # a second request, not confirmed yet
    mail.outbox.clear()
    committed(
        client.post, reverse("matching:lost-link"), {"email": "ada@lagosmills.ng"}, follow=True
    )
    mine = link_in(mail.outbox[0], "mine")
    page = client.get(mine).text
    confirmed = Interest.objects.get(reference__isnull=False)
    assert "My requests" in page and confirmed.reference in page
    assert "Sunflower oil, refined" in page and "wheat flour" in page
    assert page.count('href="/interest/status/') == 1  # the confirmed one's own page
    assert "Sent on" in page  # the one awaiting confirmation
    tampered = client.get(mine.replace(mine.rsplit("/", 2)[1], "tampered"))
    assert "This link does not work" in tampered.text


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"target_price": "0", "currency": "USD"}, "target_price", "above zero"),
        ({"target_price": "900"}, "currency", "currency of the price"),
        ({"delivery_from": str(ahead(60)), "delivery_to": str(ahead(30))}, "delivery_to", "ends"),
        ({"delivery_from": str(ahead(-1))}, "delivery_from", "Give a date from"),
        ({"delivery_to": "9999-12-31"}, "delivery_to", "Give a date from"),
        ({"delivery_from": "0001-01-01"}, "delivery_from", "Give a date from"),
        ({"delivery_from": "not a date"}, "delivery_from", "valid date"),
    ],
)
def test_a_request_for_quotation_that_does_not_add_up_is_explained(
    client, sunflower, fields, field, message
):
    response = client.post(REGISTER, interest_post(line(**fields)))
    errors = response.context["lines"].forms[0].errors
    assert message in " ".join(errors[field])
    assert not Interest.objects.exists()


def test_a_request_needs_the_privacy_notice_agreed_and_records_when(client, sunflower, register):
    refused = client.post(REGISTER, interest_post(line(), consent=""))
    assert "Please read the privacy notice and tick the box." in refused.text
    assert not Interest.objects.exists()
    register(line(), contact_channel="whatsapp", contact_times="weekdays after 2 pm")
    interest = Interest.objects.get()
    assert interest.consent_version == PRIVACY_NOTICE_VERSION and interest.consent_at
    assert (interest.contact_channel, interest.contact_times) == ("whatsapp", "weekdays after 2 pm")
    notice = client.get(reverse("matching:privacy")).text
    assert "Version of 3 Dec 2026." in notice and "Data Protection Act 2023" in notice
    assert 'href="/privacy/"' in client.get(REGISTER).text


def test_requests_never_confirmed_are_deleted_on_schedule(client, sunflower, register, committed):
    register(line())  # never confirmed
    register(line(), email="kano@mills.ng")
    committed(confirm_post, client, link_in(mail.outbox[1], "confirm"))  # confirmed
    Interest.objects.update(created_at=timezone.now() - timedelta(days=31))
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "1 unconfirmed request deleted; 1 buyer deleted;" in out.getvalue()
    assert list(Buyer.objects.values_list("email", flat=True)) == ["kano@mills.ng"]
    call_command("apply_retention", stdout=out)
    assert "0 unconfirmed requests deleted; 0 buyers deleted;" in out.getvalue()


def test_an_added_line_left_blank_is_skipped_and_the_page_opens_at_it(client, sunflower, register):
    added = client.post(REGISTER, {**interest_post(line()), "add_line": "1"})
    assert 'name="lines-1-product" maxlength="200" autofocus' in added.text
    # The page as the browser sends it back: the first line, and the empty one added.
    sent = interest_post(line(), {"product": "", "quantity": "", "unit": ""})
    sent["lines-INITIAL_FORMS"] = 2
    response = client.post(REGISTER, sent)
    assert response.status_code == 302, response.context and response.context["lines"].errors
    assert Interest.objects.get().lines.count() == 1


def test_errors_are_listed_at_the_top_and_the_first_one_has_the_focus(client, sunflower):
    response = client.post(REGISTER, interest_post(line(), phone="12345", city="\u200b\u2060"))
    page = response.text
    start = page.index('<div class="errors"')
    summary = page[start : page.index("</div>", start)]
    assert "Please correct the 2 fields marked below" in summary
    assert 'href="#id_city"' in summary and 'href="#id_phone"' in summary
    assert re.search(r'name="city"[^>]*autofocus', page)  # the first, in the page's order
    assert not re.search(r'name="phone"[^>]*autofocus', page)
    russian = client.post("/ru" + REGISTER, interest_post(line(), phone="12345")).text
    assert "нигерийский номер" in russian.casefold()


def test_an_address_refused_by_both_checks_is_said_wrong_once(client, sunflower):
    page = client.post("/ru" + REGISTER, interest_post(line(), email="ada@lagosmills")).text
    field = page[page.index('<input type="email"') :]
    field = field[: field.index("</div>")]
    assert field.count("Введите правильный адрес электронной почты.") == 1


def test_the_error_list_names_a_box_to_tick_shortly(client, hs):
    load_rules()
    refined = make_category(name="Sunflower oil, refined", code="151219", slug="refined-oil")
    sent = line(category=refined.slug, product=refined.name)  # the rules' box left unticked
    page = client.post("/ru" + REGISTER, interest_post(sent, consent="")).text
    start = page.index('<div class="errors"')
    summary = page[start : page.index("</div>", start)]
    assert ">Согласие с уведомлением о конфиденциальности</a>:" in summary
    assert ">Товар 1: Правила ввоза Нигерии</a>:" in summary
    assert "Я прочитал(а)" not in summary


def _options(page: str, name: str, part: int = 1) -> list[str]:
    """The labels (or, part 0, the values) of a list's choices, the empty one aside."""
    select = page[page.index(f'name="{name}"') :]
    select = select[: select.index("</select>")]
    return [c[part] for c in re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)<', select)]


def test_certifications_and_states_are_named_and_ordered_in_the_pages_language(client, hs):
    for code, name, name_ru, name_kk in [
        ("eac", "EAC (Eurasian conformity)", "ЕАС (Евразийское соответствие)", ""),
        ("halal", "Halal", "Халяль", "Халал"),
        ("organic", "Organic", "Органическая продукция", "Органикалық өнім"),
        ("gost", "GOST", "ГОСТ", ""),
    ]:
        Certification.objects.create(code=code, name=name, name_ru=name_ru, name_kk=name_kk)
    russian = client.get("/ru" + REGISTER).text
    assert _options(russian, "lines-0-required_certification") == [
        "ГОСТ", "ЕАС (Евразийское соответствие)", "Органическая продукция", "Халяль"
    ]  # fmt: skip
    kazakh = client.get("/kk" + REGISTER).text
    assert _options(kazakh, "lines-0-required_certification") == [
        "ГОСТ", "ЕАС (Евразийское соответствие)", "Органикалық өнім", "Халал"
    ]  # fmt: skip
    for language, page in (("en", client.get(REGISTER).text), ("ru", russian), ("kk", kazakh)):
        states = _options(page, "state")
        assert len(states) == 37
        assert states == sorted(states, key=lambda name: sort_key(name, language)), language
    english_order = _options(client.get(REGISTER).text, "state", part=0)
    assert _options(russian, "state", part=0) != english_order


def test_the_privacy_notice_says_its_date_and_periods_in_words(client):
    russian = client.get("/ru/privacy/").text
    assert "Редакция от 3 декабря 2026 г. По Закону" in russian
    assert "удаляется через 30 дней." in russian and "через 730 дней после закрытия" in russian
    assert "дн." not in russian
    kazakh = client.get("/kk/privacy/").text
    assert "2026 жылғы 3 желтоқсан күнгі редакция." in kazakh
    assert "30 күннен кейін жойылады." in kazakh and "730 күн өткен соң" in kazakh
    english = client.get("/privacy/").text
    assert "deleted after 30 days." in english and "730 days after it is closed" in english


def test_a_russian_request_reads_as_a_feminine_noun(client, sunflower, register, committed):
    committed(client.post, "/ru" + REGISTER, interest_post(line(category="sunflower-oil")))
    confirm = client.get(link_in(mail.outbox[-1], "confirm")).text
    assert "заявка удаляется через 30 дней." in confirm
    response = committed(confirm_post, client, link_in(mail.outbox[-1], "confirm"))
    status = client.get(response.url).text
    assert "<strong>подтверждена</strong>" in status
