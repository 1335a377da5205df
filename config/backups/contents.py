"""What a backup holds, read without restoring it: its tables and their columns, its
django_migrations rows, and any code or objects beside its tables.

Plain parsing, free of Django: config.backups runs the tools that list an archive,
config.backups.schema and config.backups.history judge what is read here.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

MigrationKey = tuple[str, str]  # (app label, migration name), as django_migrations has it


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class BackupContents:
    """What a backup holds, read without restoring it."""

    columns: Mapping[str, frozenset[str]]  # each table's columns (SQLite's virtual ones: none)
    migrations: frozenset[MigrationKey] | None  # None: no django_migrations table
    # Anything but tables and their indexes, constraints, sequences and rows, named as
    # "trigger x" or as pg_restore lists it, with its SQL (spaces collapsed; "" if unread).
    objects: Mapping[str, str] = field(default_factory=dict)
    outside_public: frozenset[str] = frozenset()  # PostgreSQL: entries in another schema

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(self.columns)


def read_only_uri(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def collapse_spaces(sql: str) -> str:
    """SQL as written in a migration and as SQLite keeps it differ only in spacing."""
    return " ".join(sql.split())


def read_sqlite_backup(path: Path) -> BackupContents:
    try:
        with closing(sqlite3.connect(read_only_uri(path), uri=True)) as db:
            (result,) = db.execute("PRAGMA integrity_check").fetchone()
            if result != "ok":
                raise BackupError(f"{path}: damaged SQLite backup ({result})")
            return _sqlite_contents(db)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path}: not a SQLite backup of this app ({error})") from error


def _sqlite_contents(db: sqlite3.Connection) -> BackupContents:
    columns: dict[str, frozenset[str]] = {}
    objects: dict[str, str] = {}
    rows = db.execute("SELECT type, name, sql FROM sqlite_master WHERE type <> 'index'")
    for kind, name, sql in rows.fetchall():
        sql = collapse_spaces(sql or "")
        if kind == "table" and not sql.upper().startswith("CREATE VIRTUAL TABLE"):
            found = db.execute("SELECT name FROM pragma_table_info(?)", [name])
            columns[name] = frozenset(column for (column,) in found)
        else:  # a trigger or a view is code; a virtual table runs a module's code
            objects[f"{'virtual table' if kind == 'table' else kind} {name}"] = sql
    migrations = None
    if "django_migrations" in columns:
        rows = db.execute("SELECT app, name FROM django_migrations")
        migrations = frozenset((str(app), str(name)) for app, name in rows)
    return BackupContents(columns, migrations, objects)


# `pg_restore --list` names one archive entry a line: "215; 1259 16389 TABLE public name owner":
# its kind (one word or several), its schema ("-" for none), its name, its owner.
PG_ENTRY = re.compile(r"^\d+; \d+ \d+ (?P<entry>.*?) *$", re.MULTILINE)
# What a backup of our tables is made of, in whatever schema; anything else is code or an
# object beside them, but for text and grants (which restore skips: --no-acl).
PG_TABLE_PART = re.compile(
    r"(?P<kind>TABLE DATA|TABLE|SEQUENCE OWNED BY|SEQUENCE SET|SEQUENCE|DEFAULT|FK CONSTRAINT"
    r"|CONSTRAINT|INDEX) (?P<schema>\S+) (?P<name>\S+)"
)
PG_TEXT_OR_GRANT = re.compile(r"(?:COMMENT|ACL|DEFAULT ACL) ")
PG_SCHEMA_OR_EXTENSION = re.compile(r"(?P<kind>SCHEMA|EXTENSION) - (?P<name>\S+)")
PG_CREATE_TABLE = re.compile(
    r'^CREATE (?:UNLOGGED )?TABLE public\.(?P<name>"(?:[^"]|"")+"|[^\s("]+) \(', re.MULTILINE
)
PG_IDENTIFIER = re.compile(r'"(?:[^"]|"")+"|[^\s"]+')
PG_COPY_MIGRATIONS = re.compile(r"COPY public\.django_migrations \((?P<columns>.*)\) FROM stdin;")
COPY_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def pg_contents(
    path: Path, toc: str, schema: str, migrations_script: Callable[[], str]
) -> BackupContents:
    """An archive's contents, from its `pg_restore --list`, its `--schema-only` script and,
    if it has the table, the `--data-only` script of django_migrations."""
    tables: set[str] = set()
    objects: dict[str, str] = {}
    outside: set[str] = set()
    for entry in PG_ENTRY.findall(toc):
        if PG_TEXT_OR_GRANT.match(entry):
            continue
        if bare := PG_SCHEMA_OR_EXTENSION.match(entry):
            if bare["kind"] == "EXTENSION":
                objects[f"EXTENSION {bare['name']}"] = ""
            elif bare["name"] != "public":
                outside.add(f"SCHEMA {bare['name']}")
        elif not (part := PG_TABLE_PART.match(entry)):
            objects[entry] = ""  # a function, trigger, rule, view...: code, not data
        elif part["schema"] != "public":
            outside.add(f"{part['kind']} {part['schema']}.{part['name']}")
        elif part["kind"] == "TABLE":
            tables.add(part["name"])
    found = _pg_columns(path, schema)
    columns = {table: found.get(table, frozenset()) for table in tables}
    if "django_migrations" not in tables:
        return BackupContents(columns, None, objects, frozenset(outside))
    migrations = frozenset(_copied_migrations(path, migrations_script()))
    return BackupContents(columns, migrations, objects, frozenset(outside))


def _pg_columns(path: Path, schema: str) -> dict[str, frozenset[str]]:
    columns: dict[str, frozenset[str]] = {}
    for match in PG_CREATE_TABLE.finditer(schema):
        found = frozenset(_column_names(path, schema, match.end()))
        name = _identifier(match["name"])
        # A table defined twice (only a hand-made archive does that) has what both define.
        columns[name] = columns.get(name, found) & found
    return columns


def _column_names(path: Path, schema: str, start: int) -> Iterator[str]:
    for element in _table_elements(path, schema, start):
        element = element.strip()
        if element and not element.upper().startswith("CONSTRAINT "):
            yield _identifier(PG_IDENTIFIER.match(element)[0])


def _table_elements(path: Path, schema: str, start: int) -> Iterator[str]:
    """The comma-separated parts of the CREATE TABLE body opening just before `start`.

    Commas inside parentheses or quotes (a CHECK's pattern, a default's text) part
    nothing; pg_dump doubles a quote inside quotes, which reads as closing and reopening.
    """
    depth, quote, begin = 0, "", start
    for index in range(start, len(schema)):
        char = schema[index]
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif char in ",)" and not depth:
            yield schema[begin:index]
            if char == ")":
                return
            begin = index + 1
    raise BackupError(f"{path}: damaged archive: a CREATE TABLE without its end")


def _identifier(name: str) -> str:
    """An identifier as PostgreSQL names it: quoted as written, unquoted folded to lower case."""
    if name.startswith('"'):
        return name[1:-1].replace('""', '"')
    return name.lower()


def _copied_migrations(path: Path, script: str) -> Iterator[MigrationKey]:
    """django_migrations rows from pg_restore's COPY block: tab separated, backslash
    escaped, "\\." last; a stable text format, simple to read."""
    lines = iter(script.splitlines())
    for line in lines:
        if match := PG_COPY_MIGRATIONS.fullmatch(line):
            columns = [column.strip().strip('"') for column in match["columns"].split(",")]
            for row in lines:
                if row == "\\.":
                    return
                fields = dict(zip(columns, map(_copy_unescape, row.split("\t")), strict=False))
                if "app" not in fields or "name" not in fields:
                    raise BackupError(f"{path}: not a backup of this app: odd django_migrations")
                yield fields["app"], fields["name"]
    # backup_db's archives hold every table's rows as one COPY block ending in "\\."
    raise BackupError(f"{path}: not a backup made by backup_db: no django_migrations rows to read")


def _copy_unescape(field: str) -> str:
    return re.sub(r"\\(.)", lambda m: COPY_ESCAPES.get(m[1], m[1]), field)
