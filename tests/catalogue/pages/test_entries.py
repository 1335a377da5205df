"""List entries are rendered once per catalogue version and language, and follow every
change that alters them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from access.models import ImportRule, RuleSource
from catalogue.api import views as api_views
from catalogue.lib.process_cache import Kept
from catalogue.models import Exporter
from tests.factories import make_category, make_exporter, make_offer

pytestmark = pytest.mark.django_db


def entry_of(html: str, name: str) -> str:
    start = html.index(f">{name}</a></h3>")
    return html[start : html.index("</li>", start)]


@pytest.fixture
def listed(committed):
    category = committed(make_category, "Durum wheat", "100119")
    exporter = committed(make_exporter, "Steppe Grain LLP", region="kostanay")
    committed(make_offer, exporter, category)
    return category


def test_a_kept_page_loads_no_offers_codes_or_rules(client, listed):
    client.get("/?q=wheat")
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/?q=wheat").text
    tables = " ".join(q["sql"] for q in captured.captured_queries)
    for table in ("catalogue_offer", "catalogue_categorycode", "access_importrule"):
        assert f'FROM "{table}"' not in tables
    assert "Kostanay" in entry_of(html, "Durum wheat")


def test_an_exporters_change_shows_at_once(client, listed, committed):
    assert "Kostanay" in entry_of(client.get("/").text, "Durum wheat")
    exporter = Exporter.objects.get(name="Steppe Grain LLP")
    exporter.region = "pavlodar"
    committed(exporter.save)
    entry = entry_of(client.get("/").text, "Durum wheat")
    assert "Pavlodar" in entry and "Kostanay" not in entry


def test_a_rules_source_renamed_shows_at_once(client, listed, committed):
    source = committed(RuleSource.objects.create, key="t", title="Old list", date="2026-01-02")
    committed(
        ImportRule.objects.create,
        source=source,
        kind=ImportRule.Kind.PROHIBITED,
        item="Wheat",
        hs_from="100119",
        hs_to="100119",
    )
    assert "Old list" in entry_of(client.get("/").text, "Durum wheat")
    source.title = "New list"
    committed(source.save)
    entry = entry_of(client.get("/").text, "Durum wheat")
    assert "New list" in entry and "Old list" not in entry


def test_each_language_gets_its_own_entry(client, listed):
    english = entry_of(client.get("/").text, "Durum wheat")
    russian = entry_of(client.get("/ru/").text, "Durum wheat")
    assert "1 exporter" in english
    assert "1 экспортёр" in russian or "1 экспортер" in russian
    assert entry_of(client.get("/").text, "Durum wheat") == english


def test_the_api_reads_the_rules_once_and_follows_their_changes(
    client, listed, committed, settings, monkeypatch
):
    """Every request renders (no page and no entry kept), yet the rules are read from the
    database only after they change."""
    settings.PAGES_KEPT_MB = 0
    monkeypatch.setattr(api_views, "_kept_entries", Kept(0))
    source = committed(RuleSource.objects.create, key="t", title="Old list", date="2026-01-02")
    rule = committed(
        ImportRule.objects.create,
        source=source,
        kind=ImportRule.Kind.PROHIBITED,
        item="Wheat",
        hs_from="100119",
        hs_to="100119",
    )

    def sources() -> list[str]:
        (result,) = client.get("/api/categories/", {"q": "wheat"}).json()["results"]
        return [p["source"]["title"] for p in result["market_access"]["prohibitions"]]

    assert sources() == ["Old list"]
    with CaptureQueriesContext(connection) as captured:
        assert sources() == ["Old list"]
    assert not any("access_importrule" in q["sql"] for q in captured.captured_queries)
    source.title = "New list"
    committed(source.save)
    assert sources() == ["New list"]
    rule.is_active = False
    committed(rule.save)
    assert sources() == []


def test_the_apis_entries_are_kept_and_follow_an_exporters_change(client, listed, committed):
    def exporters() -> list[dict]:
        (result,) = client.get("/api/categories/", {"q": "wheat", "x": "1"}).json()["results"]
        assert result["url"] == f"http://testserver{listed.get_absolute_url()}"
        return result["exporters"]

    assert exporters() == [{"name": "Steppe Grain LLP", "region": "Kostanay Region"}]
    with CaptureQueriesContext(connection) as captured:
        client.get("/api/categories/", {"q": "wheat", "other": "order"})  # not a kept page
    tables = " ".join(q["sql"] for q in captured.captured_queries)
    assert 'FROM "catalogue_offer"' not in tables and 'FROM "catalogue_categorycode"' not in tables
    exporter = Exporter.objects.get(name="Steppe Grain LLP")
    exporter.region = "pavlodar"
    committed(exporter.save)
    assert exporters() == [{"name": "Steppe Grain LLP", "region": "Pavlodar Region"}]
