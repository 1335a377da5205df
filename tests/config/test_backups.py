"""backup_db and restore_db: a backup restored into a fresh database holds the same rows."""

import io
import random
import sqlite3
from contextlib import closing, contextmanager
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from catalogue.models import ProductCategory
from catalogue.suggest.text import stem
from config import health
from config.backups import BackupError, backup, restore
from config.backups.contents import pg_contents
from config.backups.schema import schema_made_by
from matching.models import Interest
from tests.conftest import DEMO
from tests.factories import make_buyer, make_category, make_interest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fresh_database(tmp_path):
    """The settings of an empty database beside the test database."""
    live = connection.settings_dict
    if connection.vendor == "sqlite":
        yield {**live, "NAME": str(tmp_path / "restored.sqlite3")}
        return
    name = f"{live['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    yield {**live, "NAME": name}
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE {name}")


@contextmanager
def opened(database: dict):
    """A plain DB-API connection, outside Django, so both sides are read the same way."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        db = sqlite3.connect(database["NAME"])
    else:
        db = psycopg.connect(dbname=database["NAME"], host=database["HOST"] or None,
                             port=database["PORT"] or None, user=database["USER"] or None,
                             password=database["PASSWORD"] or None)  # fmt: skip
    with closing(db):
        yield db


def contents(database: dict) -> dict[str, list[tuple]]:
    """Every row of every model's table, in primary-key order."""
    with opened(database) as db:
        cursor = db.cursor()
        tables = {}
        for model in apps.get_models(include_auto_created=True):
            cursor.execute(f'SELECT * FROM "{model._meta.db_table}" ORDER BY 1')
            tables[model._meta.db_table] = cursor.fetchall()
        return tables


def search_hits(database: dict, word: str) -> int:
    if database["ENGINE"] == "django.db.backends.sqlite3":
        sql = "SELECT count(*) FROM catalogue_search WHERE catalogue_search MATCH ?"
    else:
        sql = (
            "SELECT count(*) FROM catalogue_searchdocument WHERE vector @@ to_tsquery('simple', %s)"
        )
    with opened(database) as db:
        return db.cursor().execute(sql, [stem(word)]).fetchone()[0]


def backup_now(path) -> None:
    out = io.StringIO()
    call_command("backup_db", str(path), stdout=out)
    assert f"Backed up to {path}" in out.getvalue()
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no partial file left


@pytest.fixture
def catalogue_with_interest(hs):
    call_command("import_catalogue", str(DEMO), stdout=io.StringIO())
    make_interest(buyer=make_buyer(company_name="Kano Agro — урожай 2026"), lines=3)


def test_a_backup_restores_into_a_fresh_database_unchanged(
    tmp_path, catalogue_with_interest, fresh_database
):
    path = tmp_path / "backups" / "catalogue.backup"
    backup_now(path)
    restore(path, fresh_database)
    live = connection.settings_dict
    assert contents(fresh_database) == contents(live)
    assert len(contents(live)["catalogue_productcategory"]) == 482
    assert len(contents(live)["matching_interestline"]) == 3
    assert search_hits(fresh_database, "sunflower") == search_hits(live, "sunflower") > 0


def test_restore_db_brings_a_damaged_database_back(tmp_path, catalogue_with_interest):
    live = connection.settings_dict
    before = contents(live)
    path = tmp_path / "catalogue.backup"
    backup_now(path)
    ProductCategory.objects.filter(pk__in=ProductCategory.objects.values("pk")[:100]).delete()
    Interest.objects.all().delete()
    with connection.cursor() as cursor:  # as a later migration might have added
        cursor.execute("CREATE TABLE stray_after_backup (id integer)")
    assert contents(live) != before
    out = io.StringIO()
    call_command("restore_db", str(path), "--no-input", stdout=out)
    assert "Restored" in out.getvalue()
    assert contents(live) == before
    assert "stray_after_backup" not in connection.introspection.table_names()
    newest = max(row[0] for row in before["catalogue_productcategory"])
    assert (
        make_category(name="Buckwheat, after the restore", code="100810").pk > newest
    )  # sequences came back too


