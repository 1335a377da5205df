"""The About page as shipped: placeholders, because nobody has given these facts yet.

Each names what the catalogue's operator must write; none invents a name, an address, a
phone number or an e-mail address. While one is left, visitors are told the section has
not been provided yet (about/placeholders.py recognises them by their openings).
"""

from django.db import migrations

PLACEHOLDERS = {
    "who_runs": (
        "[To be completed by the catalogue's operator: the ministry or agency that runs "
        "this catalogue, and under what mandate.]"
    ),
    "who_runs_ru": (
        "[Заполняется оператором каталога: министерство или ведомство, которое ведёт "
        "этот каталог, и на каком основании.]"
    ),
    "audience": (
        "[To be completed by the catalogue's operator: whom the catalogue is for, and "
        "what it offers them.]"
    ),
    "audience_ru": (
        "[Заполняется оператором каталога: для кого этот каталог и что он им даёт.]"
    ),
    "contacts": (
        "[To be completed by the catalogue's operator: the office to write to, with its "
        "postal address, e-mail address and telephone number.]"
    ),
    "contacts_ru": (
        "[Заполняется оператором каталога: служба, в которую писать, её почтовый адрес, "
        "адрес электронной почты и телефон.]"
    ),
    "data_checks": (
        "[To be completed by the catalogue's operator: where the product and exporter "
        "data come from, how often they are updated, and what officials check before "
        "they publish them.]"
    ),
    "data_checks_ru": (
        "[Заполняется оператором каталога: откуда берутся данные о товарах и "
        "экспортёрах, как часто они обновляются и что проверяют сотрудники перед "
        "публикацией.]"
    ),
}


def add_placeholders(apps, schema_editor):
    AboutPage = apps.get_model("about", "AboutPage")
    AboutPage.objects.get_or_create(pk=1, defaults=PLACEHOLDERS)


def remove_page(apps, schema_editor):
    apps.get_model("about", "AboutPage").objects.filter(pk=1).delete()


class Migration(migrations.Migration):
    dependencies = [("about", "0001_initial")]

    operations = [migrations.RunPython(add_placeholders, remove_page)]
