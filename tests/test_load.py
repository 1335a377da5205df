"""gunicorn with several workers, many buyers at once: no 5xx, each submission saved once.

A smaller run of bench/load.py, against the test database (SQLite or PostgreSQL);
a rate limit is shown to hold across the workers, through Redis or the database.
"""

import os
import secrets
from urllib.parse import quote

import pytest
from django.db import connection

from bench.load import (
    gunicorn,
    mixed,
    saved_once,
    server_env,
    submissions,
    wait_clear_of_the_hour,
)
from tests.factories import make_category, make_exporter, make_offer

pytestmark = pytest.mark.django_db(transaction=True)


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"], safe="") + (
        f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    )
    host = quote(db["HOST"], safe="")  # a socket folder is percent-encoded
    return f"postgres://{user}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def wheat(hs):
    category = make_category(name="Durum wheat", code="100119", slug="durum-wheat")
    make_offer(exporter=make_exporter(name="Kostanay Grain LLP"), category=category)


def test_many_buyers_at_once_are_each_saved_once_beside_searches(wheat):
    env = server_env(database_url(), os.environ.get("REDIS_URL"), INTEREST_MIN_FILL_SECONDS="0",
                     INTEREST_LIMIT_PER_IP_HOUR="100000")  # fmt: skip
    tag = secrets.token_hex(3)
    with gunicorn(env, workers=3) as port:
        posted, found = mixed(port, tag, 40, 300)
    assert [r.status for r in found + posted if r.status >= 500] == []
    assert {r.status for r in found} == {200}
    assert all(r.status == 302 and "/interest/sent/" in r.location for r in posted)
    assert saved_once(tag, 40) == []


def test_a_rate_limit_holds_across_workers(wheat):
    """Through Redis when REDIS_URL is set, else through the database: never per process."""
    env = server_env(database_url(), os.environ.get("REDIS_URL"), INTEREST_MIN_FILL_SECONDS="0",
                     INTEREST_LIMIT_PER_IP_HOUR="25")  # fmt: skip
    with gunicorn(env, workers=3) as port:
        wait_clear_of_the_hour()
        replies = submissions(port, secrets.token_hex(3), 60)
    assert sorted(r.status for r in replies) == [302] * 25 + [429] * 35
