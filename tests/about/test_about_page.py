"""The About page: officials' texts in both languages, and plain words while they are missing."""

import importlib

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse

from about.models import AboutPage
from about.placeholders import is_provided

pytestmark = pytest.mark.django_db
SHIPPED = importlib.import_module("about.migrations.0002_placeholders").PLACEHOLDERS
NOTICE = "Some of this information has not been provided yet"
NOTICE_RU = "Часть этих сведений ещё не предоставлена"


def about_page(**texts) -> AboutPage:
    page, _ = AboutPage.objects.update_or_create(pk=1, defaults={**SHIPPED, **texts})
    return page


def test_every_shipped_text_is_a_placeholder_that_names_no_contact():
    assert set(SHIPPED) == {
        f"{field}{suffix}"
        for field in ("who_runs", "audience", "contacts", "data_checks")
        for suffix in ("", "_ru")
    }
    assert not any(is_provided(text) for text in SHIPPED.values())
    assert not any("@" in text or any(c.isdigit() for c in text) for text in SHIPPED.values())


def test_a_page_of_placeholders_tells_visitors_nothing_is_provided_yet(client):
    about_page()
    english = client.get("/about/").text
    assert NOTICE in english and english.count("Not provided yet.") == 4
    assert "[To be completed" not in english
    russian = client.get("/ru/about/").text
    assert NOTICE_RU in russian and russian.count("Ещё не предоставлено.") == 4
    assert "[Заполняется" not in russian and "Not provided" not in russian


def test_a_missing_row_reads_as_nothing_provided(client):
    AboutPage.objects.all().delete()
    assert NOTICE in client.get("/about/").text


def test_edited_sections_show_in_their_language_and_russian_falls_back_to_english(client):
    about_page(
        who_runs="The trade ministry runs it.",
        who_runs_ru="Каталог ведёт министерство торговли.",
        audience="Nigerian importers.",
        audience_ru="",
        contacts="Write to the trade office.",
        contacts_ru="Пишите в торговое представительство.",
        data_checks="Officials check every import.",
        data_checks_ru="Сотрудники проверяют каждый импорт.",
    )
    english = client.get(reverse("about:page")).text
    assert NOTICE not in english and "Not provided yet." not in english
    assert "<p>The trade ministry runs it.</p>" in english
    russian = client.get("/ru/about/").text
    assert NOTICE_RU not in russian
    assert "<p>Каталог ведёт министерство торговли.</p>" in russian
    assert "<p>Nigerian importers.</p>" in russian  # no Russian text: the English one


def test_one_section_left_keeps_the_notice_and_marks_only_that_section(client):
    about_page(who_runs="The trade ministry runs it.", audience="Importers.", contacts="Write.")
    text = client.get("/about/").text
    assert NOTICE in text and text.count("Not provided yet.") == 1
    assert "The trade ministry runs it." in text


def test_texts_are_escaped_and_split_into_paragraphs(client):
    about_page(who_runs='<script>alert("x")</script> & <b>bold</b>\n\nSecond paragraph.\nSame one.')
    text = client.get("/about/").text
    assert "<script>alert" not in text and "<b>bold</b>" not in text
    assert "&lt;script&gt;" in text and "&amp; &lt;b&gt;bold&lt;/b&gt;" in text
    assert "<p>Second paragraph.<br>Same one.</p>" in text


def test_the_database_keeps_a_single_about_page():
    about_page()
    with pytest.raises(IntegrityError), transaction.atomic():
        AboutPage.objects.create(pk=2)


def test_the_admin_opens_the_one_page_and_neither_adds_nor_deletes(admin_client):
    page = about_page()
    changelist = admin_client.get(reverse("admin:about_aboutpage_changelist"))
    assert changelist.status_code == 302
    assert changelist.url == reverse("admin:about_aboutpage_change", args=[page.pk])
    assert admin_client.get(reverse("admin:about_aboutpage_add")).status_code == 403
    delete = reverse("admin:about_aboutpage_delete", args=[page.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert AboutPage.objects.count() == 1


def test_the_admin_notes_placeholders_left_and_keeps_the_history_of_edits(admin_client):
    page = about_page()
    url = reverse("admin:about_aboutpage_change", args=[page.pk])
    form = admin_client.get(url)
    assert "Still to be written: who runs the catalogue, who runs the catalogue (Russian)" in (
        form.text
    )
    edited = {**SHIPPED, "who_runs": "The trade ministry runs it.", "who_runs_ru": ""}
    assert admin_client.post(url, edited).status_code == 302
    page.refresh_from_db()
    assert page.who_runs == "The trade ministry runs it."
    assert page.placeholders_left() == [
        "audience", "audience_ru", "contacts", "contacts_ru", "data_checks", "data_checks_ru",
    ]  # fmt: skip
    after = admin_client.get(url).text
    assert "who runs the catalogue," not in after.split("Still to be written:")[1].split(".")[0]
    history = admin_client.get(reverse("admin:about_aboutpage_history", args=[page.pk]))
    changed = "Changed Who runs the catalogue and Who runs the catalogue (Russian)."
    assert changed in history.text


def test_the_admin_says_nothing_once_every_section_is_written(admin_client):
    page = about_page(
        **{field: "Written." for field in SHIPPED if not field.endswith("_ru")},
        **{field: "" for field in SHIPPED if field.endswith("_ru")},
    )
    form = admin_client.get(reverse("admin:about_aboutpage_change", args=[page.pk]))
    assert "Still to be written" not in form.text


def test_the_home_page_says_who_runs_the_catalogue(client, hs):
    home = client.get("/").text
    assert "listed by trade officials from the export lists" in home and 'href="/about/"' in home
    page = AboutPage.current()
    page.who_runs = "The Trade Office runs this catalogue.\n\nIt has two parts."
    page.save()
    cache.clear()
    home = client.get("/").text
    assert "The Trade Office runs this catalogue. <a" in home and "two parts" not in home
