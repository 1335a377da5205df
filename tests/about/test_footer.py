"""The footer of every page: the About page, the privacy notice, and how fresh the data is."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from access.models import ImportRule, RuleSource
from catalogue.models import ProductCategory
from tests.factories import make_category

pytestmark = pytest.mark.django_db


def footer(client, path: str = "/") -> str:
    text = client.get(path).text
    return text[text.index('<footer class="site-footer">') :]


def make_rule(source_date: date, checked_on: date | None = None, **fields) -> ImportRule:
    source, _ = RuleSource.objects.get_or_create(
        key=f"list-{source_date:%Y%m%d}", defaults={"title": "A list", "date": source_date}
    )
    fields = {"hs_from": "151211", "hs_to": "151219", **fields}
    return ImportRule.objects.create(
        kind=ImportRule.Kind.PROHIBITED, item="Oils", source=source, checked_on=checked_on, **fields
    )


def changed_at(category: ProductCategory, day: date) -> None:
    at = timezone.make_aware(datetime(day.year, day.month, day.day, 12))
    ProductCategory.objects.filter(pk=category.pk).update(updated_at=at)


@pytest.mark.parametrize(
    ("path", "about", "privacy"),
    [("/", "/about/", "/privacy/"), ("/ru/", "/ru/about/", "/ru/privacy/")],
)
def test_every_page_links_the_about_page_and_the_privacy_notice(client, path, about, privacy):
    text = footer(client, path)
    assert f'href="{about}"' in text and f'href="{privacy}"' in text


def test_the_catalogue_date_is_the_last_change_to_a_published_category(client, hs):
    changed_at(make_category("Durum wheat"), date(2026, 3, 1))
    changed_at(make_category("Barley", code="100310"), date(2026, 4, 2))
    changed_at(make_category("Vodka", code=None, is_published=False), date(2026, 5, 3))
    assert "Catalogue updated on 2 Apr 2026." in footer(client)


def test_a_catalogue_change_shows_in_the_footer_at_once(client, hs, committed):
    category = make_category()
    changed_at(category, date(2026, 3, 1))
    assert "Catalogue updated on 1 Mar 2026." in footer(client)
    category.name_ru = "Пшеница твёрдая"
    committed(category.save)  # as the admin saves it: the catalogue's version moves
    assert f"Catalogue updated on {timezone.localdate():%-d %b %Y}." in footer(client)


def test_rules_no_official_checked_give_their_source_date_and_say_so(client):
    make_rule(date(2024, 6, 1))
    make_rule(date(2025, 1, 10))
    make_rule(date(2026, 1, 1), is_active=False)
    make_rule(date(2026, 2, 1), hs_from="", hs_to="")  # awaiting a range: applies to nothing
    text = footer(client)
    assert "Import rules: source of 10 Jan 2025, not yet checked by an official." in text
    assert "Import rules checked" not in text


def test_rules_all_checked_give_the_last_check(client):
    make_rule(date(2024, 6, 1), checked_on=date(2026, 3, 4))
    make_rule(date(2024, 6, 1), checked_on=date(2026, 3, 9))
    text = footer(client)
    assert "Import rules checked by an official on 9 Mar 2026." in text
    assert "source of" not in text


def test_rules_partly_checked_say_how_many_are_left_as_in_their_source(client):
    make_rule(date(2025, 1, 10), checked_on=date(2026, 3, 9))
    make_rule(date(2024, 6, 1))
    make_rule(date(2024, 6, 1))
    text = footer(client)
    assert (
        "Import rules last checked by an official on 9 Mar 2026; 2 rules not yet checked, "
        "as in their source of 1 Jun 2024."
    ) in text


def test_the_russian_footer_is_russian(client):
    make_rule(date(2025, 1, 10))
    text = footer(client, "/ru/")
    assert "О каталоге" in text and "Правила ввоза: источник от 10" in text
    for english in ("About this catalogue", "Import rules", "Catalogue updated", "Privacy"):
        assert english not in text


def test_the_footer_costs_no_query_once_its_dates_are_cached(client, django_assert_num_queries):
    make_rule(date(2025, 1, 10))
    client.get("/about/")
    with django_assert_num_queries(1):  # the About page's own text
        response = client.get("/about/")
    assert "Import rules: source of 10 Jan 2025" in response.text


def test_admin_pages_do_not_look_the_footer_dates_up(admin_client):
    make_rule(date(2025, 1, 10))
    with CaptureQueriesContext(connection) as queries:
        assert admin_client.get(reverse("admin:index")).status_code == 200
    # The admin's home lists products under the rules, but never asks when they were checked.
    assert not any(
        "access_importrule" in query["sql"] and "MAX(" in query["sql"].upper()
        for query in queries.captured_queries
    )


@pytest.mark.parametrize(
    ("path", "updated", "checked"),
    [
        ("/ru/", "Каталог обновлён 2 апреля 2026 г. ", "от 1 июня 2024 г. </p>"),
        ("/kk/", "Каталог 2026 жылғы 2 сәуір күні жаңартылды.", "9 наурыз күні тексерді;"),
    ],
)
def test_a_date_that_ends_a_sentence_takes_one_full_stop(client, hs, path, updated, checked):
    changed_at(make_category("Durum wheat"), date(2026, 4, 2))
    make_rule(date(2025, 1, 10), checked_on=date(2026, 3, 9))
    make_rule(date(2024, 6, 1))
    text = " ".join(footer(client, path).split())
    assert updated in text and checked in text
    assert ".." not in text
