"""Whatever a stranger types into the register form ends as a form error or a clean record,
never as a 500 and never as text that breaks the staff's exports."""

import io
from importlib import import_module

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.lib.form_fields import canonical_email
from matching.models import Buyer, Interest, InterestLine
from matching.ratelimit import allow
from tests.jobs.flow import exported, exported_by_action
from tests.matching.helpers import confirm_post, interest_post, line, link_in

pytestmark = pytest.mark.django_db
REGISTER = "/interest/"


@pytest.fixture(autouse=True)
def generous_limits(settings):
    settings.INTEREST_LIMIT_PER_IP_HOUR = settings.INTEREST_LIMIT_PER_EMAIL_DAY = 10_000


def test_control_characters_never_reach_the_record_or_break_an_export(
    client, committed, sunflower, tmp_path
):
    committed(
        client.post,
        REGISTER,
        interest_post(line(notes="line one\r\nline\x07 two\x1b"), company_name="Evil\x1b Ltd"),
    )
    refused = client.post(REGISTER, interest_post(line(), company_name="Evil\x00 Ltd"))
    assert refused.status_code == 400
    committed(confirm_post, client, link_in(mail.outbox[0], "confirm"))
    assert Buyer.objects.get().company_name == "Evil Ltd"
    assert InterestLine.objects.get().notes == "line one\nline two"
    # Text stored before the boundary cleaned it must not break an export either.
    Buyer.objects.update(company_name="Older\x1b Ltd", city="Ikeja\x0b")
    admin = User.objects.create_superuser("boss", "boss@x.ng", "pw")
    client.force_login(admin)
    _, export = exported(client, reverse("admin:matching_interest_export"))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    assert book["Interests"]["E2"].value == "Older Ltd"
    _, action = exported_by_action(
        client,
        reverse("admin:matching_interest_changelist"),
        {"action": "export_selected", "_selected_action": [Interest.objects.get().pk]},
    )
    assert action.status_code == 200 and b"".join(action.streaming_content)[:2] == b"PK"
    call_command("export_interests", str(tmp_path / "r.xlsx"), stdout=io.StringIO())
    assert openpyxl.load_workbook(tmp_path / "r.xlsx")["Interests"]["E2"].value == "Older Ltd"


@pytest.mark.parametrize(
    "field, typed, stored",
    [
        ("phone", "0803١٢٣٤٥٦٧", "+2348031234567"),
        ("phone", "０８０３ １２３ ４５６７", "+2348031234567"),
        ("cac_number", "RC١٢٣٤٥", "RC12345"),
        ("cac_number", "ＲＣ１２３４５", "RC12345"),
        ("phone", "0803²234567", "+2348032234567"),
    ],
)
def test_digits_of_any_script_are_read_as_digits(client, sunflower, field, typed, stored):
    response = client.post(REGISTER, interest_post(line(), **{field: typed}))
    assert response.status_code == 302
    assert getattr(Buyer.objects.get(), field) == stored


@pytest.mark.parametrize(
    "field, typed", [("phone", "0803 123 456½"), ("cac_number", "RC一二三"), ("phone", "080３ⅠⅡ")]
)
def test_numbers_that_are_not_digits_are_refused_as_a_form_error(client, sunflower, field, typed):
    response = client.post(REGISTER, interest_post(line(), **{field: typed}))
    assert response.status_code == 400 and not Buyer.objects.exists()


@pytest.mark.parametrize("total", ["²", "١", "9" * 5000, "-1", ""])
def test_adding_a_line_survives_any_line_count(client, sunflower, total):
    data = {**interest_post(line()), "add_line": "1", "lines-TOTAL_FORMS": total}
    response = client.post(REGISTER, data)
    assert response.status_code == 200
    assert response.context["lines"].total_form_count() >= 1


def test_the_admin_normalises_or_refuses_digits_like_the_form(admin_client, sunflower):
    change = reverse("admin:matching_buyer_add")
    fields = {"company_name": "Kano Mills", "state": "KN", "city": "Kano", "email": "k@m.ng",
              "contact_name": "Musa", "cac_number": "RC١٢٣"}  # fmt: skip
    assert admin_client.post(change, {**fields, "phone": "0803 123 4567"}).status_code == 302
    assert Buyer.objects.get().phone == "+2348031234567"
    refused = admin_client.post(change, {**fields, "email": "z@m.ng", "phone": "0803 123 456½"})
    assert refused.status_code == 200 and Buyer.objects.count() == 1


text = st.text(st.characters(codec="utf-8"), max_size=250)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            name: text
            for name in ["company_name", "cac_number", "city", "contact_name", "email", "phone"]
        },
    ),
    st.fixed_dictionaries(
        {},
        optional={
            name: text
            for name in ["product", "quantity", "unit", "port", "port_other", "timeframe", "notes"]
        },
    ),
)
def test_any_text_in_any_field_gives_a_form_error_or_a_clean_record(client, sunflower, buyer, row):
    response = client.post(REGISTER, interest_post(line(**row), **buyer))
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        saved = Buyer.objects.order_by("-pk").values().first()
        for value in saved.values():
            assert not isinstance(value, str) or value.isprintable() or "\n" in value


