"""Back up the database to one file and restore it, on SQLite and on PostgreSQL.

SQLite uses its online backup API, so the app may keep serving while a copy is
taken; PostgreSQL uses pg_dump's custom format, restored with pg_restore. A
backup is written beside its destination and renamed into place when complete,
so a file at PATH is always a whole backup.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path


class BackupError(Exception):
    pass


def backup(database: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        if _is_sqlite(database):
            _copy_sqlite(Path(database["NAME"]), partial)
        else:
            _run_pg("pg_dump", path, database, "--format=custom", "--no-owner", f"--file={partial}")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def restore(path: Path, database: dict) -> None:
    """Replace the database's contents with the backup at `path`."""
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    if _is_sqlite(database):
        _check_sqlite_backup(path)
        _copy_sqlite(path, Path(database["NAME"]))
    else:
        _run_pg("pg_restore", path, database, "--clean", "--if-exists", "--no-owner",
                "--single-transaction", "--exit-on-error", f"--dbname={database['NAME']}",
                str(path))  # fmt: skip


def _is_sqlite(database: dict) -> bool:
    return database["ENGINE"] == "django.db.backends.sqlite3"


def _copy_sqlite(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _check_sqlite_backup(path: Path) -> None:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            (result,) = db.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path}: not a SQLite backup ({error})") from error
    if result != "ok":
        raise BackupError(f"{path}: damaged SQLite backup ({result})")


def _run_pg(tool: str, path: Path, database: dict, *args: str) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} not found: install the PostgreSQL client tools")
    settings = {"PGHOST": database.get("HOST"), "PGPORT": database.get("PORT"),
                "PGUSER": database.get("USER"), "PGPASSWORD": database.get("PASSWORD"),
                "PGDATABASE": database["NAME"]}  # fmt: skip
    env = {**os.environ, **{key: str(value) for key, value in settings.items() if value}}
    result = subprocess.run([executable, *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{path}: {tool} failed: {result.stderr.strip()}")
