"""HS texts on Russian pages: Russian where the nomenclature has it; else the heading's
Russian name, then the English text marked as English."""

import pytest
from django.urls import reverse
from django.utils import translation

from catalogue.models.hs import HSText
from tests.factories import make_category

FALLBACK = (
    'Лошади, ослы, мулы и лошаки живые — <span lang="en">Horses; live, pure-bred breeding'
    " animals</span>"
)


def russian(name: str, *args) -> str:
    with translation.override("ru"):
        return reverse(name, args=args)


@pytest.mark.django_db
def test_a_subheading_without_russian_shows_its_headings_name_and_english_marked(client, hs):
    html = client.get(russian("catalogue:hs-code", "0101")).text
    assert "<p>Лошади, ослы, мулы и лошаки живые</p>" in html
    assert FALLBACK in html
    html = client.get(russian("catalogue:hs-code", "010121")).text
    assert f"<p>{FALLBACK}</p>" in html


@pytest.mark.django_db
def test_a_subheading_with_a_russian_name_shows_it_alone(client, hs):
    html = client.get(russian("catalogue:hs-code", "1001")).text
    assert "<p>Пшеница и меслин</p>" in html
    assert "Пшеница твердая семенная</li>" in html
    assert 'lang="en"' not in html.split('class="chapters"')[1].split("</ul>")[0]


@pytest.mark.django_db
def test_english_pages_keep_the_english_texts(client, hs):
    html = client.get(reverse("catalogue:hs-code", args=["0101"])).text
    assert "Horses; live, pure-bred breeding animals</li>" in html
    assert "<span lang=" not in html and "Лошади" not in html


@pytest.mark.django_db
def test_a_product_page_in_russian_names_section_chapter_heading_and_subheading(client, hs):
    horses = make_category(name="Breeding horses", code="010121", name_ru="Лошади племенные")
    with translation.override("ru"):
        url = horses.get_absolute_url()
    html = client.get(url).text
    assert "Раздел I: Живые животные; продукты животного происхождения" in html
    assert "</a> Живые животные</li>" in html
    assert "</a> Лошади, ослы, мулы и лошаки живые</li>" in html
    assert FALLBACK in html


@pytest.mark.django_db
def test_catalogue_filters_name_sectors_and_chapters_in_the_pages_language(client, hs):
    make_category(name="Durum wheat", code="100119")
    html = client.get(reverse("catalogue:home")).text
    assert ">Agriculture and food (1)</option>" in html
    assert ">10 Cereals</option>" in html
    html = client.get(russian("catalogue:home")).text
    assert ">Сельское хозяйство и продукты питания (1)</option>" in html
    assert ">10 Злаки</option>" in html


def test_a_shortened_fallback_gives_the_shared_heading_name_less_room():
    text = HSText("Horses; live, pure-bred breeding animals", "ru", "en", "Лошади " * 20)
    short = text.truncated(60)
    assert len(str(short)) <= 60
    assert short.text.startswith("Horses; live")


def test_hs_texts_are_escaped_in_both_languages():
    assert HSText("a <b>", "en", "en").__html__() == "a &lt;b&gt;"
    marked = HSText("a <b>", "ru", "en", "<i>").__html__()
    assert marked == '&lt;i&gt; — <span lang="en">a &lt;b&gt;</span>'
