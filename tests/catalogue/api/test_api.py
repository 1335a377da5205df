"""The read-only JSON API: shapes, filters, pagination, errors, and a schemathesis run."""

import io

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, settings

from access.loader import load_rules
from access.models import ImportRule
from config.wsgi import application
from tests.factories import make_category, make_exporter, make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(hs):
    grain = make_exporter(name="Kostanay Grain LLP", region="kostanay")
    oil = make_exporter(name="Pavlodar Oil LLP", region="pavlodar")
    wheat = make_category(
        name="Durum wheat", name_ru="Пшеница твёрдая", code="100119", slug="durum-wheat"
    )
    sunflower = make_category(name="Sunflower oil, refined", code="151219", slug="sunflower-oil")
    make_offer(exporter=grain, category=wheat, incoterms="CPT FCA")
    make_offer(exporter=oil, category=sunflower, incoterms="DAP")
    for n in range(25):
        make_category(name=f"Steel product {n:02d}", code="721420", slug=f"steel-{n:02d}")
    call_command("reindex_search", stdout=io.StringIO())
    return {"wheat": wheat, "sunflower": sunflower}


def test_the_api_root_points_to_every_endpoint(client, catalogue):
    index = client.get("/api/").json()
    assert index["description"] == "http://testserver/api/openapi.json"
    for name in ("categories", "exporters", "hs_suggest"):
        url = index[name].replace("{query}", "wheat").replace("{text}", "wheat")
        assert client.get(url).status_code == 200, url
    assert client.get(index["hs_code"].replace("{code}", "1001")).status_code == 200


def test_categories_list_shape(client, catalogue):
    data = client.get(reverse("api:categories"), {"q": "durum"}).json()
    assert data["count"] == 1 and data["next"] is None and data["previous"] is None
    (item,) = data["results"]
    assert item == {
        "id": catalogue["wheat"].pk,
        "slug": "durum-wheat",
        "name": "Durum wheat",
        "name_ru": "Пшеница твёрдая",
        "hs_codes": ["100119"],
        "sector": "Agriculture and food",
        "sector_ru": "Сельское хозяйство и продукты питания",
        "sector_slug": "agriculture-and-food",
        "exporters": [{"name": "Kostanay Grain LLP", "region": "Kostanay Region"}],
        "market_access": {"status": "importable", "prohibitions": [], "requirements": []},
        "url": "http://testserver/products/durum-wheat/",
    }


def test_a_category_under_a_prohibition_says_so_with_the_rule_and_its_source(client, catalogue):
    load_rules()
    data = client.get(reverse("api:categories"), {"q": "sunflower oil"}).json()
    access = data["results"][0]["market_access"]
    assert access["status"] == "conditions"  # the list's note: crude oils are not prohibited
    (rule,) = access["prohibitions"]
    assert rule["goods"] == "Refined vegetable oils and fats"
    assert (rule["hs_from"], rule["hs_to"]) == ("150710", "151620")
    assert "151211" in rule["excluding"] and "crude" in rule["conditions"]
    assert rule["source"]["date"] == "2026-12-02" and rule["checked_on"] is None
    detail = client.get(reverse("api:category", args=["sunflower-oil"])).json()
    assert detail["market_access"] == access
    importable = client.get(reverse("api:categories"), {"q": "oil", "importable": "true"}).json()
    assert "sunflower-oil" not in {c["slug"] for c in importable["results"]}


