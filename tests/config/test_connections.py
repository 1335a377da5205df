"""A process keeps its database connection from one request to the next."""

from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db.backends.signals import connection_created

from config.databases import database_settings


@pytest.mark.parametrize("url", ["sqlite:///var/db.sqlite3", "postgres://kz@db.internal/catalogue"])
def test_both_engines_keep_connections_checked_before_reuse(url, tmp_path):
    config = database_settings(url, base_dir=tmp_path)
    assert config["CONN_MAX_AGE"] > 0
    assert config["CONN_HEALTH_CHECKS"] is True


def served(handler: WSGIHandler, path: str) -> str:
    """A request through the WSGI handler as a server runs it: unlike the test client's,
    its end closes the connections that are too old."""
    environ = {"PATH_INFO": path, "HTTP_HOST": "testserver"}
    setup_testing_defaults(environ)
    status = []
    body = handler(environ, lambda s, headers: status.append(s))
    b"".join(body)
    body.close()
    return status[0]


@pytest.mark.django_db(transaction=True)
def test_requests_reuse_one_connection():
    handler = WSGIHandler()
    opened = []

    def count(sender, connection, **kwargs):
        opened.append(connection.alias)

    connection_created.connect(count)
    try:
        for _ in range(3):
            assert served(handler, "/healthz").startswith("200")
            assert served(handler, "/about/").startswith("200")
    finally:
        connection_created.disconnect(count)
    # Opened at most once (the test's own may still be open), so the PRAGMAs ran once.
    assert opened.count("default") <= 1


@pytest.mark.django_db
def test_postgresql_compiles_no_query():
    """A bulk import's unanalysed rows make estimates high enough for JIT compiling, which
    cost seconds on queries of milliseconds."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no JIT")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
