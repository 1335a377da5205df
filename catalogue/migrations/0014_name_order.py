"""The sort keys of names in each language (catalogue.lib.collation), with an index each
for the published categories and active exporters that public pages list by name; the
keys of the stored rows filled in.

The indexes come before the keys are written: PostgreSQL refuses to alter a table in the
transaction that updated its rows.
"""

from django.db import migrations, models

from catalogue.lib.collation import name_orders

BATCH = 2000
FIELDS = ("name_order", "name_order_ru", "name_order_kk")


def _fill(model):
    rows = model.objects.order_by("pk").iterator(chunk_size=BATCH)
    changed = []
    for row in rows:
        for field, key in name_orders(row).items():
            setattr(row, field, key)
        changed.append(row)
        if len(changed) == BATCH:
            model.objects.bulk_update(changed, FIELDS)
            changed = []
    model.objects.bulk_update(changed, FIELDS)


def fill_keys(apps, schema_editor):
    _fill(apps.get_model("catalogue", "ProductCategory"))
    _fill(apps.get_model("catalogue", "Exporter"))


def _key_field():
    return models.CharField(default="", editable=False, max_length=322)


def _index(prefix, field, condition):
    return models.Index(
        condition=condition, fields=[field, "id"], name=f"{prefix}_{field}_idx"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0013_category_sector_from_sectors"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=model, name=field, field=_key_field())
            for model in ("exporter", "productcategory")
            for field in FIELDS
        ),
        *(
            migrations.AddIndex(
                model_name="productcategory",
                index=_index("category", field, models.Q(is_published=True)),
            )
            for field in FIELDS
        ),
        *(
            migrations.AddIndex(
                model_name="exporter",
                index=_index("exporter", field, models.Q(is_active=True)),
            )
            for field in FIELDS
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=True),
    ]
