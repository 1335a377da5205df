"""Back up the database to one file and restore it, on SQLite and on PostgreSQL.

SQLite uses its online backup API, so the app may keep serving while a copy is
taken; PostgreSQL uses pg_dump's custom format. A backup is written to a
temporary file beside its destination, flushed to disk and renamed into place,
so a file at PATH is always a whole backup.

A restore first reads the backup without restoring it (config.backups.contents)
and refuses, changing nothing, unless it is this app's (config.backups.history):
it has django_migrations, every migration it applied is one this code has, with
its dependencies, and its schema is the one those migrations make: their tables
with all their columns, and no other tables, schemas or code. An older backup
passes; restore() returns the migrations it predates and restore_db runs migrate
for them.

A restore replaces everything or nothing: on PostgreSQL the backup is first
turned into SQL (which proves the archive whole), then the public schema is
dropped and rebuilt from it in one transaction, so tables that newer migrations
added do not linger beside the restored ones.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from config.backups.contents import (
    BackupContents,
    BackupError,
    pg_contents,
    read_only_uri,
    read_sqlite_backup,
)
from config.backups.history import check_history


def backup(database: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with _temporary_file(path.parent, prefix=f".{path.name}.") as partial:
        if _is_sqlite(database):
            source = Path(database["NAME"])
            if not source.is_file():
                raise BackupError(f"{source}: no such database")
            _sqlite_copy(read_only_uri(source), str(partial), about=source)
        else:
            _run_pg("pg_dump", path, database, "--format=custom", "--no-owner", f"--file={partial}")
        _fsync(partial)
        partial.replace(path)
    _fsync(path.parent)


def restore(path: Path, database: dict) -> list[str]:
    """Replace the database's contents with the backup at `path`, if it is this app's.

    Returns the migrations of this code that the backup predates ("app.name", in
    dependency order): the caller runs migrate on the restored database.
    """
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    sqlite = _is_sqlite(database)
    _check_format(path, sqlite=sqlite)
    contents = read_sqlite_backup(path) if sqlite else _read_pg_backup(path, database)
    pending = check_history(path, contents, vendor="sqlite" if sqlite else "postgresql")
    if sqlite:
        _sqlite_copy(read_only_uri(path), database["NAME"], about=path, into_live=True)
    else:
        _pg_replace(path, database)
    return pending


def _is_sqlite(database: dict) -> bool:
    return database["ENGINE"] == "django.db.backends.sqlite3"


@contextmanager
def _temporary_file(folder: Path, *, prefix: str) -> Iterator[Path]:
    """A new, uniquely named empty file, removed on exit unless renamed away."""
    fd, name = tempfile.mkstemp(dir=folder, prefix=prefix)
    os.close(fd)
    try:
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def _sqlite_copy(source_uri: str, target: str, *, about: Path, into_live: bool = False) -> None:
    try:
        with (
            closing(sqlite3.connect(source_uri, uri=True)) as src,
            closing(sqlite3.connect(target, timeout=10)) as dst,
        ):
            if into_live:
                _prepare_target(src, dst, target)
            src.backup(dst)
    except sqlite3.Error as error:
        raise BackupError(f"{about}: {error}") from error


def _prepare_target(src: sqlite3.Connection, dst: sqlite3.Connection, target: str) -> None:
    """Fail fast while the app still writes, and let WAL take another page size."""
    try:
        dst.execute("BEGIN IMMEDIATE")
        dst.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        raise BackupError(f"{target}: {error}; stop the app before restoring") from error
    (src_size,), (dst_size,) = (db.execute("PRAGMA page_size").fetchone() for db in (src, dst))
    if src_size != dst_size:
        dst.execute("PRAGMA journal_mode=DELETE")  # the backup's header restores WAL


SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


def _check_format(path: Path, *, sqlite: bool) -> None:
    """Name what the file is when it is not what this database restores from."""
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if not head:
        raise BackupError(f"{path}: empty file, not a backup")
    if sqlite and head.startswith(PG_DUMP_MAGIC):
        raise BackupError(f"{path}: a PostgreSQL backup, but this database is SQLite")
    if not sqlite and head == SQLITE_MAGIC:
        raise BackupError(f"{path}: a SQLite database, but this database is PostgreSQL")
    if sqlite and head != SQLITE_MAGIC:
        raise BackupError(f"{path}: not a SQLite database, so not a backup made by backup_db")
    if not sqlite and not head.startswith(PG_DUMP_MAGIC):
        raise BackupError(
            f"{path}: not a pg_dump custom-format archive, so not a backup made by backup_db"
        )


def _read_pg_backup(path: Path, database: dict) -> BackupContents:
    """Read the archive without touching any database: pg_restore without --dbname
    writes SQL instead of restoring (--schema-only: no rows; --data-only and --table:
    that table's COPY block)."""
    toc = _run_pg("pg_restore", path, database, "--list", str(path))
    schema = _run_pg("pg_restore", path, database, "--schema-only", "--file=-", str(path))

    def migrations_script() -> str:
        return _run_pg("pg_restore", path, database, "--data-only",
                       "--table=django_migrations", "--file=-", str(path))  # fmt: skip

    return pg_contents(path, toc, schema, migrations_script)


def _pg_replace(path: Path, database: dict) -> None:
    with _temporary_file(Path(tempfile.gettempdir()), prefix="restore-") as script:
        _run_pg("pg_restore", path, database, "--no-owner", "--no-acl", f"--file={script}",
                str(path))  # fmt: skip
        _run_pg("psql", path, database, "--no-psqlrc", "--quiet", "--single-transaction",
                "--set=ON_ERROR_STOP=1", "--command=DROP SCHEMA public CASCADE",
                "--command=CREATE SCHEMA public", f"--file={script}")  # fmt: skip


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


PG_OPTIONS = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT",
              "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT"}  # fmt: skip


def _run_pg(tool: str, path: Path, database: dict, *args: str) -> str:
    """Run a PostgreSQL client tool against `database`; its standard output."""
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} not found: install the PostgreSQL client tools")
    settings = {"PGHOST": database.get("HOST"), "PGPORT": database.get("PORT"),
                "PGUSER": database.get("USER"), "PGPASSWORD": database.get("PASSWORD"),
                "PGDATABASE": database["NAME"]}  # fmt: skip
    options = database.get("OPTIONS", {})
    settings.update({var: options.get(option) for option, var in PG_OPTIONS.items()})
    env = {**os.environ, **{key: str(value) for key, value in settings.items() if value}}
    result = subprocess.run([executable, *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{path}: {tool} failed: {result.stderr.strip()}")
    return result.stdout
