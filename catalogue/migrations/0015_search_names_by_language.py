"""The stems of the Russian and Kazakh names in each search document, apart, outside the
full-text index: search ranks a category named in the page's language first.

The columns are nullable so that SQLite adds them in place; rebuilding the table would
drop the triggers of migration 0004 that keep catalogue_search in step. Documents written
before have none until `manage.py reindex_search` rewrites them (with the Kazakh names
in their names).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0014_name_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="names_kk",
            field=models.TextField(blank=True, help_text="Stems of the Kazakh name.", null=True),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="names_ru",
            field=models.TextField(blank=True, help_text="Stems of the Russian name.", null=True),
        ),
    ]