def test_import_rules_are_listed_and_looked_up_by_code(client, catalogue):
    load_rules()
    listed = client.get(reverse("api:import-rules")).json()["results"]
    assert len(listed) == 31
    assert sum(rule["hs_from"] is None for rule in listed) == 11  # awaiting an official's range
    on_code = client.get(reverse("api:import-rules"), {"code": "1512.19"}).json()["results"]
    assert [rule["goods"] for rule in on_code] == ["Refined vegetable oils and fats"]
    assert client.get(reverse("api:import-rules"), {"code": "1512.11"}).json() == {"results": []}
    on_heading = client.get(reverse("api:import-rules"), {"code": "1512"}).json()["results"]
    assert [rule["goods"] for rule in on_heading] == ["Refined vegetable oils and fats"]
    ImportRule.objects.filter(item="Refined vegetable oils and fats").update(is_active=False)
    assert client.get(reverse("api:import-rules"), {"code": "151219"}).json() == {"results": []}
    assert client.get(reverse("api:import-rules"), {"code": "10"}).json() == {"results": []}
    bad = client.get(reverse("api:import-rules"), {"code": "1512x"})
    assert bad.status_code == 400 and "2 to 10 digits" in bad.json()["error"]
    subheading = client.get(reverse("api:hs-detail", args=["1902.19"])).json()
    assert subheading["market_access"]["status"] == "prohibited"
    heading = client.get(reverse("api:hs-detail", args=["1902"])).json()["market_access"]
    assert [rule["goods"] for rule in heading["prohibitions"]] == ["Spaghetti/noodles"]
    chapter = client.get(reverse("api:hs-detail", args=["10"])).json()["market_access"]
    assert chapter["status"] == "importable"


def test_categories_are_paginated_with_links(client, catalogue):
    first = client.get(reverse("api:categories"), {"q": "steel"}).json()
    assert first["count"] == 25 and len(first["results"]) == 20
    assert first["next"].endswith("?q=steel&page=2") and first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})


def test_categories_take_the_same_filters_as_the_page(client, catalogue):
    by_region = client.get(reverse("api:categories"), {"region": "pavlodar"}).json()
    assert [r["slug"] for r in by_region["results"]] == ["sunflower-oil"]
    by_incoterm = client.get(reverse("api:categories"), {"incoterm": "FCA"}).json()
    assert [r["slug"] for r in by_incoterm["results"]] == ["durum-wheat"]
    offered = client.get(reverse("api:categories"), {"offered": "true"}).json()
    assert offered["count"] == 2


def test_categories_filter_by_sector_slug(client, catalogue):
    food = client.get(reverse("api:categories"), {"sector": "agriculture-and-food"}).json()
    assert food["count"] == 2 and food["results"][0]["sector_slug"] == "agriculture-and-food"
    steel = client.get(reverse("api:categories"), {"sector": "construction"}).json()
    assert steel["count"] == 25  # the 7214.20 bars
    assert client.get(reverse("api:categories"), {"sector": "other"}).json()["count"] == 0


def test_category_detail_and_errors(client, catalogue):
    data = client.get(reverse("api:category", args=["sunflower-oil"])).json()
    assert data["codes"][0]["code"] == "151219"
    assert data["offers"][0]["exporter"] == "Pavlodar Oil LLP"
    assert data["offers"][0]["incoterms"] == ["DAP"]
    assert client.get(reverse("api:category", args=["nothing-here"])).status_code == 404
    assert client.get(reverse("api:categories"), {"sector": "no sector"}).status_code == 400
    assert client.get(reverse("api:categories"), {"page": "x"}).status_code == 400
    assert client.get(reverse("api:categories"), {"page": "50"}).status_code == 404


def test_exporters_list(client, catalogue):
    data = client.get(reverse("api:exporters"), {"region": "kostanay"}).json()
    assert [e["name"] for e in data["results"]] == ["Kostanay Grain LLP"]
    assert data["results"][0]["products"] == 1
    assert client.get(reverse("api:exporters"), {"region": "lagos"}).status_code == 400


def test_openapi_document_is_served(client):
    data = client.get(reverse("api:openapi")).json()
    assert data["openapi"].startswith("3.")
    assert set(data["paths"]) == {
        "/categories/",
        "/categories/{slug}/",
        "/exporters/",
        "/hs/suggest/",
        "/complete/",
        "/hs/{code}/",
        "/import-rules/",
    }


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def wsgi_keeps_test_connection():
    """Calling the WSGI app directly would close the test's database connection after each
    request, as a real server does; Django's own test client avoids this the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.filterwarnings("ignore")
@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case, catalogue, wsgi_keeps_test_connection):
    # Called as WSGI, answers are not decoded as an HTTP client would: asked uncompressed
    # (compression has tests of its own).
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
