"""The full-text index over SearchDocument: FTS5 on SQLite, tsvector + GIN and pg_trgm on PostgreSQL."""

from django.db import migrations

SQLITE = [
    """
    CREATE VIRTUAL TABLE catalogue_search USING fts5(
        heads, names, details, exporters,
        content='catalogue_searchdocument', content_rowid='category_id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    # External-content FTS5 tables are kept in step by triggers on the content table.
    """
    CREATE TRIGGER catalogue_search_insert AFTER INSERT ON catalogue_searchdocument BEGIN
        INSERT INTO catalogue_search(rowid, heads, names, details, exporters)
        VALUES (new.category_id, new.heads, new.names, new.details, new.exporters);
    END
    """,
    """
    CREATE TRIGGER catalogue_search_delete AFTER DELETE ON catalogue_searchdocument BEGIN
        INSERT INTO catalogue_search(catalogue_search, rowid, heads, names, details, exporters)
        VALUES ('delete', old.category_id, old.heads, old.names, old.details, old.exporters);
    END
    """,
    """
    CREATE TRIGGER catalogue_search_update AFTER UPDATE ON catalogue_searchdocument BEGIN
        INSERT INTO catalogue_search(catalogue_search, rowid, heads, names, details, exporters)
        VALUES ('delete', old.category_id, old.heads, old.names, old.details, old.exporters);
        INSERT INTO catalogue_search(rowid, heads, names, details, exporters)
        VALUES (new.category_id, new.heads, new.names, new.details, new.exporters);
    END
    """,
    "CREATE VIRTUAL TABLE catalogue_search_vocabulary USING fts5vocab(catalogue_search, 'row')",
]
SQLITE_REVERSE = [
    "DROP TABLE IF EXISTS catalogue_search_vocabulary",
    "DROP TRIGGER IF EXISTS catalogue_search_update",
    "DROP TRIGGER IF EXISTS catalogue_search_delete",
    "DROP TRIGGER IF EXISTS catalogue_search_insert",
    "DROP TABLE IF EXISTS catalogue_search",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    ALTER TABLE catalogue_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', heads), 'A')
        || setweight(to_tsvector('simple', names), 'B')
        || setweight(to_tsvector('simple', details), 'C')
        || setweight(to_tsvector('simple', exporters), 'D')
    ) STORED
    """,
    # Full-text matching of buyers' queries.
    "CREATE INDEX catalogue_search_vector_idx ON catalogue_searchdocument USING gin (vector)",
    # Typos: trigram similarity of query words to the names.
    "CREATE INDEX catalogue_search_names_trgm_idx ON catalogue_searchdocument"
    " USING gin (names gin_trgm_ops)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS catalogue_search_names_trgm_idx",
    "DROP INDEX IF EXISTS catalogue_search_vector_idx",
    "ALTER TABLE catalogue_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_search_document")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
