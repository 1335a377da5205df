"""Translated content, field by field: a Kazakh page shows Kazakh, else Russian, else
English; a Russian page Russian, else English; text in another language than the page's
is marked with its language."""

import pickle

import pytest
from django.urls import reverse
from django.utils import translation

from catalogue.importing.service import import_catalogue_file
from catalogue.lib.languages import Shown
from catalogue.models import Certification, HSCode, Sector
from tests.factories import make_category, make_exporter, make_offer
from tests.spreadsheets import xlsx

pytestmark = pytest.mark.django_db


def in_language(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def wheat(**fields):
    names = {
        "name": "Durum wheat",
        "name_ru": "Пшеница твёрдая",
        "name_kk": "Қатты бидай",
        "description": "Hard amber grain for pasta.",
        "description_ru": "Твёрдое янтарное зерно для макарон.",
    }
    return make_category(**{**names, **fields})


@pytest.mark.parametrize(
    ("language", "name", "description"),
    [
        ("en", ("Durum wheat", "en"), ("Hard amber grain for pasta.", "en")),
        ("ru", ("Пшеница твёрдая", "ru"), ("Твёрдое янтарное зерно для макарон.", "ru")),
        ("kk", ("Қатты бидай", "kk"), ("Твёрдое янтарное зерно для макарон.", "ru")),
    ],
)
def test_each_field_falls_back_on_its_own(hs, language, name, description):
    category = wheat()
    with translation.override(language):
        shown = category.display_name, category.display_description
    assert [(str(text), text.language) for text in shown] == [name, description]


def test_without_russian_a_kazakh_page_shows_english():
    category = wheat(name_ru="", name_kk="", description_ru="")
    with translation.override("kk"):
        assert (category.display_name.language, category.display_description.language) == (
            "en",
            "en",
        )


@pytest.mark.parametrize(
    ("language", "fields", "other"),
    [
        ("en", {}, ("Пшеница твёрдая", "ru")),
        ("ru", {}, ("Durum wheat", "en")),
        ("kk", {}, ("Пшеница твёрдая", "ru")),
        ("kk", {"name_ru": ""}, ("Durum wheat", "en")),  # Kazakh shown, no Russian
        ("kk", {"name_kk": ""}, ("Durum wheat", "en")),  # Russian shown
        ("kk", {"name_kk": "", "name_ru": ""}, ("", "en")),  # English shown: nothing else
        ("en", {"name_ru": "Durum wheat"}, ("", "en")),  # the same name
    ],
)
def test_the_other_name_is_one_in_another_language_that_differs(hs, language, fields, other):
    category = wheat(**fields)
    with translation.override(language):
        shown = category.other_name
    assert (str(shown), shown.language if shown else "en") == other


def test_a_shown_text_keeps_its_language_through_the_cache():
    text = pickle.loads(pickle.dumps(Shown("Қатты бидай", "kk")))
    assert (text, text.language) == ("Қатты бидай", "kk")


def test_the_kazakh_product_page_shows_kazakh_names_and_marks_the_russian(client, hs):
    category = wheat()
    html = client.get(in_language("kk", "catalogue:category", category.slug)).text
    assert "<h1>Қатты бидай</h1>" in html
    assert '<p class="other-name" lang="ru">Пшеница твёрдая</p>' in html
    assert '<p lang="ru">Твёрдое янтарное зерно для макарон.</p>' in html


def test_a_product_without_a_kazakh_name_shows_its_russian_one_marked(client, hs):
    category = wheat(name_kk="")
    html = client.get(in_language("kk", "catalogue:category", category.slug)).text
    assert '<h1 lang="ru">Пшеница твёрдая</h1>' in html
    assert '<p class="other-name" lang="en">Durum wheat</p>' in html


def test_the_kazakh_home_page_lists_kazakh_names_and_sectors(client, hs):
    category = wheat()
    Sector.objects.get(slug="agriculture-and-food").featured.set([category])
    html = client.get("/kk/").text
    assert ">Қатты бидай</a>" in html
    assert ">Ауыл шаруашылығы және азық-түлік</a>" in html
    assert ">Ауыл шаруашылығы және азық-түлік (1)</option>" in html
    html = client.get("/kk/?q=wheat").text
    assert '">Қатты бидай</a></h3>' in html


def test_every_shipped_sector_has_a_kazakh_name(hs):
    assert not Sector.objects.filter(name_kk="").exists()


def test_certification_names_show_in_russian_and_kazakh_on_exporter_pages(client, hs, admin_user):
    rows = [
        ["Product", "HS code", "Exporter", "Certifications"],
        ["Durum wheat", "1001 19", "Kostanay Astyk LLP", "EAC, ГОСТ, ISO 9001"],
    ]
    import_catalogue_file(data=xlsx(("Products", rows)), file_name="eac.xlsx", user=admin_user)
    eac = Certification.objects.get(code="eac")
    assert (eac.name_ru, eac.name_kk) == (
        "EAC (евразийское соответствие)",
        "EAC (еуразиялық сәйкестік)",
    )
    exporter = eac.exporters.get()
    exporter.certificates_seen.set([eac])
    html = client.get(in_language("ru", "catalogue:exporter", exporter.slug)).text
    assert '<span class="badge">EAC (евразийское соответствие)</span>' in html
    assert '<span class="badge">ГОСТ</span>' in html
    assert ": EAC (евразийское соответствие)." in html
    html = client.get(in_language("kk", "catalogue:exporter", exporter.slug)).text
    assert '<span class="badge">EAC (еуразиялық сәйкестік)</span>' in html
    assert '<span class="badge">МЕМСТ (ГОСТ)</span>' in html
    assert "Halal" not in html and "Eurasian conformity" not in html


def test_a_certification_named_in_english_only_is_marked_as_english(client, hs):
    exporter = make_exporter()
    exporter.certifications.add(Certification.objects.create(code="brc", name="BRCGS"))
    make_offer(exporter, wheat())
    html = client.get(in_language("kk", "catalogue:exporter", exporter.slug)).text
    assert '<span class="badge" lang="en">BRCGS</span>' in html


def test_certifications_are_named_in_the_kazakh_catalogue_filter(client, hs):
    exporter = make_exporter()
    exporter.certifications.add(
        Certification.objects.create(code="halal", name="Halal", name_ru="Халяль", name_kk="Халал")
    )
    make_offer(exporter, wheat())
    assert '<option value="halal">Халал</option>' in client.get("/kk/").text


def test_a_kazakh_page_shows_the_russian_nomenclature_marked_as_russian(client, hs):
    html = client.get(in_language("kk", "catalogue:hs-code", "1001")).text
    assert '<p><span lang="ru">Пшеница и меслин</span></p>' in html
    html = client.get(in_language("kk", "catalogue:hs-code", "010121")).text
    assert (
        '<p><span lang="ru">Лошади, ослы, мулы и лошаки живые</span> — '
        '<span lang="en">Horses; live, pure-bred breeding animals</span></p>'
    ) in html


def test_a_subheading_with_neither_russian_nor_kazakh_leads_with_the_russian_heading(hs):
    horses = HSCode.objects.select_related("parent").get(code="010121")
    text = horses.text_in("kk")
    assert (text.lead, text.lead_language, text.text_language) == (
        "Лошади, ослы, мулы и лошаки живые",
        "ru",
        "en",
    )
    assert horses.text_in("en").lead == ""