def test_a_truncated_backup_is_refused_and_changes_nothing(tmp_path, catalogue_with_interest):
    live = connection.settings_dict
    path = tmp_path / "catalogue.backup"
    backup_now(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    make_interest(lines=1)
    before = contents(live)
    with pytest.raises(CommandError, match="catalogue.backup"):
        call_command("restore_db", str(path), "--no-input")
    assert contents(live) == before


def test_backing_up_a_database_that_is_not_there_fails_and_leaves_no_file(tmp_path, hs):
    live = connection.settings_dict
    if connection.vendor == "sqlite":
        missing = {**live, "NAME": str(tmp_path / "no-such.sqlite3")}
    else:
        missing = {**live, "NAME": "kzng_no_such_database"}
    path = tmp_path / "backups" / "catalogue.backup"
    with pytest.raises(BackupError, match="no-such|kzng_no_such_database"):
        backup(missing, path)
    assert list(path.parent.iterdir()) == []
    assert not (tmp_path / "no-such.sqlite3").exists()


def test_restoring_something_that_is_not_a_backup_is_refused(tmp_path, hs):
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database " * 100)
    categories = ProductCategory.objects.count()
    with pytest.raises(CommandError, match=r"notes\.txt"):
        call_command("restore_db", str(junk), "--no-input")
    with pytest.raises(CommandError, match="no such backup file"):
        call_command("restore_db", str(tmp_path / "missing"), "--no-input")
    assert ProductCategory.objects.count() == categories


def live_state() -> tuple[dict[str, list[tuple]], list[tuple[str, str]]]:
    """Every row of the live database and its migration history."""
    applied = MigrationRecorder(connection).applied_migrations()
    return contents(connection.settings_dict), sorted(applied)


def assert_refused(path, reason: str) -> None:
    """restore_db refuses the file, naming it and saying why, and the live database keeps all."""
    make_interest(lines=2)
    before = live_state()
    out = io.StringIO()
    with pytest.raises(CommandError, match=reason) as refusal:
        call_command("restore_db", str(path), "--no-input", stdout=out)
    assert str(refusal.value).startswith(f"{path}: ")
    assert "Restored" not in out.getvalue()
    assert live_state() == before


def backup_made_after(database: dict, path, *statements: str):
    """A backup, made by backup_db's code, of `database` once `statements` ran on it."""
    with opened(database) as db:
        for statement in statements:
            db.execute(statement)
        db.commit()
    backup(database, path)
    return path


def history(*migrations: str) -> list[str]:
    """SQL for a django_migrations table holding these migrations, on either engine."""
    rows = ", ".join(
        f"({number}, '{app}', '{name}', '2026-01-01')"
        for number, (app, name) in enumerate((label.split(".") for label in migrations), 1)
    )
    return [
        "CREATE TABLE django_migrations (id integer PRIMARY KEY, app varchar(255), "
        "name varchar(255), applied timestamp)",
        f"INSERT INTO django_migrations VALUES {rows}",
    ]


@contextmanager
def history_changed(*, add=(), remove=()):
    """The live database's migration history changed for a moment, as another version's is."""
    recorder = MigrationRecorder(connection)
    for key in add:
        recorder.record_applied(*key)
    for key in remove:
        recorder.record_unapplied(*key)
    try:
        yield
    finally:
        for key in add:
            recorder.record_unapplied(*key)
        for key in remove:
            recorder.record_applied(*key)


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file, not a backup"),  # `: > z.backup` once wiped the database
        (random.Random(7).randbytes(64 * 1024), "not a SQLite database|not a pg_dump"),
    ],
    ids=["empty", "random-bytes"],
)
def test_a_file_that_is_no_database_is_refused_and_changes_nothing(tmp_path, hs, data, reason):
    path = tmp_path / "z.backup"
    path.write_bytes(data)
    assert_refused(path, reason)


def test_a_backup_for_the_other_database_engine_is_refused(tmp_path, hs):
    path = tmp_path / "other-engine.backup"
    if connection.vendor == "sqlite":
        path.write_bytes(b"PGDMP" + random.Random(7).randbytes(4096))
        assert_refused(path, "a PostgreSQL backup, but this database is SQLite")
    else:
        with closing(sqlite3.connect(path)) as db:
            db.execute("CREATE TABLE notes (body text)")
        assert_refused(path, "a SQLite database, but this database is PostgreSQL")


@pytest.mark.parametrize(
    "statements, reason",
    [
        (["CREATE TABLE t (x integer)", "DROP TABLE t"], "no django_migrations table"),
        (["CREATE TABLE notes (id integer, body text)"], "no django_migrations table"),
        (
            history("contenttypes.0001_initial", "wagtailcore.0001_initial"),
            r"migrations of apps this app does not have \(wagtailcore\)",
        ),
        (
            [*history("contenttypes.0001_initial"), "CREATE TABLE django_content_type (id int)"],
            "none of its migrations are of .*catalogue.*matching",
        ),
        (
            history("contenttypes.0001_initial", "auth.0001_initial", "catalogue.0001_initial"),
            r"create tables it lacks \(.*catalogue_productcategory",
        ),
    ],
    ids=["no-tables", "no-history", "other-apps", "django-only", "history-without-tables"],
)
def test_a_database_of_another_app_is_refused(tmp_path, hs, fresh_database, statements, reason):
    path = backup_made_after(fresh_database, tmp_path / "foreign.backup", *statements)
    assert_refused(path, reason)


