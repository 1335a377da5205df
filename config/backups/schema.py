"""Whether a backup's schema is the one its migrations make, judged before restoring it.

Its migration records are not enough: a backup of empty look-alike tables with the
right records once restored "successfully" and broke every page. So every table the
migrations' models make must be there with every column, and nothing may be there
that they do not make: no other tables, nothing outside PostgreSQL's public schema
(a restore only replaces that one), and no code (triggers, functions, views...). A
backup is data, not code; the only code it may hold is what our migrations create by
hand, statement for statement.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from config.backups.contents import BackupContents, BackupError, MigrationKey, collapse_spaces

# Migrations that make or drop objects by hand beside their models' tables, in the order
# they run, and the names of their statement lists for each database: catalogue's
# full-text index (FTS5 tables and the triggers that keep them in step on SQLite; pg_trgm
# on PostgreSQL), then the insert trigger dropped for a statement a reindex. The
# statements are read from the migrations themselves, so each is written once.
HAND_MADE = {
    ("catalogue", "0004_full_text_index"): {"sqlite": "SQLITE", "postgresql": "POSTGRES"},
    ("catalogue", "0020_search_index_in_bulk"): {"sqlite": "SQLITE"},
}
HAND_MADE_OBJECT = re.compile(r"CREATE (?P<kind>TRIGGER|VIEW|VIRTUAL TABLE) (?P<name>\w+)", re.I)
HAND_DROPPED_OBJECT = re.compile(
    r"DROP (?P<kind>TRIGGER|VIEW|TABLE) (?:IF EXISTS )?(?P<name>\w+)", re.I
)
HAND_MADE_EXTENSION = re.compile(r"CREATE EXTENSION IF NOT EXISTS (?P<name>\w+)", re.I)
# FTS5 keeps its index in tables of its own, named after its virtual table.
FTS5_TABLE = re.compile(r"CREATE VIRTUAL TABLE (?P<name>\w+) USING fts5\(", re.I)
FTS5_SHADOWS = ("data", "idx", "content", "docsize", "config")
SQLITE_OWN_TABLES = "sqlite_"  # sqlite_sequence, sqlite_stat1...: reserved, made by SQLite


@dataclass(frozen=True)
class Schema:
    """What migrations make, at one state of their history."""

    columns: Mapping[str, frozenset[str]]  # each model's table and its columns
    tables: frozenset[str]  # every table they make, their models' and others
    objects: Mapping[str, str]  # made by hand, named with their SQL as BackupContents has them


def schema_made_by(done: set[MigrationKey], loader: MigrationLoader, vendor: str) -> Schema:
    columns = _model_columns(done, loader)
    statements = [collapse_spaces(s) for s in _hand_made_statements(done, loader, vendor)]
    shadows = {
        f"{fts5['name']}_{shadow}"
        for fts5 in map(FTS5_TABLE.match, statements)
        if fts5
        for shadow in FTS5_SHADOWS
    }
    tables = {*columns, *shadows, MigrationRecorder.Migration._meta.db_table}
    return Schema(columns, frozenset(tables), _hand_made_objects(statements))


def check_schema(path: Path, contents: BackupContents, schema: Schema) -> None:
    """Refuse a backup whose schema is not what its migrations make."""
    missing = sorted(schema.columns.keys() - contents.tables)
    if missing:
        raise BackupError(
            f"{path}: not a whole backup of this app: its migrations create tables it lacks "
            f"({', '.join(missing)})"
        )
    _check_columns(path, contents, schema)
    if contents.outside_public:
        raise BackupError(
            f"{path}: not a backup of this app: it holds objects outside the public schema "
            f"({_some(sorted(contents.outside_public))}), which a restore would leave behind"
        )
    _check_objects(path, contents, schema)
    extra = sorted(
        table
        for table in contents.tables - schema.tables
        if not table.startswith(SQLITE_OWN_TABLES)
    )
    if extra:
        raise BackupError(
            f"{path}: not a backup of this app, or of another version: it holds tables its "
            f"migrations do not create ({_some(extra)})"
        )


def _check_columns(path: Path, contents: BackupContents, schema: Schema) -> None:
    lacking = {
        table: sorted(columns - contents.columns[table])
        for table, columns in sorted(schema.columns.items())
    }
    described = [f"{table}: {', '.join(names)}" for table, names in lacking.items() if names]
    if described:
        raise BackupError(
            f"{path}: not a whole backup of this app: its tables lack columns its migrations "
            f"create ({_some(described, separator='; ')})"
        )


def _check_objects(path: Path, contents: BackupContents, schema: Schema) -> None:
    foreign = [
        name if name not in schema.objects else f"{name}, not as our migrations make it"
        for name, sql in sorted(contents.objects.items())
        if schema.objects.get(name) != sql
    ]
    if foreign:
        raise BackupError(
            f"{path}: not a backup of this app: a backup is data, not code, but it holds "
            f"code or objects its migrations do not make ({_some(foreign, separator='; ')})"
        )
    lacking = sorted(schema.objects.keys() - contents.objects.keys())
    if lacking:
        raise BackupError(
            f"{path}: not a whole backup of this app: it lacks what its migrations make "
            f"by hand ({_some(lacking)})"
        )


def _model_columns(done: set[MigrationKey], loader: MigrationLoader) -> dict[str, frozenset[str]]:
    if not done:
        return {}
    state = loader.project_state(nodes=sorted(done), at_end=True)
    return {
        model._meta.db_table: frozenset(f.column for f in model._meta.local_concrete_fields)
        for model in state.apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def _hand_made_statements(
    done: set[MigrationKey], loader: MigrationLoader, vendor: str
) -> list[str]:
    statements: list[str] = []
    for key, lists in HAND_MADE.items():
        if key in done:
            module = importlib.import_module(type(loader.disk_migrations[key]).__module__)
            statements += getattr(module, lists.get(vendor, ""), [])
    return statements


def _hand_made_objects(statements: Iterable[str]) -> dict[str, str]:
    """Hand-made objects left by the statements in turn, named as
    config.backups.contents reads them from a backup."""
    objects: dict[str, str] = {}
    for statement in statements:
        if made := HAND_MADE_OBJECT.match(statement):
            objects[f"{made['kind'].lower()} {made['name']}"] = statement
        elif made := HAND_MADE_EXTENSION.match(statement):
            objects[f"EXTENSION {made['name']}"] = ""  # an archive lists it; its SQL is not read
        elif dropped := HAND_DROPPED_OBJECT.match(statement):
            kind = "virtual table" if dropped["kind"].upper() == "TABLE" else dropped["kind"]
            objects.pop(f"{kind.lower()} {dropped['name']}", None)
    return objects


def _some(items: Collection[str], *, separator: str = ", ", limit: int = 5) -> str:
    """The first few of a long list, so a refusal stays readable."""
    shown = separator.join(list(items)[:limit])
    return shown if len(items) <= limit else f"{shown} and {len(items) - limit} more"
