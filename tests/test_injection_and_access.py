"""Hostile text comes out escaped everywhere; nobody reaches what is not theirs."""

import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from catalogue.importing.service import import_catalogue_file
from catalogue.models import Exporter, ProductCategory
from matching.models import Interest
from tests.jobs.flow import exported
from tests.matching.helpers import confirm_post, interest_post, link_in
from tests.spreadsheets import ministry_rows, xlsx

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert('x')</script>"
SQL = "'; DROP TABLE catalogue_productcategory; --"
ODD = "Ｚ̸̢̛a̶l̷g̴o̷ \u202eevil\u202c 🛢️ " + "ł" * 250


@pytest.fixture
def hostile_catalogue(hs):
    rows = ministry_rows(
        [1, SQL, SCRIPT, "1512190000", '=HYPERLINK("http://evil.example")', "", "", ""],
        [2, "Масло", ODD, "1512110000", SCRIPT + " LLP", "", "", ""],
        [3, "Без кода", SCRIPT + " seeds", "", "", "", "", ""],  # awaits HS review
    )
    report = import_catalogue_file(data=xlsx(("Лист1", rows)), file_name="hostile.xlsx")
    assert report.written, report.errors
    return ProductCategory.objects.get(name=SCRIPT)


def test_hostile_names_are_escaped_in_public_pages(client, hostile_catalogue):
    for url in [
        hostile_catalogue.get_absolute_url(),
        reverse("catalogue:home") + "?q=1512",
        Exporter.objects.get(name=SCRIPT + " LLP").get_absolute_url(),
        reverse("catalogue:hs-code", args=["1512"]),
    ]:
        text = client.get(url).text
        assert "<script>alert" not in text, url
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text, url
    assert ProductCategory.objects.count() == 3  # the SQL fragment was only ever text


