from __future__ import annotations

import pytest
from django.core.cache import cache

from catalogue.models import HSCode
from catalogue.nomenclature import load_nomenclature


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_nomenclature()


@pytest.fixture
def hs(db):
    """The HS 2022 nomenclature, loaded again if a transactional test flushed it."""
    if not HSCode.objects.exists():
        load_nomenclature()


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()
