"""Public pages say which exporter facts an official verified and which are only declared."""

from datetime import date

import pytest
from django.utils import translation

from catalogue.models import Certification, Exporter
from tests.factories import make_category, make_exporter, make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(django_user_model):
    return django_user_model.objects.create_user("a.official", password="x", is_staff=True)


def certified(exporter: Exporter, *, held: list[str], seen: list[str]) -> Exporter:
    certificates = {
        name: Certification.objects.get_or_create(code=name.lower().replace(" ", "-"), name=name)[0]
        for name in held
    }
    exporter.certifications.set(certificates.values())
    exporter.certificates_seen.set(certificates[name] for name in seen)
    return exporter


def page(client, exporter: Exporter, language: str = "en") -> str:
    with translation.override(language):
        url = exporter.get_absolute_url()
    return client.get(url).text


def test_checked_facts_give_their_date_and_the_rest_says_declared(client, official):
    exporter = make_exporter(
        bin="123456789012", bin_checked=True, bin_checked_on=date(2026, 2, 3),
        bin_checked_by=official,
    )  # fmt: skip
    certified(exporter, held=["Halal", "ISO 9001", "EAC"], seen=["Halal", "ISO 9001"])
    text = page(client, exporter)
    assert "Registration number (BIN) checked by an official on 3 Feb 2026." in text
    assert "Certificates seen by an official: Halal, ISO 9001." in text
    assert "Declared by the exporter, not checked: EAC." in text
    assert "a.official" not in text  # the date, never the person


def test_unchecked_facts_say_they_are_as_declared(client):
    exporter = certified(make_exporter(bin="123456789012"), held=["Halal"], seen=[])
    text = page(client, exporter)
    assert "checked by an official" not in text and "seen by an official" not in text
    assert text.count("Declared by the exporter, not checked.") == 2  # the BIN, the certificate


def test_a_certificate_seen_but_no_longer_held_is_not_claimed(client):
    exporter = certified(make_exporter(), held=["Halal", "EAC"], seen=["Halal"])
    exporter.certifications.remove(Certification.objects.get(code="halal"))  # as an import may
    text = page(client, exporter)
    assert "Halal" not in text


def test_russian_page_says_the_same_in_russian(client, official):
    exporter = make_exporter(
        bin="123456789012", bin_checked=True, bin_checked_on=date(2026, 2, 3),
        is_verified=True, verified_on=date(2026, 2, 4), verified_by=official,
    )  # fmt: skip
    certified(exporter, held=["Halal", "EAC"], seen=["Halal"])
    text = page(client, exporter, "ru")
    assert "Регистрационный номер (БИН) проверен торговым представителем" in text
    # Certificates with only an English name are marked as English.
    assert (
        'Сертификаты, которые видел торговый представитель: <span lang="en">Halal</span>.' in text
    )
    assert 'Заявлено экспортёром, не проверено: <span lang="en">EAC</span>.' in text
    assert ">Проверен</span>" in text
    for english in ("Verified", "Declared by the exporter", "checked by an official"):
        assert english not in text


def test_the_verified_badge_shows_only_for_an_exporter_an_official_verified(client, official):
    category = make_category()
    verified = make_exporter(
        "Verified Mill LLP", is_verified=True, verified_on=date(2026, 2, 4), verified_by=official
    )
    declared = make_exporter("Declared Mill LLP", bin="123456789012")
    for exporter in (verified, declared):
        make_offer(exporter, category)
    badge = '<span class="badge verified"'
    assert badge in page(client, verified)
    assert "A trade official verified this exporter on 4 Feb 2026." in page(client, verified)
    assert badge not in page(client, declared)
    rows = client.get(category.get_absolute_url()).text.split("<tr>")
    assert badge in next(row for row in rows if "Verified Mill LLP" in row)
    assert badge not in next(row for row in rows if "Declared Mill LLP" in row)


def test_the_demo_catalogue_marks_nothing_as_checked(demo_catalogue, db):
    exporters = Exporter.objects.all()
    assert exporters.exists()
    assert not exporters.filter(is_verified=True).exists()
    assert not exporters.filter(bin_checked=True).exists()
    assert not Exporter.certificates_seen.through.objects.exists()
