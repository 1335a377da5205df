"""backup_db and restore_db: a backup restored into a fresh database holds the same rows."""

import io
import sqlite3
from contextlib import closing, contextmanager

import psycopg
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from catalogue.models import ProductCategory
from catalogue.suggest.text import stem
from config.backups import BackupError, backup, restore
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