def test_a_backup_from_a_newer_version_is_refused_naming_the_unknown_migration(tmp_path, hs):
    path = tmp_path / "newer.backup"
    with history_changed(add=[("matching", "0099_from_a_newer_release")]):
        backup_now(path)
    assert_refused(path, r"applied matching\.0099_from_a_newer_release, which this code does not")


def test_a_backup_whose_history_lacks_a_dependency_is_refused(tmp_path, hs):
    path = tmp_path / "gap.backup"
    with history_changed(remove=[("matching", "0001_initial")]):
        backup_now(path)
    assert_refused(path, r"inconsistent migration history: matching\.\S+ is applied but "
                         r"matching\.0001_initial")  # fmt: skip


def test_an_older_backup_is_restored_then_migrated_to_this_code(
    tmp_path, catalogue_with_interest, client, monkeypatch
):
    monkeypatch.setattr(health, "_schema_trusted_until", 0.0)
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    (latest,) = graph.leaf_nodes("catalogue")
    (previous,) = [p for p in graph.node_map[latest].parents if p.key[0] == "catalogue"]
    recorder = MigrationRecorder(connection)
    current = set(recorder.applied_migrations())
    path = tmp_path / "older.backup"
    call_command("migrate", "catalogue", previous.key[1], verbosity=0)
    try:
        predates = current - set(recorder.applied_migrations())
        backup_now(path)
    finally:
        call_command("migrate", verbosity=0)
    before = live_state()
    Interest.objects.all().delete()
    out = io.StringIO()
    call_command("restore_db", str(path), "--no-input", stdout=out)
    assert latest in predates
    for app, name in predates:
        assert f"Applying {app}.{name}... OK" in out.getvalue()
    assert "Migrated: applied catalogue." in out.getvalue()
    assert live_state() == before
    assert client.get("/healthz").json() == {"status": "ok"}


def test_what_migrations_make_by_hand_is_read_at_each_state_of_their_history():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    dropped = ("catalogue", "0020_search_index_in_bulk")
    after = set(loader.graph.forwards_plan(dropped))
    before = after - {dropped}
    insert, delete = "trigger catalogue_search_insert", "trigger catalogue_search_delete"
    earlier = schema_made_by(before, loader, "sqlite").objects
    assert {insert, delete} <= earlier.keys()
    later = schema_made_by(after, loader, "sqlite").objects
    assert insert not in later
    assert later[delete] == earlier[delete]
    assert "EXTENSION pg_trgm" in schema_made_by(after, loader, "postgresql").objects


def backup_changed_by(tmp_path, fresh_database: dict, *statements: str):
    """A real backup of the live database, restored beside it, changed by `statements` and
    backed up again, as anyone holding a backup and a database server could."""
    original = tmp_path / "live.backup"
    backup(connection.settings_dict, original)
    restore(original, fresh_database)
    return backup_made_after(fresh_database, tmp_path / "changed.backup", *statements)


def test_a_hollow_backup_of_look_alike_tables_is_refused_naming_the_columns_they_lack(
    tmp_path, hs, fresh_database
):
    # Every table, with only an id column, and the real migration records: once restored
    # "successfully", with every page failing on a missing column.
    applied = [".".join(key) for key in MigrationRecorder(connection).applied_migrations()]
    tables = sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)})
    hollow = [f'CREATE TABLE "{table}" (id integer)' for table in tables]
    path = backup_made_after(
        fresh_database, tmp_path / "hollow.backup", *history(*applied), *hollow
    )
    assert_refused(
        path,
        r"its tables lack columns its migrations create \(about_aboutpage: audience, .*; "
        r"access_importrule: checked_by_id, .*; "
        r"auth_group: name; auth_group_permissions: group_id, permission_id(; .*)? and \d+ more\)",
    )


def test_a_backup_lacking_one_column_is_refused_naming_the_table_and_the_column(
    tmp_path, hs, fresh_database
):
    path = backup_changed_by(
        tmp_path, fresh_database, "ALTER TABLE matching_interestline DROP COLUMN timeframe"
    )
    assert_refused(
        path, r"lack columns its migrations create \(matching_interestline: timeframe\)$"
    )