@pytest.mark.parametrize(
    "email",
    [
        "bidi@x\u202e.com", "long@" + "ü" * 60 + ".com", "ace@xn--ü.com", '"a\x1bb"@x.ng',
        '"quoted"@lagosimports.com', '"q\\uoted"@lagosimports.com',  # one mailbox, many forms
        "erased-1@erased.invalid", "root@localhost", "x@[10.0.0.1]", "a@mail.test",
    ],
)  # fmt: skip
def test_addresses_no_mail_can_carry_are_refused_before_anything_is_kept(client, sunflower, email):
    response = client.post(REGISTER, interest_post(line(), email=email))
    assert response.status_code == 400 and not Buyer.objects.exists()
    lost = client.post(reverse("matching:lost-link"), {"email": email})
    assert lost.status_code == 200 and not mail.outbox


def test_an_address_typed_in_capitals_in_the_admin_is_the_same_buyer(admin_client, sunflower):
    fields = {"company_name": "Kano Mills", "state": "KN", "city": "Kano", "phone": "08031234567",
              "contact_name": "Musa", "cac_number": "", "email": "Mixed@Example.COM"}  # fmt: skip
    admin_client.post(reverse("admin:matching_buyer_add"), fields)
    assert Buyer.objects.get().email == "mixed@example.com"
    Buyer.objects.update(email="Mixed@Example.com")  # as records before canonical addresses
    import_module("matching.migrations.0008_canonical_buyer_emails").canonical(apps, None)
    assert Buyer.objects.get().email == "mixed@example.com"
    response = admin_client.post(REGISTER, interest_post(line(), email="MIXED@example.com"))
    assert response.status_code == 302 and Buyer.objects.count() == 1


@pytest.mark.parametrize(
    "look_alike",
    [
        "ade@lagos\u0131mports.com",  # dotless i: another domain, another buyer
        "ade@lagosimport\u017f.com",  # long s: IDNA delivers it to lagosimports.com
        "ade@LAGOSIMPORTS.com",
        "ade@\uff4cagosimports.com",  # full-width l
    ],
)
def test_an_address_is_one_buyer_however_it_is_spelt_and_never_another_buyer(
    client, sunflower, committed, look_alike
):
    """Buyers are found by one canonical form of the address, never by the database's own
    case folding (PostgreSQL folds the dotless i into I: another mailbox would get the
    buyer's links)."""
    committed(client.post, REGISTER, interest_post(line(), email="ade@lagosimports.com"))
    mail.outbox.clear()
    committed(client.post, reverse("matching:lost-link"), {"email": look_alike})
    (message,) = mail.outbox
    same = canonical_email(look_alike) == "ade@lagosimports.com"
    assert message.to == [canonical_email(look_alike)]
    assert ("/interest/confirm/" in message.body) == same
    committed(client.post, REGISTER, interest_post(line(), email=look_alike))
    assert Buyer.objects.count() == (1 if same else 2)


def test_a_local_part_in_look_alike_letters_is_refused(client, sunflower):
    response = client.post(REGISTER, interest_post(line(), email="\u017fales@lagosimports.com"))
    assert response.status_code == 400 and not Buyer.objects.exists()


def test_lost_links_come_in_one_e_mail_without_expired_ones(client, committed, sunflower):
    for n in range(3):
        committed(client.post, REGISTER, interest_post(line(product=f"product {n}", category="")))
    committed(confirm_post, client, link_in(mail.outbox[0], "confirm"))
    Interest.objects.filter(lines__free_text="product 1").update(
        created_at=Interest.objects.get(lines__free_text="product 1").created_at.replace(year=2020)
    )
    mail.outbox.clear()
    committed(client.post, reverse("matching:lost-link"), {"email": "ada@lagosmills.ng"})
    (message,) = mail.outbox
    assert message.body.count("/interest/status/") == 1
    assert message.body.count("/interest/confirm/") == 1  # the expired one is left out


@pytest.mark.parametrize("blank", ["\u2800", "\U00016fe4", "\u0301\u0302", "\u200b\u3164"])
def test_text_that_shows_nothing_is_no_answer(client, sunflower, blank):
    response = client.post(REGISTER, interest_post(line(product=blank), company_name=blank))
    assert response.status_code == 400 and not Interest.objects.exists()
    errors = response.context["buyer_form"].errors
    assert "company_name" in errors


def test_a_product_page_unpublished_meanwhile_leaves_the_line_as_words(client, sunflower):
    sent = interest_post(line(category="sunflower-oil", product="Sunflower oil, refined"))
    sunflower.is_published = False
    sunflower.save()
    response = client.post(REGISTER, sent)
    assert response.status_code == 302
    kept = InterestLine.objects.get()
    assert kept.category is None and kept.free_text == "Sunflower oil, refined"


def test_a_rate_limit_counts_an_address_of_any_length():
    long = "email:" + "a" * 300 + "@example.ng"
    assert [allow(long, limit=3, window=3600) for _ in range(5)] == [True] * 3 + [False] * 2
