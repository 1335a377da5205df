"""Curated sectors over HS ranges, seeded with seven. The catalogue's categories move onto
them in 0012."""

import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models

# (slug, English, Russian, ranges). A range is a chapter, heading or subheading, or two of
# one level; where ranges overlap the most specific wins (catalogue/sector_ranges.py).
# Construction takes what builders buy by name, out of the wider ranges: gypsum, lime and
# cement (2520-2523) out of chapter 25, whose salt, stone and sulphur stay with mining;
# stone, cement and ceramic articles and glass (68-70) between light industry and metals;
# "iron rods" (bars and wire rod, 7213-7214), angles and sections (7216) and steel
# structures (7308) out of the metals of chapter 72-73. Galvanised and coated sheet (7210)
# stays with metals: most of it goes to cans and cars, not roofs. Plastics and rubber
# (39-40) are light industry with wood, paper, textiles and footwear, as in the ministry's
# lists. Chapters 91-97 (instruments, arms, furniture, toys, art) belong to no sector.
SECTORS = [
    ("agriculture-and-food", "Agriculture and food", "Сельское хозяйство и продукты питания",
     ["01-24"]),
    ("oil-and-gas", "Oil and gas", "Нефть и газ", ["27"]),
    ("metals-and-mining", "Metals and mining", "Металлы и горнодобыча", ["25-26", "71-83"]),
    ("chemicals-and-fertilisers", "Chemicals and fertilisers", "Химия и удобрения", ["28-38"]),
    ("construction", "Construction materials", "Строительные материалы",
     ["2520-2523", "68-70", "7213-7214", "7216", "7308"]),
    ("machinery", "Machinery and equipment", "Машины и оборудование", ["84-90"]),
    ("light-industry", "Light industry", "Лёгкая промышленность", ["39-67"]),
]  # fmt: skip


def seed_sectors(apps, schema_editor):
    Sector = apps.get_model("catalogue", "Sector")
    SectorRange = apps.get_model("catalogue", "SectorRange")
    for position, (slug, name, name_ru, ranges) in enumerate(SECTORS, start=1):
        sector = Sector.objects.create(slug=slug, name=name, name_ru=name_ru, position=position)
        for text in ranges:
            first, _, last = text.partition("-")
            SectorRange.objects.create(sector=sector, first=first, last=last)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0011_exporter_verification"),
    ]

    operations = [
        migrations.CreateModel(
            name="Sector",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, verbose_name="name (English)")),
                ("name_ru", models.CharField(blank=True, max_length=100, verbose_name="name (Russian)")),
                ("slug", models.SlugField(max_length=60, unique=True)),
                ("position", models.PositiveSmallIntegerField(default=0, help_text="Sectors are listed from the lowest.", verbose_name="position")),
                ("featured", models.ManyToManyField(blank=True, help_text="Up to 6 published products the home page shows under the sector.", limit_choices_to={"is_published": True}, related_name="featured_in", to="catalogue.productcategory", verbose_name="featured products")),
            ],
            options={
                "verbose_name": "sector",
                "verbose_name_plural": "sectors",
                "ordering": ["position", "name"],
                "constraints": [
                    models.UniqueConstraint(fields=("name",), name="sector_unique_name"),
                    models.CheckConstraint(condition=models.Q(("name", ""), _negated=True), name="sector_name_not_blank"),
                    models.CheckConstraint(condition=models.Q(("slug", "other"), _negated=True), name="sector_slug_not_the_no_sector_value"),
                ],
            },
        ),
        migrations.CreateModel(
            name="SectorRange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("first", models.CharField(help_text="An HS chapter, heading or subheading: 01, 2523.", max_length=6, verbose_name="from")),
                ("last", models.CharField(blank=True, help_text="A code of the same level; empty for the first code alone.", max_length=6, verbose_name="to")),
                ("sector", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="ranges", to="catalogue.sector")),
            ],
            options={
                "verbose_name": "HS range",
                "verbose_name_plural": "HS ranges",
                "ordering": ["first", "last"],
                "constraints": [
                    models.UniqueConstraint(fields=("first", "last"), name="sectorrange_unique_range"),
                    models.CheckConstraint(condition=models.Q(("first__regex", "^([0-9]{2}|[0-9]{4}|[0-9]{6})$")), name="sectorrange_first_is_code"),
                    models.CheckConstraint(condition=models.Q(("last", ""), models.Q(("first__lte", models.F("last")), ("last__regex", "^([0-9]{2}|[0-9]{4}|[0-9]{6})$")), _connector="OR"), name="sectorrange_last_is_code_after_first"),
                    models.CheckConstraint(condition=models.Q(("last", ""), django.db.models.lookups.Exact(django.db.models.functions.text.Length("last"), django.db.models.functions.text.Length("first")), _connector="OR"), name="sectorrange_ends_of_one_level"),
                ],
            },
        ),
        migrations.RunPython(seed_sectors, migrations.RunPython.noop),
    ]  # fmt: skip
