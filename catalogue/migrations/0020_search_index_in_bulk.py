"""SQLite: new search documents enter the FTS5 index in one statement a reindex
(catalogue.search.engines.SQLiteEngine.add), not through a trigger a row, which took
three times as long for an import. Deleted and updated documents still leave it by
their triggers: a category's document goes with it when the category is deleted."""

from django.db import migrations

SQLITE = ["DROP TRIGGER IF EXISTS catalogue_search_insert"]
SQLITE_REVERSE = [
    """
    CREATE TRIGGER catalogue_search_insert AFTER INSERT ON catalogue_searchdocument BEGIN
        INSERT INTO catalogue_search(rowid, heads, names, details, exporters)
        VALUES (new.category_id, new.heads, new.names, new.details, new.exporters);
    END
    """
]


def _on_sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0019_alter_importbatch_status")]

    operations = [migrations.RunPython(_on_sqlite(SQLITE), _on_sqlite(SQLITE_REVERSE))]