def test_hostile_names_are_escaped_in_the_admin(admin_client, hostile_catalogue):
    for url in [
        reverse("admin:catalogue_productcategory_changelist"),
        reverse("admin:catalogue_productcategory_change", args=[hostile_catalogue.pk]),
        reverse("admin:catalogue_exporter_changelist"),
        reverse("admin:catalogue_productcategory_review"),
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert "<script>alert" not in response.text, url
        assert "&lt;script&gt;alert" in response.text, url


def test_hostile_interest_notes_are_escaped_and_formula_safe(admin_client, client, hs, committed):
    line = {
        "product": SCRIPT,
        "notes": '=HYPERLINK("http://evil.example")' + SCRIPT,
        "timeframe": ODD[:100],
    }
    post = interest_post(line, company_name=SCRIPT, contact_name="@SUM(1)")
    committed(client.post, "/interest/", post)
    committed(confirm_post, client, link_in(mail.outbox[0], "confirm"))
    interest = Interest.objects.get()
    status_page = client.get(link_in(mail.outbox[1], "status")).text
    assert "<script>alert" not in status_page and "&lt;script&gt;" in status_page
    admin_page = admin_client.get(
        reverse("admin:matching_interest_change", args=[interest.pk])
    ).text
    assert "<script>alert" not in admin_page
    _, response = exported(admin_client, reverse("admin:matching_interest_export"))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert any(c.value == "@SUM(1)" and c.quotePrefix for c in cells)


STAFF_PAGES = [
    "admin:catalogue_import",
    "admin:catalogue_productcategory_review",
    "admin:catalogue_productcategory_export",
    "admin:matching_interest_export",
    "admin:matching_interest_dashboard",
]


@pytest.mark.parametrize("name", ["admin:index", *STAFF_PAGES])
def test_anonymous_and_non_staff_users_cannot_reach_staff_pages(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/admin/login/" in response.url
    client.force_login(User.objects.create_user("buyer"))  # an account without staff rights
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_the_admin_index_lists_the_tasks_a_user_may_do(admin_client, client):
    page = admin_client.get(reverse("admin:index")).text
    for name in STAFF_PAGES:
        assert f'href="{reverse(name)}"' in page, name
    clerk = User.objects.create_user("clerk", is_staff=True)
    client.force_login(clerk)
    assert 'id="tasks"' not in client.get(reverse("admin:index")).text


def test_staff_without_permissions_are_refused(client):
    clerk = User.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(clerk)
    for name in STAFF_PAGES:
        assert client.get(reverse(name)).status_code == 403, name


def test_a_status_page_needs_its_own_signed_link(client, hs, committed):
    for n, product in enumerate(["urea", "cement"]):
        post = interest_post({"product": product}, email=f"buyer{n}@lagos.ng")
        committed(client.post, "/interest/", post)
        committed(confirm_post, client, link_in(mail.outbox[-1], "confirm"))
    first, second = Interest.objects.order_by("pk")
    first_status, second_status = (
        link_in(mail.outbox[1], "status"),
        link_in(mail.outbox[3], "status"),
    )
    page = client.get(first_status)
    assert page.status_code == 200 and "urea" in page.text and "cement" not in page.text
    assert "cement" in client.get(second_status).text
    token = first_status.split("/")[-2]
    confirm_token = link_in(mail.outbox[0], "confirm").split("/")[-2]
    for guess in [f"/interest/status/{first.pk}/", f"/interest/status/{first.reference}/",
                  first_status.replace(token, token[:-6] + "AAAAAA"),
                  f"/interest/status/{confirm_token}/"]:  # fmt: skip
        assert client.get(guess).status_code in (400, 404), guess
        withdraw = client.post(guess + "withdraw/")
        assert withdraw.status_code in (400, 404), guess
    first.refresh_from_db()
    assert first.status == Interest.Status.CONFIRMED


@pytest.mark.parametrize("path", ["//evil.example/", "//evil.example/ru/x", "/\\evil.example/"])
def test_the_language_switcher_links_only_to_this_site(client, path):
    response = client.get(path)
    links = re.findall(r'href="([^"]*)"[^>]*hreflang', response.text)
    links += re.findall(r'hreflang="[^"]*" href="([^"]*)"', response.text)
    assert links, "the page shows a language switcher"
    for link in links:
        assert link.startswith("/") and not link.startswith(("//", "/\\")), link
    assert "evil.example/ru" not in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/interest/?product=%00",
        "/ru/interest/?product=x%00",
        "/?q=oil%00",
        "/admin/matching/match/?status__exact=%00",
        "/admin/matching/interest/export/?buyer__state__exact=%00",
        "/admin/autocomplete/?app_label=matching&model_name=interestline&field_name=category&term=%00",
        "/api/categories/?q=%00",
    ],
)
def test_a_nul_in_any_parameter_is_a_bad_request_on_every_database(admin_client, hs, path):
    assert admin_client.get(path).status_code == 400


@pytest.mark.parametrize("selected", ["abc", "", "1.5", "1e3", "9" * 30])
def test_an_admin_selection_that_is_not_ids_is_a_bad_request(admin_client, selected):
    response = admin_client.post(
        reverse("admin:matching_interest_changelist"),
        {"action": "export_selected", "_selected_action": [selected]},
    )
    assert response.status_code == 400


# Lookups the admin's lists do not offer: each failed, with a 500, in some list before.
UNOFFERED = [
    "created_at__year=99999", "title__contains=x", "reasons__contains=x", "params__a=1",
    "name__regex=(a%2B)%2B$", "id__gte=x", "token=x", "owner__password__startswith=p",
    # On fields the lists do filter by, lookups their filters never send.
    "state__regex=(", "status__regex=(", "region__regex=(", "codes__status__regex=(",
    "created_at__iso_year=99999", "created_at__year__gt=99999", "erased_at__year=99999",
    "agreed_at__year=99999",
]  # fmt: skip


def test_every_admin_list_answers_lookups_it_does_not_offer_without_an_error(client, hs):
    from django.contrib import admin

    from staff.admin_lookups import ListedLookupsOnly

    client.force_login(User.objects.create_superuser("chief", "chief@trade.kz", "pw"))
    for model, model_admin in admin.site._registry.items():
        listing = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        # The project's lists refuse them; Django's own (users, groups) answer them safely.
        refused = (302, 400) if isinstance(model_admin, ListedLookupsOnly) else (200, 302, 400)
        for query in UNOFFERED:
            answer = client.get(f"{listing}?{query}")
            assert answer.status_code in refused, (listing, query, answer.status_code)
        assert client.get(listing).status_code in (200, 302)  # the about page: its one page
