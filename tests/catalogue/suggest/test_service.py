"""The suggester inside the app: API, command, import, review queue, learning."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalogue.importing.service import import_catalogue_file
from catalogue.models import CategoryCode, HSCode, ProductCategory
from catalogue.services import confirm_category_code
from catalogue.suggest.service import suggest_hs
from tests.factories import make_category
from tests.spreadsheets import ministry_rows, xlsx

pytestmark = pytest.mark.django_db


def test_api_suggest_returns_ranked_codes_with_reasons(client, hs):
    response = client.get(reverse("api:hs-suggest"), {"q": "sunflowr oil", "limit": 3})
    assert response.status_code == 200
    data = response.json()
    assert data["query"] == "sunflowr oil"
    assert len(data["results"]) == 3
    first = data["results"][0]
    assert first["code"] == "151219" and first["level"] == 6
    assert first["description"].startswith("Vegetable oils; sunflower")
    assert 0 < first["score"] <= 1 and first["reason"]
    heading = HSCode.objects.get(code="1512")
    assert first["heading"] == {
        "code": "1512",
        "description": heading.description,
        "description_ru": heading.description_ru,
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Give the product"),
        ({"q": "   "}, "Give the product"),
        ({"q": "\u200b"}, "Give the product"),  # invisible characters are no product
        ({"q": "\u202e\u00ad"}, "Give the product"),
        ({"q": "x" * 301}, "longer than 300"),
        ({"q": "oil", "limit": "zero"}, "limit must be"),
        ({"q": "oil", "limit": "0"}, "limit must be"),
        ({"q": "oil", "limit": "500"}, "limit must be"),
    ],
)
def test_api_suggest_refuses_bad_input_with_400(client, params, message):
    response = client.get(reverse("api:hs-suggest"), params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_api_hs_detail_gives_parents_and_children(client, hs):
    data = client.get(reverse("api:hs-detail", args=["1512"])).json()
    assert data["code"] == "1512" and data["level"] == 4
    assert [p["code"] for p in data["parents"]] == ["15"]
    assert [c["code"] for c in data["children"]] == ["151211", "151219", "151221", "151229"]
    assert data["section"]["number"] == "III"
    dotted = client.get(reverse("api:hs-detail", args=["0402.21"])).json()
    assert [p["code"] for p in dotted["parents"]] == ["04", "0402"]
    assert client.get(reverse("api:hs-detail", args=["1512190000"])).json()["code"] == "151219"


def test_api_gives_russian_texts_beside_the_english_ones(client, hs):
    data = client.get(reverse("api:hs-detail", args=["010121"])).json()
    assert data["description"] == "Horses; live, pure-bred breeding animals"
    assert data["description_ru"] is None  # no Russian text: the API does not make one up
    assert data["section"]["title_ru"] == "Живые животные; продукты животного происхождения"
    assert [p["description_ru"] for p in data["parents"]] == [
        "Живые животные",
        "Лошади, ослы, мулы и лошаки живые",
    ]
    (first,) = client.get(reverse("api:hs-suggest"), {"q": "лошади живые", "limit": 1}).json()[
        "results"
    ]
    assert first["heading"]["description_ru"] == "Лошади, ослы, мулы и лошаки живые"


def test_api_hs_detail_errors(client, hs):
    assert client.get(reverse("api:hs-detail", args=["9999"])).status_code == 404
    assert client.get(reverse("api:hs-detail", args=["abc"])).status_code == 400


def test_command_prints_json(hs, capsys):
    call_command("suggest_hs", "iron rods", "--limit", "2", "--json")
    data = json.loads(capsys.readouterr().out)
    assert [r["code"] for r in data["results"]][0] == "721420"
    assert len(data["results"]) == 2


def test_command_prints_a_readable_list(hs, capsys):
    call_command("suggest_hs", "AGO")
    out = capsys.readouterr().out
    assert out.startswith("2710.19")
    assert "AGO = automotive gas oil" in out


def test_import_gives_a_row_without_code_a_suggested_code_never_confirmed(hs):
    rows = ministry_rows(
        [1, "Масло подсолнечное рафинированное", "Refined sunflower oil", "", "", "", "", ""]
    )
    report = import_catalogue_file(data=xlsx(("Лист1", rows)), file_name="list.xlsx")
    assert report.written
    code = ProductCategory.objects.get().codes.get()
    assert (code.hs_code_id, code.status) == ("151219", CategoryCode.Status.SUGGESTED)
    assert 0.5 < code.confidence < 1
    assert code.confirmed_by is None
    assert ProductCategory.objects.needing_review().count() == 1
    assert ProductCategory.objects.get().sector.slug == "agriculture-and-food"


def test_confirming_a_code_teaches_the_suggester(hs, admin_user):
    category = make_category(name="Аммофос марки 12:52", code=None)
    assert (
        suggest_hs("Аммофос марки 12:52", 1)[0].reason
        != "confirmed by an official for 'Аммофос марки 12:52'"
    )
    confirm_category_code(
        category=category, hs_code=HSCode.objects.get(code="310540"), user=admin_user
    )
    # The version bump is sent on commit; the test transaction never commits, so send it by hand.
    from django.core.cache import cache

    from catalogue.suggest.service import VERSION_KEY

    cache.set(VERSION_KEY, "after-confirmation")
    first = suggest_hs("аммофос марки 12:52", 1)[0]
    assert first.code == "310540"
    assert first.reason == "confirmed by an official for 'Аммофос марки 12:52'"


def test_review_queue_lists_categories_without_a_confirmed_subheading(admin_client, hs):
    suggested = make_category(name="Refined sunflower oil", code=None)
    CategoryCode.objects.create(
        category=suggested, hs_code_id="151219", status="suggested", confidence=0.7
    )
    make_category(name="Wheat", code="100199")
    heading_only = make_category(name="Milk", code="0402")
    page = admin_client.get(reverse("admin:catalogue_productcategory_review"))
    assert page.status_code == 200
    listed = {item["category"] for item in page.context["items"]}
    assert listed == {suggested, heading_only}
    first = next(i for i in page.context["items"] if i["category"] == suggested)
    suggestion, _prohibitions = first["suggestions"][0]
    assert suggestion.code == "151219"
    assert "Accept 1512.19" in page.text


def test_accepting_a_suggestion_in_one_click_records_who_and_when(admin_client, admin_user, hs):
    category = make_category(name="Refined sunflower oil", code=None)
    CategoryCode.objects.create(
        category=category, hs_code_id="151211", status="suggested", confidence=0.4
    )
    response = admin_client.post(
        reverse("admin:catalogue_productcategory_accept", args=[category.pk]), {"code": "151219"}
    )
    assert response.status_code == 302
    code = category.codes.get()
    assert (code.hs_code_id, code.status, code.is_primary) == ("151219", "confirmed", True)
    assert code.confirmed_by == admin_user and code.confirmed_at is not None
    assert not ProductCategory.objects.needing_review().exists()


@pytest.mark.parametrize(("typed", "stored"), [("1512.19", "151219"), ("1512 19 100 0", "151219")])
def test_a_typed_code_is_read_like_any_code(admin_client, hs, typed, stored):
    category = make_category(name="Oil", code=None)
    admin_client.post(
        reverse("admin:catalogue_productcategory_accept", args=[category.pk]), {"code": typed}
    )
    assert category.codes.get().hs_code_id == stored


@pytest.mark.parametrize("typed", ["12", "9999.99", "abc", ""])
def test_a_typed_code_that_is_not_hs_2022_is_refused_with_a_message(admin_client, hs, typed):
    category = make_category(name="Oil", code=None)
    response = admin_client.post(
        reverse("admin:catalogue_productcategory_accept", args=[category.pk]),
        {"code": typed},
        follow=True,
    )
    assert not category.codes.exists()
    assert "not a usable HS code" in response.text


def test_confirming_in_the_category_form_records_the_official(admin_client, admin_user, hs):
    category = make_category(name="Oil", code=None)
    code = CategoryCode.objects.create(
        category=category, hs_code_id="151219", status="suggested", confidence=0.5
    )
    url = reverse("admin:catalogue_productcategory_change", args=[category.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        "name": category.name, "name_ru": "", "slug": category.slug, "description": "",
        "is_published": "on", "codes-TOTAL_FORMS": 1, "codes-INITIAL_FORMS": 1,
        "codes-0-id": code.pk, "codes-0-category": category.pk, "codes-0-hs_code": "151219",
        "codes-0-status": "confirmed", "codes-0-confidence": 0.5, "codes-0-is_primary": "on",
        "offers-TOTAL_FORMS": 0, "offers-INITIAL_FORMS": 0,
        "imported_names-TOTAL_FORMS": 0, "imported_names-INITIAL_FORMS": 0,
    }  # fmt: skip
    assert form is not None
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    code.refresh_from_db()
    assert (code.status, code.confirmed_by, code.confidence) == ("confirmed", admin_user, 1.0)
