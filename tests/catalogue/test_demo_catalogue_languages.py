"""The demo catalogue names every product in Kazakh and describes it in all three languages,
so the Kazakh site shows Kazakh names from the first start."""

import re

import pytest

from catalogue.models import ProductCategory

pytestmark = pytest.mark.django_db


def test_every_demo_product_has_a_kazakh_name_and_descriptions(demo_catalogue):
    categories = ProductCategory.objects.all()
    assert categories.count() == 482
    for field in ("name_kk", "description", "description_ru", "description_kk"):
        assert not categories.filter(**{field: ""}).exists(), field
    wheat = categories.get(name="Durum wheat")
    assert (wheat.name_kk, wheat.description_kk[:25]) == (
        "Қатты бидай",
        "Жарма мен макарон ұнына т",
    )


def test_the_kazakh_home_page_lists_the_demo_in_kazakh(client, demo_catalogue):
    results = client.get("/kk/").text.split('<ol class="results">')[1].split("</ol>")[0]
    shown = re.findall(r'<h3><a href="[^"]*"( lang="\w+")?>([^<]+)</a></h3>', results)
    kazakh = set(ProductCategory.objects.values_list("name_kk", flat=True))
    assert len(shown) == 20 and all(not lang and name in kazakh for lang, name in shown)
