"""Officials see Nigeria's prohibition list first: in the review queue, on the admin's home
page, in the product list and on a product's page, and unpublish at once."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from access.loader import load_rules
from catalogue.models import CategoryCode, ProductCategory
from catalogue.search import search
from tests.factories import make_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def affected(hs):
    load_rules()
    return {
        "oil": make_category(name="Sunflower oil, refined", code="151219"),
        "pasta": make_category(name="Pasta", code="190219"),
        "wheat": make_category(name="Durum wheat", code="100119"),
        "hidden": make_category(name="Beef, frozen", code="020230", is_published=False),
    }


def test_the_admin_home_lists_published_products_on_the_list(admin_client, affected):
    page = admin_client.get(reverse("admin:index")).text
    start = page.index('id="prohibited-published"')
    module = page[start : page.index("</div>", start)]
    assert "Sunflower oil, refined" in module and "Refined vegetable oils and fats" in module
    assert "Pasta" in module and "Spaghetti/noodles" in module
    assert "Durum wheat" not in module and "Beef" not in module  # importable; unpublished
    assert "All 2 in the product list" in module


def test_the_product_list_filters_flags_and_unpublishes(admin_client, affected):
    url = reverse("admin:catalogue_productcategory_changelist")
    listed = admin_client.get(url, {"prohibited": "yes", "is_published__exact": "1"})
    assert {c.name for c in listed.context["cl"].result_list} == {
        "Sunflower oil, refined",
        "Pasta",
    }
    clear = admin_client.get(url, {"prohibited": "no"}).context["cl"].result_list
    assert [c.name for c in clear] == ["Durum wheat"]
    every = admin_client.get(url).context["cl"].result_list
    assert {c.name: c.on_prohibition_list for c in every} == {
        "Sunflower oil, refined": True, "Pasta": True, "Durum wheat": False, "Beef, frozen": True,
    }  # fmt: skip
    call_command("reindex_search", stdout=io.StringIO())
    assert affected["pasta"].pk in search("pasta").ranked
    ids = [affected["pasta"].pk, affected["oil"].pk]
    done = admin_client.post(url, {"action": "unpublish", "_selected_action": ids}, follow=True)
    assert "2 product categories unpublished." in done.text
    assert not ProductCategory.objects.filter(pk__in=ids, is_published=True).exists()
    assert affected["pasta"].pk not in search("pasta").ranked  # search followed
    home = admin_client.get(reverse("admin:index")).text
    assert "None: no published product has a code on the list." in home


def test_a_products_admin_page_says_what_buyers_are_told(admin_client, affected):
    oil = admin_client.get(
        reverse("admin:catalogue_productcategory_change", args=[affected["oil"].pk])
    ).text
    assert "On the prohibition list for trade: Refined vegetable oils and fats (conditions:" in oil
    wheat = admin_client.get(
        reverse("admin:catalogue_productcategory_change", args=[affected["wheat"].pk])
    ).text
    assert "No code of this product is on Nigeria&#x27;s prohibition list." in wheat


def test_the_review_queue_flags_products_and_suggestions_on_the_list(admin_client, hs):
    load_rules()
    refined = make_category(name="Refined sunflower-seed oil", code=None)
    CategoryCode.objects.create(
        category=refined, hs_code_id="151219", status=CategoryCode.Status.SUGGESTED, confidence=0.6
    )
    page = admin_client.get(reverse("admin:catalogue_productcategory_review")).text
    row = page[page.index(f'id="category-{refined.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "On Nigeria's prohibition list: Refined vegetable oils and fats" in row
    assert row.count("prohibited") >= 2  # the product, and the suggestion of 1512.19