WIPE_BUYERS = """CREATE FUNCTION wipe() RETURNS trigger LANGUAGE plpgsql
    AS $$ BEGIN DELETE FROM matching_buyer; RETURN NEW; END $$"""


@pytest.mark.parametrize(
    "cases",
    [
        {
            "sqlite": (
                ["CREATE TRIGGER wipe AFTER INSERT ON matching_interest "
                 "BEGIN DELETE FROM matching_buyer; END"],
                r"code or objects its migrations do not make \(trigger wipe\)",
            ),
            "postgresql": (
                [WIPE_BUYERS, "CREATE TRIGGER wipe AFTER INSERT ON matching_interest "
                              "FOR EACH ROW EXECUTE FUNCTION wipe()"],
                r"do not make \(FUNCTION public wipe\(\) \S+; TRIGGER public matching_interest "
                r"wipe \S+\)",
            ),
        },
        {
            "sqlite": (
                ["DROP TRIGGER catalogue_search_delete",
                 "CREATE TRIGGER catalogue_search_delete AFTER DELETE ON catalogue_searchdocument "
                 "BEGIN DELETE FROM matching_buyer; END"],
                r"do not make \(trigger catalogue_search_delete, not as our migrations make it\)",
            ),
        },
        {
            "sqlite": (["CREATE VIEW buyers AS SELECT * FROM matching_buyer"], r"\(view buyers\)"),
            "postgresql": (
                ["CREATE VIEW buyers AS SELECT * FROM matching_buyer"],
                r"do not make \(VIEW public buyers \S+\)",
            ),
        },
        {
            "postgresql": (
                ["CREATE RULE keep AS ON DELETE TO matching_buyer DO INSTEAD NOTHING"],
                r"do not make \(RULE public matching_buyer keep \S+\)",
            ),
        },
        {
            "postgresql": (
                ["CREATE PROCEDURE tidy() LANGUAGE sql AS $$ DELETE FROM matching_buyer $$"],
                r"do not make \(PROCEDURE public tidy\(\) \S+\)",
            ),
        },
        {
            # Once restored, it outlived every later restore and made the next one fail.
            "postgresql": (
                ["CREATE SCHEMA evil", "CREATE TABLE evil.notes (id integer)",
                 WIPE_BUYERS.replace("wipe()", "evil.wipe()"),
                 "CREATE TRIGGER wipe AFTER INSERT ON evil.notes "
                 "FOR EACH ROW EXECUTE FUNCTION evil.wipe()"],
                r"outside the public schema \(SCHEMA evil, TABLE DATA evil\.notes, "
                r"TABLE evil\.notes\), which a restore would leave behind",
            ),
        },
        {
            "sqlite": (
                ["DROP TRIGGER catalogue_search_update"],
                r"lacks what its migrations make by hand \(trigger catalogue_search_update\)",
            ),
            "postgresql": (
                ["DROP EXTENSION pg_trgm CASCADE"],
                r"lacks what its migrations make by hand \(EXTENSION pg_trgm\)",
            ),
        },
        {
            vendor: (["CREATE TABLE matching_future (id integer)"],
                     r"tables its migrations do not create \(matching_future\)")
            for vendor in ("sqlite", "postgresql")
        },
    ],
    ids=["trigger", "our-trigger-rewritten", "view", "rule", "procedure", "other-schema",
         "hand-made-missing", "extra-table"],
)  # fmt: skip
def test_a_backup_holding_what_our_migrations_do_not_make_is_refused(
    tmp_path, hs, fresh_database, cases
):
    if connection.vendor not in cases:
        pytest.skip(f"nothing of the kind on {connection.vendor}")
    statements, reason = cases[connection.vendor]
    assert_refused(backup_changed_by(tmp_path, fresh_database, *statements), reason)


def test_columns_are_read_from_a_create_table_whole_whatever_its_checks_and_names_hold():
    schema = """
CREATE TABLE public.t (
    id bigint NOT NULL,
    "Odd, ""quoted"" name" text DEFAULT 'a, b)'::text,
    Folded integer,
    CONSTRAINT c CHECK ((folded = ANY (ARRAY[1, 2]))),
    CONSTRAINT d CHECK ((id <> 0))
);
COMMENT ON TABLE public.t IS '
CREATE TABLE public.t (
    id bigint, "Odd, ""quoted"" name" text, folded integer, claimed text
);';
"""
    toc = "215; 1259 16389 TABLE public t postgres\n"
    contents = pg_contents(Path("t.backup"), toc, schema, lambda: "")
    # A CREATE TABLE hidden in a comment claims columns the table lacks: only what both have.
    assert contents.columns == {"t": frozenset({"id", 'Odd, "quoted" name', "folded"})}
