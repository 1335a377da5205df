"""Quantities, money and dates of a request as its reader's language writes them: on the
pages, in the e-mails and in the staff workbook."""

import io
import re

import openpyxl
import pytest
from django.core import mail
from django.utils import timezone, translation

from catalogue.lib.formatting import format_date
from catalogue.models import Certification
from matching.models import Interest, InterestLine
from matching.reports import write_interest_report
from tests.matching.helpers import confirm_post, interest_post, line, link_in

pytestmark = pytest.mark.django_db
NBSP = "\xa0"
ORDER = line(category="sunflower-oil", quantity="5000", unit="t", frequency="monthly",
             target_price="1250000", currency="USD", price_basis="total")  # fmt: skip


@pytest.fixture
def in_russian(client, sunflower, committed):
    """A request sent from the Russian pages, with everything that follows it in Russian."""
    with translation.override("ru"):
        committed(client.post, "/ru/interest/", interest_post(ORDER))
    return link_in(mail.outbox[0], "confirm")


def test_a_russian_page_says_the_quantity_and_price_the_russian_way(client, in_russian, committed):
    confirm_page = client.get(in_russian).text
    assert f"5{NBSP}000 тонн, ежемесячно" in confirm_page
    assert f"1{NBSP}250{NBSP}000 USD" in confirm_page
    status = committed(confirm_post, client, in_russian).url
    assert status.startswith("/ru/")
    status_page = client.get(status).text
    assert f"5{NBSP}000 тонн" in status_page and "тонны (т)" not in status_page
    confirmed = Interest.objects.get().confirmed_at
    with translation.override("ru"):
        assert f"<dd>{format_date(confirmed)}</dd>" in status_page
    assert re.search(r"<dd>\d{1,2} [а-я]+ \d{4} г\.</dd>", status_page)


def test_a_russian_buyers_confirmation_e_mail_says_the_quantity_the_russian_way(in_russian):
    body = mail.outbox[0].body
    assert f"5{NBSP}000 тонн, ежемесячно" in body
    assert f"1{NBSP}250{NBSP}000 USD" in body
    assert "5000" not in body and "тонны (т)" not in body


def test_the_english_pages_say_it_the_english_way(client, sunflower, committed):
    committed(client.post, "/interest/", interest_post(ORDER))
    page = client.get(link_in(mail.outbox[0], "confirm")).text
    assert "5,000 tonnes, monthly" in page and "USD 1,250,000 in total" in page


def test_the_workbook_keeps_quantities_numeric_and_names_months_in_words(
    client, in_russian, committed
):
    committed(confirm_post, client, in_russian)
    out = io.BytesIO()
    with translation.override("ru"):
        write_interest_report(out, interests=Interest.objects.all(), filters=[], generated_by="t")
        month = format_date(timezone.localdate(), "YEAR_MONTH_FORMAT")
        quantity, price = translation.gettext("Quantity"), translation.gettext("Target price")
    assert (quantity, price) != ("Quantity", "Target price")
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    interests = book["Interests"]
    header = [cell.value for cell in interests[1]]
    row = dict(zip(header, (cell.value for cell in interests[2]), strict=True))
    assert row[quantity] == 5000 and isinstance(row[quantity], int | float)
    assert row[price] == 1250000
    by_month = book["By month"]
    assert by_month["A2"].value == month and re.fullmatch(r"[А-Я][а-я]+ \d{4} г\.", month)
    assert by_month["D2"].value == 5000  # the quantity in tonnes stays a number


def test_a_required_certification_is_named_in_the_readers_language(db):
    Certification.objects.update_or_create(
        code="halal", defaults={"name": "Halal", "name_ru": "Халяль", "name_kk": "Халал"}
    )
    line = InterestLine(required_certification="halal")
    with translation.override("ru"):
        assert line.certification_name == "Халяль"
    with translation.override("kk"):
        assert line.certification_name == "Халал"
    assert line.certification_name == "Halal"
