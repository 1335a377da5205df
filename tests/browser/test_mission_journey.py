"""A trade mission from start to end, in the browser: an official sets up a two-day mission
in Lagos, invites the matched buyers, a buyer answers, the scheduler runs, the agendas are
published and opened, people are checked in, an outcome recorded and the report exported."""

import re

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from missions.models import Meeting, MeetingRequest, Mission, Participant
from tests.factories import make_buyer, make_category, make_exporter, make_offer
from tests.missions.conftest import wants

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def matched(hs):
    User.objects.create_superuser("official", "official@trade.gov.kz", "a long passphrase 2026")
    wheat = make_offer(make_exporter("Kostanay Grain LLP", email="sales@kgrain.kz"),
                       make_category("Durum wheat", "100119"))  # fmt: skip
    wants(make_buyer(company_name="Lagos Flour Mills Ltd", email="ada@lagosmills.ng"), wheat, 0.9)


def link_in(to: str, kind: str) -> str:
    (message,) = [m for m in mail.outbox if m.to == [to] and f"/missions/{kind}/" in m.body]
    return re.search(rf"https?://\S+/missions/{kind}/\S+/", message.body)[0]


def test_a_mission_from_setup_to_report(page: Page, live_server, matched, tmp_path):
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("official")
    page.get_by_label("Password").fill("a long passphrase 2026")
    page.get_by_role("button", name="Log in").click()

    # Two days in Lagos, a morning session each.
    page.goto(live_server.url + reverse("admin:missions_mission_add"))
    page.locator("#id_name").fill("Kazakh business mission to Lagos")
    page.locator("#id_city").fill("Lagos")
    page.locator("#id_venue").fill("Eko Hotel")
    page.locator("#id_tables").fill("5")
    for n, day in enumerate(["2027-03-09", "2027-03-10"]):
        page.locator(f"#id_sessions-{n}-date").fill(day)
        page.locator(f"#id_sessions-{n}-start").fill("09:00")
        page.locator(f"#id_sessions-{n}-end").fill("12:00")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    mission = Mission.objects.get()
    assert mission.sessions.count() == 2

    # The delegation, then the buyers matched to it.
    page.goto(live_server.url + reverse("admin:missions_participant_add"))
    page.locator("#id_mission").fill(str(mission.pk))
    _autocomplete(page, "exporter", "Kostanay")
    page.locator("#id_status").select_option("confirmed")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    _mission_action(page, live_server, "Invite matched buyers and propose meetings")
    expect(page.locator(".messagelist")).to_contain_text("1 buyers added, 1 meetings proposed")
    page.goto(live_server.url + reverse("admin:missions_participant_changelist"))
    page.locator("tr", has_text="Lagos Flour Mills Ltd").locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label="E-mail the invitation")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("1 invitation sent")

    # The buyer answers from the e-mail: both days, yes to the meeting.
    page.goto(link_in("ada@lagosmills.ng", "answer"))
    page.get_by_label("Yes, we will take part").check()
    for box in page.locator("input[name=sessions]").all():
        box.check()
    page.get_by_label("Yes, I would like to meet").check()
    page.get_by_role("button", name="Save my answer").click()
    expect(page.locator("[role=status]")).to_contain_text("your answer is saved")
    MeetingRequest.objects.update(exporter_answer="accepted")  # the exporter, by its own link

    _mission_action(page, live_server, "Schedule the agreed meetings")
    expect(page.locator("#content")).to_contain_text("State: done")
    meeting = Meeting.objects.get()
    _mission_action(page, live_server, "Publish final agendas")
    expect(page.locator(".messagelist")).to_contain_text("Agendas published; 2 e-mails sent")

    page.goto(link_in("ada@lagosmills.ng", "agenda"))
    expect(page.locator("h1")).to_have_text("Lagos Flour Mills Ltd")
    expect(page.locator(".kind")).to_have_text("Final agenda")
    expect(page.locator(".table-number")).to_have_text(str(meeting.table))
    expect(page.locator("tbody")).to_contain_text("Kostanay Grain LLP")
    page.screenshot(path=str(tmp_path / "agenda.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar").click()
    ics = tmp_path / "agenda.ics"
    download.value.save_as(ics)
    assert "DTSTART;TZID=Africa/Lagos:" in ics.read_text()

    # On the day: check-in on a phone, then the meeting's outcome.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("admin:missions_mission_check_in", args=[mission.pk]))
    page.get_by_label("Find by name").fill("lagos flour")
    page.get_by_role("button", name="Find", exact=True).click()
    page.get_by_role("button", name="Arrived").click()
    expect(page.locator(".check-in-list")).to_contain_text("arrived")
    assert Participant.objects.get(buyer__isnull=False).arrived_at is not None
    page.get_by_role("link", name="Outcome").click()
    page.locator("#id_status").select_option("held")
    page.locator("#id_next_step").select_option("deal")
    page.locator("#id_deal_value").fill("250000")
    page.locator("#id_currency").select_option("USD")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messagelist")).to_contain_text("Outcome saved")

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + reverse("admin:missions_mission_change", args=[mission.pk]))
    expect(page.locator("#content")).to_contain_text("Deals signed: 1")
    with page.expect_download() as download:
        page.get_by_role("link", name="Mission report (Excel)").click()
    path = tmp_path / "report.xlsx"
    download.value.save_as(path)
    matches = list(openpyxl.load_workbook(path)["Matches"].iter_rows(values_only=True))
    assert matches[1][:2] == ("Lagos Flour Mills Ltd", "Kostanay Grain LLP")
    assert matches[1][5:8] == ("held", None, "deal signed")  # no interest level given


def _mission_action(page: Page, live_server, action: str) -> None:
    page.goto(live_server.url + reverse("admin:missions_mission_changelist"))
    page.locator("input.action-select").first.check()
    page.locator("select[name=action]").select_option(label=action)
    page.get_by_role("button", name="Go").click()


def _autocomplete(page: Page, field: str, text: str) -> None:
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()
