from __future__ import annotations

import io
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from catalogue.models import (
    Certification,
    Exporter,
    HSCode,
    ImportBatch,
    ProductCategory,
    Sector,
)
from catalogue.nomenclature import load_nomenclature

DEMO = Path(__file__).resolve().parent.parent / "catalogue" / "data" / "demo-catalogue.xlsx"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_nomenclature()


def _restore_what_migrations_seed() -> None:
    """The HS 2022 nomenclature and the seeded sectors, loaded again if a transactional
    test flushed them."""
    if not HSCode.objects.exists():
        load_nomenclature()
    if not Sector.objects.exists():
        import_module("catalogue.migrations.0012_sectors").seed_sectors(apps, None)
        import_module("catalogue.migrations.0018_translated_content").name_shipped(apps, None)


@pytest.fixture
def hs(db):
    """The HS 2022 nomenclature and the seeded sectors, as migrations left them."""
    _restore_what_migrations_seed()


@pytest.fixture(autouse=True)
def _fresh_cache_and_english():
    """Each test starts with an empty cache and English active, as a new request would."""
    cache.clear()
    translation.activate("en")
    yield
    translation.deactivate()
    cache.clear()


@pytest.fixture(scope="module")
def demo_catalogue(django_db_setup, django_db_blocker):
    """The demo catalogue, imported once for a test module and removed after it."""
    with django_db_blocker.unblock():
        _restore_what_migrations_seed()
        call_command("import_catalogue", str(DEMO), stdout=io.StringIO())
        yield
        ProductCategory.objects.all().delete()
        Exporter.objects.all().delete()
        Certification.objects.all().delete()
        ImportBatch.objects.all().delete()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Call a function as if its transaction committed, so on-commit work (e-mails) runs."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run
