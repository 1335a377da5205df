"""Django's own admin messages read right in Russian and Kazakh: the project's supplements
in locale_django/ fill what Django's Kazakh catalogues lack and reword the titles and
buttons that put a model's name where the language would decline it."""

from __future__ import annotations

import json
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import make_category

DJANGO = Path(django.__file__).resolve().parent
CATALOGUES = [
    "contrib/admin/locale",
    "contrib/auth/locale",
    "contrib/contenttypes/locale",
    "conf/locale",
]
SUPPLEMENT = Path(settings.LOCALE_PATHS[-1])


def msgids(language: str, domain: str) -> set[tuple[str | None, str]]:
    found = set()
    for folder in CATALOGUES:
        path = DJANGO / folder / language / "LC_MESSAGES" / f"{domain}.po"
        if path.exists():
            found |= {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if not e.obsolete}
    return found


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_message_django_has_in_russian_is_also_in_kazakh(domain):
    supplement = SUPPLEMENT / "kk" / "LC_MESSAGES" / f"{domain}.po"
    ours = {(e.msgctxt, e.msgid) for e in polib.pofile(str(supplement)) if e.translated()}
    missing = msgids("ru", domain) - msgids("kk", domain) - ours
    assert not missing


def read(client, url: str, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.text


@pytest.mark.django_db
def test_the_admin_javascript_catalogue_takes_the_kazakh_supplement(admin_client):
    catalogue = read(admin_client, reverse("admin:jsi18n"), "kk")
    for text in ["Барлығын таңдау: %s", "Жексенбі", "%(cnt)s ішінен %(sel)s таңдалды"]:
        assert json.dumps(text)[1:-1] in catalogue


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "add", "wrong"),
    [
        (
            "ru",
            "Выберите объект для изменения: товарная категория",
            "Добавить: товарная категория",
            ["Выберите товарная категория", "Добавить товарная категория"],
        ),
        (
            "kk",
            "Өзгерту үшін таңдаңыз: тауар санаты",
            "Қосу: тауар санаты",
            ["өзгерту үщін", "тауар санаты қосу", "Сүзгіз"],
        ),
    ],
)
def test_titles_and_buttons_keep_the_model_name_in_the_nominative(
    admin_client, language, title, add, wrong
):
    page = read(admin_client, reverse("admin:catalogue_productcategory_changelist"), language)
    assert title in page and add in page
    assert not [text for text in wrong if text in page]


@pytest.mark.django_db
def test_kazakh_change_page_has_no_misspelt_words(admin_client, hs):
    category = make_category(name="Durum wheat", code="100119")
    url = reverse("admin:catalogue_productcategory_change", args=[category.pk])
    page = read(admin_client, url, "kk")
    assert "Өзгерту: тауар санаты" in page
    assert json.dumps("Тағы қосу: ")[1:-1] in page  # the inlines' button, drawn by script
    assert "Өзгетру" not in page and "өзгету" not in page and " кос<" not in page


@pytest.mark.django_db
def test_django_admin_strings_newer_than_its_kazakh_catalogue_are_kazakh(admin_client):
    page = read(admin_client, reverse("admin:catalogue_productcategory_changelist"), "kk")
    for english in ["Skip to main content", "Start typing to filter", "Toggle theme", "Model name"]:
        assert english not in page
    assert "Негізгі мазмұнға өту" in page
