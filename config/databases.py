"""Turn DATABASE_URL into Django's DATABASES entry."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

SUPPORTED_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")

# A process keeps its connection between requests, checked before each one is reused, so
# the PRAGMAs below run once per connection, not once per request.
CONNECTION_AGE_SECONDS = 60

# WAL lets readers go on while one writer writes; IMMEDIATE takes the write
# lock when a transaction starts, so a second writer waits (up to the busy
# timeout) instead of failing half-way with "database is locked".
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=20000;"
        "PRAGMA cache_size=-32768;"
    ),
}

# PostgreSQL's JIT compiles a query whose estimated cost is high, as the estimates over a
# bulk import's rows, written a moment ago and not analysed yet, often are. The app's
# queries are short: none gains from compiling, and compiling costs milliseconds each.
POSTGRES_OPTIONS = {"options": "-c jit=off"}


def database_settings(url: str, *, base_dir: Path) -> dict:
    config = dj_database_url.parse(
        url, conn_max_age=CONNECTION_AGE_SECONDS, conn_health_checks=True
    )
    if config["ENGINE"] == "django.db.backends.sqlite3" and config["NAME"] != ":memory:":
        name = Path(config["NAME"]) if config["NAME"] else base_dir / "var" / "db.sqlite3"
        if not name.is_absolute():
            name = base_dir / name
        name.parent.mkdir(parents=True, exist_ok=True)
        config["NAME"] = str(name)
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
        # Tests run on a real file, not an in-memory database, so WAL and
        # concurrent writers behave as they do in production.
        config["TEST"] = {"NAME": str(name.with_name(f"test_{name.name}"))}
    if config["ENGINE"] == "django.db.backends.postgresql":
        config["OPTIONS"] = {**POSTGRES_OPTIONS, **config.get("OPTIONS", {})}
    return config
