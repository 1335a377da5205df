"""/healthz, for load balancers: 200 when the database answers and has this code's schema."""

from __future__ import annotations

import time
from functools import cache

from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

# A load balancer asks every few seconds; once the schema is found current, trust
# that for this long rather than read django_migrations on every request. A schema
# found missing or behind is not remembered, so a fixed one answers 200 at once.
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


def schema_problem() -> dict[str, object] | None:
    """What is wrong with the database's schema, judged by django_migrations alone."""
    applied = MigrationRecorder(connection).applied_migrations().keys()  # none without the table
    if not applied:
        return {"schema": "missing"}
    unapplied = sorted(latest_migrations() - applied)
    if unapplied:
        return {"schema": "behind", "unapplied": [".".join(key) for key in unapplied]}
    return None


def _recent_schema_problem() -> dict[str, object] | None:
    global _schema_trusted_until
    if time.monotonic() < _schema_trusted_until:
        return None
    problem = schema_problem()
    if problem is None:
        _schema_trusted_until = time.monotonic() + SCHEMA_TRUSTED_SECONDS
    return problem
