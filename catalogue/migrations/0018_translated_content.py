"""Russian and Kazakh siblings of category descriptions and certification names, and
Kazakh names of sectors; the shipped sectors and certifications get their names.

The names are those of 0012's sectors and of catalogue/data/certifications.csv (from which
imports create certifications) as they stand here; a name an official has written since
is kept.
"""

from django.db import migrations, models

SECTOR_NAMES_KK = {
    "agriculture-and-food": "Ауыл шаруашылығы және азық-түлік",
    "oil-and-gas": "Мұнай және газ",
    "metals-and-mining": "Металдар және тау-кен өндірісі",
    "chemicals-and-fertilisers": "Химия және тыңайтқыштар",
    "construction": "Құрылыс материалдары",
    "machinery": "Машиналар мен жабдықтар",
    "light-industry": "Жеңіл өнеркәсіп",
}
# code: (Russian, Kazakh)
CERTIFICATION_NAMES = {
    "halal": ("Халяль", "Халал"),
    "iso-9001": ("ISO 9001", "ISO 9001"),
    "iso-14001": ("ISO 14001", "ISO 14001"),
    "iso-22000": ("ISO 22000", "ISO 22000"),
    "iso-45001": ("ISO 45001", "ISO 45001"),
    "fssc-22000": ("FSSC 22000", "FSSC 22000"),
    "haccp": ("ХАССП (HACCP)", "ХАССП (HACCP)"),
    "gmp": ("GMP (надлежащая производственная практика)", "GMP (тиісті өндірістік практика)"),
    "gost": ("ГОСТ", "МЕМСТ (ГОСТ)"),
    "eac": ("EAC (евразийское соответствие)", "EAC (еуразиялық сәйкестік)"),
    "kosher": ("Кошер", "Кошер"),
    "organic": ("Органическая продукция", "Органикалық өнім"),
    "ce": ("Маркировка CE", "CE таңбалауы"),
    "api": ("API (Американский институт нефти)", "API (Американдық мұнай институты)"),
    "sgs": ("Инспекция SGS", "SGS инспекциясы"),
    "lme": ("Бренд, зарегистрированный на LME", "LME тіркелген бренді"),
}


def name_shipped(apps, schema_editor):
    Sector = apps.get_model("catalogue", "Sector")
    for slug, name_kk in SECTOR_NAMES_KK.items():
        Sector.objects.filter(slug=slug, name_kk="").update(name_kk=name_kk)
    Certification = apps.get_model("catalogue", "Certification")
    for code, (name_ru, name_kk) in CERTIFICATION_NAMES.items():
        Certification.objects.filter(code=code, name_ru="").update(name_ru=name_ru)
        Certification.objects.filter(code=code, name_kk="").update(name_kk=name_kk)


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0017_importissue_message_data'),
    ]

    operations = [
        migrations.AddField(
            model_name='certification',
            name='name_kk',
            field=models.CharField(blank=True, max_length=100, verbose_name='name (Kazakh)'),
        ),
        migrations.AddField(
            model_name='certification',
            name='name_ru',
            field=models.CharField(blank=True, max_length=100, verbose_name='name (Russian)'),
        ),
        migrations.AddField(
            model_name='productcategory',
            name='description_kk',
            field=models.TextField(blank=True, verbose_name='description (Kazakh)'),
        ),
        migrations.AddField(
            model_name='productcategory',
            name='description_ru',
            field=models.TextField(blank=True, verbose_name='description (Russian)'),
        ),
        migrations.AddField(
            model_name='sector',
            name='name_kk',
            field=models.CharField(blank=True, max_length=100, verbose_name='name (Kazakh)'),
        ),
        migrations.AlterField(
            model_name='certification',
            name='name',
            field=models.CharField(max_length=100, verbose_name='name (English)'),
        ),
        migrations.AlterField(
            model_name='productcategory',
            name='description',
            field=models.TextField(blank=True, verbose_name='description (English)'),
        ),
        migrations.RunPython(name_shipped, migrations.RunPython.noop),
    ]
