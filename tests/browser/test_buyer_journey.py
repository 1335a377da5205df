"""A Nigerian buyer on a phone: search "AGO", open the product, register, confirm, follow it."""

import io
import json
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from catalogue.models import ProductCategory
from matching.links import interest_for_status, status_token
from matching.models import Interest, InterestLine, Introduction, Match
from matching.services import confirm_interest
from tests.conftest import DEMO
from tests.factories import make_buyer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def catalogue(hs, settings):
    settings.INTEREST_MIN_FILL_SECONDS = 0
    call_command("import_catalogue", str(DEMO), stdout=io.StringIO())


def fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_buyer_finds_ago_registers_interest_and_follows_it(page: Page, live_server, catalogue):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    page.get_by_role("combobox", name="What do you want to import?").fill("AGO")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("h1")).to_contain_text("AGO")
    first = page.locator(".item h3 a").first
    expect(first).to_contain_text(re.compile("gas oil|diesel", re.IGNORECASE))
    assert fits_the_screen(page)

    product = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text(product)
    expect(page.get_by_role("navigation", name="HS classification")).to_contain_text("2710.19")
    assert fits_the_screen(page)

    page.get_by_role("link", name="Register interest in this product").click()
    expect(page.get_by_label("Product")).to_have_value(product)
    page.get_by_label("Company name").fill("Ikeja Haulage Ltd")
    page.get_by_label("State").select_option("LA")
    page.get_by_label("City").fill("Ikeja")
    page.get_by_label("Contact person").fill("Chinedu Okafor")
    page.get_by_label("E-mail").fill("chinedu@ikejahaulage.ng")
    page.get_by_label("Phone").fill("0803 123 4567")
    page.get_by_label("Quantity").fill("2000")
    page.get_by_label("Unit").select_option("t")
    page.get_by_label("How should exporters contact you?").select_option("whatsapp")
    page.get_by_label("I have read the privacy notice").check()
    assert fits_the_screen(page)
    page.get_by_label("Phone").press("Enter")  # a phone's Go key sends, adds no product
    expect(page.locator("h1")).to_have_text("Check your e-mail")

    confirm = re.search(r"https?://\S+/interest/confirm/\S+/", mail.outbox[0].body).group(0)
    page.goto(confirm)
    page.get_by_role("button", name="Confirm my request").click()
    expect(page.locator("h1")).to_contain_text("Request KZNG-")
    expect(page.locator("main")).to_contain_text(product)
    expect(page.locator("main")).to_contain_text("2,000 tonnes")
    assert fits_the_screen(page)
    status_link = re.search(r"https?://\S+/interest/status/\S+/", mail.outbox[1].body).group(0)
    # Links carry the time they were signed: compare what they open.
    opened = [
        interest_for_status(url.rstrip("/").rsplit("/", 1)[1]) for url in (page.url, status_link)
    ]
    assert opened[0] == opened[1]


def test_buyer_agrees_to_an_introduction_takes_their_data_and_erases_it(
    page: Page, live_server, catalogue
):
    """On a phone: the status page's choices about personal data, each one clicked."""
    category = ProductCategory.objects.filter(offers__isnull=False).order_by("pk").first()
    buyer = make_buyer(email="chinedu@ikejahaulage.ng")
    interest = Interest.objects.create(buyer=buyer)
    InterestLine.objects.create(interest=interest, category=category, quantity=100, unit="t")
    confirm_interest(interest=interest, base_url=live_server.url)
    exporter = Match.objects.filter(line__interest=interest).first().offer.exporter
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("matching:status", args=[status_token(interest)]))
    section = page.get_by_role("region", name="Who receives your contact details")
    expect(section).to_contain_text(exporter.name)
    assert fits_the_screen(page)

    row = section.locator("li").filter(has_text=exporter.name)
    row.get_by_role("button", name="Share my contact details with this exporter").click()
    expect(page.get_by_role("status")).to_contain_text(f"will introduce you to {exporter.name}")
    assert Introduction.objects.filter(interest=interest, exporter=exporter).exists()
    assert fits_the_screen(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download what we hold about this request (JSON)").click()
    data = json.loads(download.value.path().read_text())
    assert data["buyer"]["email"] == "chinedu@ikejahaulage.ng"
    assert data["requests"][0]["introductions"][0]["exporter"] == exporter.name

    page.get_by_role("link", name="Erase my data").click()
    expect(page.locator("main")).to_contain_text("We hold one request from chinedu@ikejahaulage.ng")
    assert fits_the_screen(page)
    page.get_by_role("button", name="Erase my data").click()
    expect(page.locator("h1")).to_have_text("Your data is erased")
    buyer.refresh_from_db()
    assert buyer.is_erased and buyer.contact_name == ""
