"""Every link the admin shows leads somewhere: a walk from the index through each
changelist and the first object's change page of a seeded database."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit, urlunsplit

import pytest

from access.loader import load_rules
from catalogue.importing.service import import_catalogue_file
from matching.models import Interest, InterestLine
from matching.personal_data import erase_buyer
from matching.services import agree_to_introduction, confirm_interest
from missions import planning
from missions.models import Mission, Participant, Session
from tests.factories import make_buyer, make_category, make_exporter, make_offer
from tests.spreadsheets import ministry_rows, xlsx

pytestmark = pytest.mark.django_db
# Pages that change something when fetched, or end the session.
NOT_FOLLOWED = ("/logout/", "/delete/", "/password/")
MAX_PAGES = 1200
# Pages followed of each kind (see _kind).
MAX_VARIANTS = 2
# Parameters that only carry where the user came from, or open a pop-up.
CARRIED = ("_changelist_filters", "_to_field", "_popup")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def links_of(page: str, base: str) -> list[str]:
    parser = _Links()
    parser.feed(page)
    return [_plain(urldefrag(urljoin(base, href))[0]) for href in parser.hrefs]


def _kind(url: str) -> str:
    """Pages of one kind: a model's change (or history) pages whatever the object, a list
    with the same parameters whatever their values (each sort order, each filter's name)."""
    parts = urlsplit(url)
    path = re.sub(r"^(/admin/\w+/\w+/)[^/]+/", r"\1*/", parts.path)
    return path + "?" + ",".join(sorted({k for k, _ in parse_qsl(parts.query)}))


def _plain(url: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in CARRIED]
    return urlunsplit(parts._replace(query=urlencode(query)))


@pytest.fixture
def seeded(hs, admin_user):
    oil = make_category(name="Sunflower oil, refined", code="151219")
    exporter = make_exporter(name="Pavlodar Oil LLP", region="pavlodar")
    make_offer(exporter=exporter, category=oil, capacity=Decimal(20000), unit="t")
    interest = Interest.objects.create(buyer=make_buyer())
    InterestLine.objects.create(interest=interest, category=oil, quantity=500, unit="t")
    confirm_interest(interest=interest, base_url="http://testserver/")
    load_rules()
    agree_to_introduction(interest=interest, exporter_id=exporter.pk, agreed=True)
    erased = Interest.objects.create(buyer=make_buyer(email="gone@example.ng"))
    InterestLine.objects.create(interest=erased, category=oil, quantity=5, unit="t")
    confirm_interest(interest=erased, base_url="http://testserver/")
    erase_buyer(erased.buyer)
    mission = Mission.objects.create(name="Mission to Lagos", city="Lagos")
    Session.objects.create(mission=mission, date="2027-03-09", start="09:00", end="12:00")
    Participant.objects.create(mission=mission, exporter=exporter, status="confirmed")
    planning.propose(mission=mission)
    rows = ministry_rows([1, "Пшеница", "Wheat", "1001990000", "ТОО Астык", "", "", "100"])
    import_catalogue_file(data=xlsx(("Перечень", rows)), file_name="list.xlsx", user=admin_user)


def test_no_admin_link_leads_to_an_error(admin_client, seeded):
    seen: set[str] = set()
    variants: Counter[str] = Counter()
    queue = ["/admin/"]
    failures = []
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        kind = _kind(url)
        if url in seen or variants[kind] >= MAX_VARIANTS:
            continue
        seen.add(url)
        variants[kind] += 1
        response = admin_client.get(url)
        if response.status_code >= 400:
            failures.append((url, response.status_code))
            continue
        if response.status_code in (301, 302):
            queue.append(urljoin(url, response["Location"]))
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in links_of(response.content.decode(), f"http://testserver{url}"):
            path = link.removeprefix("http://testserver")
            if (
                path.startswith("/admin/")
                and not any(part in path for part in NOT_FOLLOWED)
                # Filters combined are the same filters: one or two at a time.
                and len(parse_qsl(urlsplit(path).query)) <= 2
            ):
                queue.append(path)
    assert failures == []
    assert not [u for u in queue if u not in seen and variants[_kind(u)] < MAX_VARIANTS]
    assert len(seen) > 30  # the walk went through the changelists and change pages
