"""A category's sector becomes the curated sector covering its primary code, instead of the
code's HS section.

The column is dropped and added again rather than altered: its values name HS sections,
which mean nothing as sectors, and PostgreSQL refuses to alter a table in the transaction
that updated its rows. Sectors are then set as catalogue.sectors.assign_sectors sets them.
"""

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models

from catalogue.sector_ranges import HSRange, covering

BATCH = 5000


def _sector_codes(CategoryCode):
    """Each category's sector code: its primary code, or its first when none is primary."""
    rows = CategoryCode.objects.order_by("category_id", "-is_primary", "hs_code_id")
    seen = None
    for category_id, code in rows.values_list("category_id", "hs_code_id").iterator(BATCH):
        if category_id != seen:
            seen = category_id
            yield category_id, code


def _update(ProductCategory, field, moving):
    for value, ids in moving.items():
        for start in range(0, len(ids), BATCH):
            ProductCategory.objects.filter(pk__in=ids[start : start + BATCH]).update(
                **{field: value}
            )


def assign_sectors(apps, schema_editor):
    SectorRange = apps.get_model("catalogue", "SectorRange")
    rows = SectorRange.objects.order_by("sector__position", "sector__name", "first")
    ranges = [
        (HSRange(first, last or first), sector)
        for first, last, sector in rows.values_list("first", "last", "sector_id")
    ]
    moving = defaultdict(list)
    for category_id, code in _sector_codes(apps.get_model("catalogue", "CategoryCode")):
        sector = covering(code, ranges)
        if sector is not None:
            moving[sector].append(category_id)
    _update(apps.get_model("catalogue", "ProductCategory"), "sector_id", moving)


def restore_sections(apps, schema_editor):
    """Going back: each category's sector is its primary code's HS section again."""
    sections = dict(apps.get_model("catalogue", "HSCode").objects.values_list("code", "section_id"))
    moving = defaultdict(list)
    for category_id, code in _sector_codes(apps.get_model("catalogue", "CategoryCode")):
        moving[sections.get(code)].append(category_id)
    _update(apps.get_model("catalogue", "ProductCategory"), "sector_id", moving)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0012_sectors"),
    ]

    operations = [
        # Backwards, this runs last, once the column names HS sections again.
        migrations.RunPython(migrations.RunPython.noop, restore_sections),
        migrations.RemoveIndex(
            model_name="productcategory",
            name="category_published_sector_idx",
        ),
        migrations.RemoveField(
            model_name="productcategory",
            name="sector",
        ),
        migrations.AddField(
            model_name="productcategory",
            name="sector",
            field=models.ForeignKey(blank=True, editable=False, help_text="The sector whose HS ranges cover the primary code.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="categories", to="catalogue.sector"),
        ),
        migrations.AddIndex(
            model_name="productcategory",
            index=models.Index(fields=["is_published", "sector"], name="category_published_sector_idx"),
        ),
        migrations.RunPython(assign_sectors, migrations.RunPython.noop),
    ]  # fmt: skip
