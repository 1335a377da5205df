"""On PostgreSQL, a second tsvector of the heads and names alone, with its GIN index.

Search looks in the heads and names first (catalogue.search.engines): matched against the
whole document's vector, the weights restrict nothing the index can use, and every match of
a common word ("oil") has its long vector read and ranked. SQLite's FTS5 filters by column
within its own index and needs nothing more.
"""

from django.db import migrations

POSTGRES = [
    """
    ALTER TABLE catalogue_searchdocument ADD COLUMN name_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', heads), 'A')
        || setweight(to_tsvector('simple', names), 'B')
    ) STORED
    """,
    # Any-word search in the heads and names (SearchEngine.match, first step).
    "CREATE INDEX catalogue_search_name_vector_idx ON catalogue_searchdocument"
    " USING gin (name_vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS catalogue_search_name_vector_idx",
    "ALTER TABLE catalogue_searchdocument DROP COLUMN IF EXISTS name_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0007_hs_russian_texts")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES}), _run({"postgresql": POSTGRES_REVERSE})
        ),
    ]
