"""What an official verified of an exporter: stamped in the admin, checked by the database."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Certification, Exporter
from tests.factories import make_exporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def halal():
    return Certification.objects.create(code="halal", name="Halal")


@pytest.fixture
def iso():
    return Certification.objects.create(code="iso-9001", name="ISO 9001")


def change_url(exporter: Exporter) -> str:
    return reverse("admin:catalogue_exporter_change", args=[exporter.pk])


def post_exporter(admin_client, exporter: Exporter, **changes):
    """Post the exporter's admin form as it stands, with these fields changed."""
    form = admin_client.get(change_url(exporter)).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name in ("certifications", "certificates_seen"):
            value = [getattr(c, "pk", c) for c in value or []]
        elif isinstance(value, bool):
            value = "on" if value else ""
        data[name] = "" if value is None else value
    data.update({"offers-TOTAL_FORMS": 0, "offers-INITIAL_FORMS": 0})
    for name, value in changes.items():
        if isinstance(value, bool):
            value = "on" if value else ""
        data[name] = value
    return admin_client.post(change_url(exporter), {k: v for k, v in data.items() if v != ""})


def test_ticking_bin_checked_stamps_the_official_and_today(admin_client, admin_user):
    exporter = make_exporter(bin="123456789012")
    response = post_exporter(admin_client, exporter, bin_checked=True)
    assert response.status_code == 302
    exporter.refresh_from_db()
    assert exporter.bin_checked
    assert (exporter.bin_checked_on, exporter.bin_checked_by) == (timezone.localdate(), admin_user)
    assert not exporter.is_verified and exporter.verified_on is None


def test_unticking_a_check_clears_who_and_when(admin_client):
    exporter = make_exporter(bin="123456789012")
    post_exporter(admin_client, exporter, bin_checked=True, is_verified=True)
    exporter.refresh_from_db()
    assert exporter.is_verified and exporter.verified_on == timezone.localdate()
    response = post_exporter(admin_client, exporter, bin_checked=False, is_verified=False)
    assert response.status_code == 302
    exporter.refresh_from_db()
    assert (exporter.bin_checked_on, exporter.bin_checked_by) == (None, None)
    assert (exporter.verified_on, exporter.verified_by) == (None, None)


def test_saving_other_changes_keeps_the_date_of_the_check(admin_client, admin_user):
    first_day = date(2026, 1, 5)
    exporter = make_exporter(
        bin="123456789012",
        is_verified=True,
        verified_on=first_day,
        verified_by=admin_user,
        bin_checked=True,
        bin_checked_on=first_day,
        bin_checked_by=admin_user,
    )
    assert post_exporter(admin_client, exporter, website="https://grain.kz").status_code == 302
    exporter.refresh_from_db()
    assert exporter.website == "https://grain.kz"
    assert exporter.verified_on == first_day and exporter.bin_checked_on == first_day


def test_a_new_bin_saved_under_a_ticked_box_is_stamped_anew(admin_client, admin_user):
    exporter = make_exporter(bin="123456789012", bin_checked=True, bin_checked_on=date(2026, 1, 5))
    post_exporter(admin_client, exporter, bin="210987654321")
    exporter.refresh_from_db()
    assert (exporter.bin_checked_on, exporter.bin_checked_by) == (timezone.localdate(), admin_user)


def test_certificates_seen_must_be_among_those_the_exporter_holds(admin_client, halal, iso):
    exporter = make_exporter()
    exporter.certifications.set([halal])
    response = post_exporter(admin_client, exporter, certificates_seen=[halal.pk, iso.pk])
    assert response.status_code == 200
    assert "it does not hold: ISO 9001." in response.text
    assert not exporter.certificates_seen.exists()
    assert post_exporter(admin_client, exporter, certificates_seen=[halal.pk]).status_code == 302
    assert list(exporter.certificates_seen.all()) == [halal]


def test_a_bin_cannot_be_checked_before_it_is_given(admin_client):
    exporter = make_exporter()
    response = post_exporter(admin_client, exporter, bin_checked=True)
    assert response.status_code == 200
    assert "Give the BIN before you mark it as checked." in response.text
    exporter.refresh_from_db()
    assert not exporter.bin_checked


@pytest.mark.parametrize(
    "fields",
    [
        {"bin": "123456789012", "bin_checked": True},  # checked, but no date
        {"bin": "123456789012", "bin_checked_on": date(2026, 1, 5)},  # a date, no check
        {"bin_checked": True, "bin_checked_on": date(2026, 1, 5)},  # no BIN to check
        {"is_verified": True},
        {"verified_on": date(2026, 1, 5)},
    ],
)
def test_the_database_refuses_a_check_without_its_date_or_a_date_without_it(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_exporter(**fields)


def test_the_list_shows_and_filters_verified_exporters(admin_client, admin_user):
    verified = make_exporter(
        "Verified Mill LLP", is_verified=True, verified_on=date(2026, 1, 5), verified_by=admin_user
    )
    make_exporter("Declared Mill LLP")
    changelist = reverse("admin:catalogue_exporter_changelist")
    response = admin_client.get(changelist, {"is_verified__exact": "1"})
    assert list(response.context["cl"].result_list) == [verified]
    assert "column-is_verified" in response.text and "column-bin_checked" in response.text


def test_the_form_groups_the_checks_under_verification(admin_client):
    response = admin_client.get(change_url(make_exporter()))
    fieldsets = {fieldset.name: fieldset for fieldset in response.context["adminform"]}
    assert "Verification" in fieldsets
    assert set(response.context["adminform"].readonly_fields) >= {"bin_checked_on", "verified_by"}
