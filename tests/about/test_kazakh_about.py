"""The About page in Kazakh: each section in Kazakh, else Russian, else English, section by
section, the fallback marked with its language."""

import importlib

import pytest
from django.core.cache import cache

from about.models import AboutPage

pytestmark = pytest.mark.django_db
SHIPPED = importlib.import_module("about.migrations.0002_placeholders").PLACEHOLDERS


def about_page(**texts) -> AboutPage:
    page, _ = AboutPage.objects.update_or_create(pk=1, defaults={**SHIPPED, **texts})
    return page


def test_each_section_falls_back_on_its_own_from_kazakh_to_russian_to_english(client):
    about_page(
        who_runs="The trade ministry runs it.",
        who_runs_ru="Каталог ведёт министерство торговли.",
        who_runs_kk="Каталогты сауда министрлігі жүргізеді.",
        audience="Nigerian importers.",
        audience_ru="Нигерийские импортёры.",
        contacts="Write to the trade office.",
    )
    html = client.get("/kk/about/").text
    assert "<div><p>Каталогты сауда министрлігі жүргізеді.</p></div>" in html
    assert '<div lang="ru"><p>Нигерийские импортёры.</p></div>' in html
    assert '<div lang="en"><p>Write to the trade office.</p></div>' in html
    assert "ведёт министерство" not in html


def test_a_placeholder_in_kazakh_falls_back_and_is_left_to_write():
    page = about_page(who_runs="The trade ministry runs it.", who_runs_kk="[Заполняется ...]")
    (who_runs, *_rest) = page.sections("kk")
    assert (who_runs.text, who_runs.text.language) == ("The trade ministry runs it.", "en")
    assert "who_runs_kk" in page.placeholders_left()
    assert "audience_kk" not in page.placeholders_left()  # blank: shows the next language


def test_the_home_page_line_on_who_runs_it_is_marked_when_not_in_kazakh(client):
    about_page(who_runs="The Trade Office runs this catalogue.\n\nIt has two parts.")
    cache.clear()
    html = client.get("/kk/").text
    assert '<span lang="en">The Trade Office runs this catalogue.</span> <a' in html
