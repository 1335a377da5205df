from __future__ import annotations

import io
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.test.utils import override_settings
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

IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"
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


def _jobs_settings(folder: Path) -> dict:
    """Jobs run at once, inside the request that queues them, as if a worker took them that
    moment; their files and progress kept in a folder of the tests'. The queue itself, with
    real workers, is tested in tests/jobs."""
    return {
        "TASKS": {"default": {"BACKEND": IMMEDIATE, "QUEUES": ["default"]}},
        "STORAGES": {
            **django_settings.STORAGES,
            "files": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(folder / "files")},
            },
        },
        "CACHES": {
            **django_settings.CACHES,
            "jobs": {
                **django_settings.CACHES["jobs"],
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(folder / "progress"),
            },
        },
    }


@pytest.fixture(scope="session", autouse=True)
def _jobs_at_once_for_the_session(tmp_path_factory):
    """For what module and session fixtures write (an imported demo catalogue)."""
    with override_settings(**_jobs_settings(tmp_path_factory.mktemp("jobs"))):
        yield


@pytest.fixture(autouse=True)
def _jobs_at_once(settings, tmp_path):
    """Each test's jobs keep their files in the test's own folder."""
    for name, value in _jobs_settings(tmp_path).items():
        setattr(settings, name, value)


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
