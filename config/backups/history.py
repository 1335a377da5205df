"""Whether a backup is this app's, and which of this code's migrations it predates.

Judged from what the backup holds, read without restoring it (config.backups.contents):
its django_migrations rows, then its schema against what those migrations make
(config.backups.schema).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.apps import apps
from django.db.migrations.loader import MigrationLoader

from config.backups.contents import BackupContents, BackupError, MigrationKey
from config.backups.schema import check_schema, schema_made_by


def check_history(path: Path, contents: BackupContents, *, vendor: str) -> list[str]:
    """Refuse a backup this code cannot take over; else the migrations it predates.

    Taking over means: migrations only of apps this code has, each one this code
    has too (not from a newer release or another branch), with everything each
    depends on, at least one of our own apps, and the schema they make (see
    config.backups.schema). `vendor` is the database's, as connection.vendor names it.
    """
    if contents.migrations is None:
        raise BackupError(f"{path}: not a backup of this app: it has no django_migrations table")
    loader = MigrationLoader(None, ignore_no_migrations=True)
    applied = contents.migrations
    _check_apps(path, applied, loader)
    unknown = sorted(applied - loader.disk_migrations.keys())
    if unknown:
        raise BackupError(
            f"{path}: made by another version of this app: it applied {_labels(unknown)}, "
            "which this code does not have (a newer release or another branch); restore it "
            "with the code that made it"
        )
    done = _graph_nodes(applied, loader)
    _check_dependencies(path, done, loader)
    check_schema(path, contents, schema_made_by(done, loader, vendor))
    return [_label(node) for node in _still_to_apply(done, loader)]


def _check_apps(path: Path, applied: frozenset[MigrationKey], loader: MigrationLoader) -> None:
    foreign = sorted({app for app, _ in applied} - loader.migrated_apps)
    if foreign:
        raise BackupError(
            f"{path}: not a backup of this app: it holds migrations of apps this app does "
            f"not have ({', '.join(foreign)})"
        )
    # Django's own apps are in every project; a backup of ours has our apps too.
    ours = {c.label for c in apps.get_app_configs() if not c.name.startswith("django.")}
    ours &= loader.migrated_apps
    if ours and not any(app in ours for app, _ in applied):
        raise BackupError(
            f"{path}: not a backup of this app: none of its migrations are of "
            f"{', '.join(sorted(ours))}"
        )


def _graph_nodes(applied: frozenset[MigrationKey], loader: MigrationLoader) -> set[MigrationKey]:
    """The applied migrations as nodes of this code's graph.

    A graph built without a database holds squashed migrations, not those they
    replace, so a squash counts as applied once everything it replaces is.
    """
    done = {key for key in applied if key in loader.graph.nodes}
    done |= {key for key, squash in loader.replacements.items() if set(squash.replaces) <= applied}
    return done


def _check_dependencies(path: Path, done: set[MigrationKey], loader: MigrationLoader) -> None:
    for node in sorted(done):
        for parent in sorted(p.key for p in loader.graph.node_map[node].parents):
            if parent not in done:
                raise BackupError(
                    f"{path}: inconsistent migration history: {_label(node)} is applied but "
                    f"{_label(parent)}, which it depends on, is not"
                )


def _still_to_apply(done: set[MigrationKey], loader: MigrationLoader) -> list[MigrationKey]:
    plan: list[MigrationKey] = []
    for leaf in sorted(loader.graph.leaf_nodes()):
        for node in loader.graph.forwards_plan(leaf):
            if node not in done and node not in plan:
                plan.append(node)
    return plan


def _label(migration: MigrationKey) -> str:
    return ".".join(migration)


def _labels(migrations: Iterable[MigrationKey]) -> str:
    return ", ".join(map(_label, migrations))
