"""/healthz, for load balancers: 200 when the database answers and has this code's schema:
its migrations applied and its models' tables there."""

from __future__ import annotations

import time
from functools import cache

from django.apps import apps
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

# A load balancer asks every few seconds; once the schema is found current, trust
# that for this long rather than read django_migrations and the table names on every
# request. A schema found wrong is not remembered, so a fixed one answers 200 at once.
SCHEMA_TRUSTED_SECONDS = 30.0
_schema_trusted_until = 0.0  # time.monotonic(), per process


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        problem = _recent_schema_problem()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    if problem:
        return JsonResponse({"status": "error", **problem}, status=503)
    return JsonResponse({"status": "ok"})


@cache
def latest_migrations() -> frozenset[tuple[str, str]]:
    """The newest migration of each app, from the code on disk: read once per process."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())


@cache
def installed_tables() -> frozenset[str]:
    """The tables of the installed models, from the code: read once per process."""
    models = apps.get_models(include_auto_created=True)
    return frozenset(m._meta.db_table for m in models if m._meta.managed and not m._meta.proxy)


def schema_problem() -> dict[str, object] | None:
    """What is wrong with the database's schema: its migration records, and whether a
    table the records promise is gone (dropped by hand, a restore gone wrong)."""
    tables = set(connection.introspection.table_names())  # one query
    recorder = MigrationRecorder(connection)
    # Read the records directly: applied_migrations() would list the tables again.
    has_records = recorder.Migration._meta.db_table in tables
    applied = set(recorder.migration_qs.values_list("app", "name")) if has_records else set()
    if not applied:
        return {"schema": "missing"}
    unapplied = sorted(latest_migrations() - applied)
    if unapplied:
        return {"schema": "behind", "unapplied": [".".join(key) for key in unapplied]}
    missing = sorted(installed_tables() - tables)
    if missing:
        return {"schema": "missing tables", "tables": missing}
    return None


def _recent_schema_problem() -> dict[str, object] | None:
    global _schema_trusted_until
    if time.monotonic() < _schema_trusted_until:
        return None
    problem = schema_problem()
    if problem is None:
        _schema_trusted_until = time.monotonic() + SCHEMA_TRUSTED_SECONDS
    return problem
