"""Public pages and API answers are rendered once per catalogue version and kept."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.lib.process_cache import Kept
from catalogue.models import Certification
from tests.factories import make_category, make_exporter, make_offer

pytestmark = pytest.mark.django_db
PATHS = ["/?q=wheat", "/products/durum-wheat/", "/api/categories/?q=wheat", "/hs/1001/"]


@pytest.fixture
def listed(committed):
    category = committed(make_category, "Durum wheat", "100119", slug="durum-wheat")
    committed(make_offer, committed(make_exporter, region="kostanay"), category)
    return category


def queries(client, path, **headers) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    assert response.status_code == 200, path
    return len(captured), response.content


@pytest.mark.parametrize("path", PATHS)
def test_a_kept_page_asks_the_database_nothing(client, listed, path):
    asked, first = queries(client, path)
    assert asked > 0
    again, second = queries(client, path)
    assert (again, second) == (0, first)


def test_nothing_is_kept_when_switched_off(client, listed, settings):
    settings.PAGES_KEPT_MB = 0
    queries(client, PATHS[0])
    assert queries(client, PATHS[0])[0] > 0


def test_each_language_and_host_has_its_own_answer(client, listed, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example", "testserver"]
    one = queries(client, "/api/categories/?q=wheat", HTTP_HOST="one.example")[1]
    two = queries(client, "/api/categories/?q=wheat", HTTP_HOST="two.example")[1]
    assert b"http://one.example/" in one and b"one.example" not in two
    english = queries(client, "/?q=wheat")[1]
    russian = queries(client, "/ru/?q=wheat")[1]
    assert b'lang="ru"' in russian and english != russian


def test_a_change_shows_at_once(client, listed, committed):
    assert b"Durum wheat" in queries(client, "/products/durum-wheat/")[1]
    listed.name = "Hard wheat"
    committed(listed.save)
    assert b"Hard wheat" in queries(client, "/products/durum-wheat/")[1]


def test_a_missing_page_is_not_kept(client, listed):
    assert client.get("/products/spelt/").status_code == 404
    make_category("Spelt", "100810", slug="spelt")  # no commit: no version moved
    assert client.get("/products/spelt/").status_code == 200


def test_a_kept_answer_says_its_age_and_parameters_in_any_order_share_it(client, listed):
    first = client.get("/", {"q": "wheat", "region": "kostanay"})
    assert not first.has_header("Age")
    asked, _ = queries(client, "/?region=kostanay&q=wheat")
    assert asked == 0
    assert int(client.get("/?q=wheat&region=kostanay")["Age"]) >= 0


def test_a_certification_renamed_shows_at_once(client, listed, committed):
    exporter = listed.offers.get().exporter
    halal = committed(Certification.objects.create, code="halal", name="Halal")
    committed(exporter.certifications.add, halal)
    assert b"Halal" in queries(client, "/products/durum-wheat/")[1]
    halal.name = "Halal (JAKIM)"
    committed(halal.save)
    assert b"Halal (JAKIM)" in queries(client, "/products/durum-wheat/")[1]


def test_kept_values_stay_within_their_budget():
    kept = Kept(10, weigh=len)
    kept.set_many({"a": "12345", "b": "12345"})
    kept.set_many({"c": "123"})  # "a" goes: the oldest
    assert kept.get_many(["a", "b", "c"]) == {"b": "12345", "c": "123"}
    kept.set_many({"d": "x" * 11})  # heavier than the whole budget: not kept
    assert kept.get_many(["d"]) == {}
