"""/healthz: 200 when the database answers and has this code's schema, checked cheaply."""

import pytest
from django.db import DatabaseError, connection
from django.db.migrations.recorder import MigrationRecorder

from config import health

pytestmark = pytest.mark.django_db  # each test's changes to the schema roll back after it


@pytest.fixture(autouse=True)
def schema_not_yet_trusted(monkeypatch):
    """Each test starts as a new process would, before any schema was found current."""
    monkeypatch.setattr(health, "_schema_trusted_until", 0.0)


def latest_migration() -> tuple[str, str]:
    return min(health.latest_migrations())  # any app's newest will do


def test_health_check_answers_and_reports_a_dead_database(client, monkeypatch):
    assert client.get("/healthz").json() == {"status": "ok"}

    def broken(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "unreachable"


@pytest.mark.parametrize(
    "statement",
    [
        # as in a database never migrated
        "ALTER TABLE django_migrations RENAME TO django_migrations_aside",
        "DELETE FROM django_migrations",
    ],
    ids=["no-history-table", "empty-history"],
)
def test_health_check_reports_a_database_without_the_schema(client, statement):
    with connection.cursor() as cursor:
        cursor.execute(statement)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "schema": "missing"}


def test_health_check_reports_a_schema_behind_the_code_until_it_is_migrated(client):
    recorder = MigrationRecorder(connection)
    app, name = latest_migration()
    recorder.record_unapplied(app, name)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "schema": "behind",
        "unapplied": [f"{app}.{name}"],
    }
    recorder.record_applied(app, name)
    assert client.get("/healthz").status_code == 200  # a schema found behind is not remembered


def test_health_check_reads_the_schema_once_in_a_while_not_on_every_request(
    client, django_assert_num_queries, monkeypatch
):
    assert client.get("/healthz").status_code == 200

    def no_loader(*args, **kwargs):
        raise AssertionError("the migration graph is read once per process, not per request")

    monkeypatch.setattr(health, "MigrationLoader", no_loader)
    MigrationRecorder(connection).record_unapplied(*latest_migration())
    with django_assert_num_queries(1):  # only SELECT 1 while the schema is trusted
        assert client.get("/healthz").status_code == 200
    monkeypatch.setattr(health, "_schema_trusted_until", 0.0)  # as when the 30 s are up
    assert client.get("/healthz").json()["schema"] == "behind"


def drop_table(name: str) -> None:
    """Drop a table as someone at a database prompt might, its foreign keys with it."""
    cascade = " CASCADE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {name}{cascade}")


def test_health_check_names_a_table_dropped_behind_the_migration_records(client):
    drop_table("matching_interestline")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "schema": "missing tables",
        "tables": ["matching_interestline"],
    }


def test_health_check_finds_a_dropped_table_in_three_queries_once_trust_runs_out(
    client, django_assert_num_queries, monkeypatch
):
    with django_assert_num_queries(3):  # SELECT 1, the table names, django_migrations
        assert client.get("/healthz").status_code == 200
    drop_table("matching_interestline")
    assert client.get("/healthz").status_code == 200  # trusted for a while, as promised
    monkeypatch.setattr(health, "_schema_trusted_until", 0.0)  # as when the 30 s are up
    assert client.get("/healthz").json()["tables"] == ["matching_interestline"]
