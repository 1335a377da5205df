"""Suggestions under the search box, in Chromium: keyboard, mouse, a phone, Russian, no JS."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from tests.conftest import DEMO

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def catalogue(hs):
    call_command("import_catalogue", str(DEMO), stdout=io.StringIO())


def search_box(page: Page, name: str = "What do you want to import?"):
    return page.get_by_role("combobox", name=name)


def test_typing_suggests_products_and_the_keyboard_opens_one(page: Page, live_server, catalogue):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/")
    box = search_box(page)
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_attribute("aria-autocomplete", "list")
    box.press_sequentially("whe", delay=40)

    listbox = page.get_by_role("listbox", name="What do you want to import?")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-controls", "id_q-list")
    options = listbox.get_by_role("option")
    expect(options.first).to_have_text("Durum wheat")
    expect(listbox).to_contain_text("Soft wheat")
    expect(options).to_have_count(8)
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^Suggestions: 8\."))

    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    page.screenshot(path="/tmp/autocomplete_desktop.png")
    expect(box).to_have_attribute("aria-activedescendant", "id_q-list-0")
    box.press("ArrowUp")  # wraps round to the last
    expect(box).to_have_attribute("aria-activedescendant", "id_q-list-7")
    expect(options.first).to_have_attribute("aria-selected", "false")
    box.press("ArrowDown")  # and on to the first
    expect(box).to_have_attribute("aria-activedescendant", "id_q-list-0")
    box.press("Enter")
    expect(page).to_have_url(live_server.url + "/products/durum-wheat/")
    expect(page.locator("h1")).to_have_text("Durum wheat")


def test_a_trade_word_shows_its_meaning_escape_closes_and_a_click_searches(
    page: Page, live_server, catalogue
):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/")
    box = search_box(page)
    box.press_sequentially("AGO", delay=40)
    listbox = page.get_by_role("listbox")
    ago = listbox.get_by_role("option", name=re.compile("^AGO"))
    expect(ago).to_contain_text("automotive gas oil")
    page.screenshot(path="/tmp/autocomplete_trade_word.png")

    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("AGO")  # Escape closes the list, it does not empty the box

    box.press("ArrowDown")  # opens it again
    expect(listbox).to_be_visible()
    ago.click()
    expect(page).to_have_url(re.compile(r"/\?q=AGO&"))  # the form, with its filters
    expect(page.locator("h1")).to_contain_text("AGO")
    expect(page.locator(".item h3 a").first).to_contain_text(re.compile("gas oil|diesel", re.I))


def test_on_a_russian_phone_the_list_fits_leaving_closes_it_and_a_tap_chooses(
    browser: Browser, live_server, catalogue
):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + "/ru/")
    box = search_box(page, "Что вы хотите импортировать?")
    box.tap()
    box.press_sequentially("пше", delay=40)
    listbox = page.get_by_role("listbox")
    first = listbox.get_by_role("option").first
    expect(first).to_have_text("Пшеница твёрдая")
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^Подсказок: \d"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    under, beside = listbox.bounding_box(), box.bounding_box()
    assert abs(under["x"] - beside["x"]) < 2 and under["x"] + under["width"] <= PHONE["width"]
    assert under["y"] >= beside["y"] + beside["height"]
    page.screenshot(path="/tmp/autocomplete_phone.png")

    box.press("Tab")
    expect(listbox).to_be_hidden()
    box.focus()
    box.fill("п")  # one letter: nothing to offer
    expect(listbox).to_be_hidden()
    box.press_sequentially("ше", delay=40)
    first.tap()
    expect(page).to_have_url(live_server.url + "/ru/products/durum-wheat/")
    expect(page.locator("h1")).to_have_text("Пшеница твёрдая")
    context.close()


def test_without_javascript_the_form_searches_as_before(browser: Browser, live_server, catalogue):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    box = page.get_by_role("searchbox", name="What do you want to import?")
    box.fill("whe")
    expect(page.get_by_role("listbox")).to_have_count(0)
    box.press("Enter")
    expect(page.locator("h1")).to_contain_text("whe")
    context.close()
