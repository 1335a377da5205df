"""Buyers' addresses in the one form they are now looked up by (canonical_email); an
address whose canonical form another buyer already has is left as it was."""

from django.db import migrations

from catalogue.lib.form_fields import canonical_email


def canonical(apps, schema_editor):
    Buyer = apps.get_model("matching", "Buyer")
    taken = set(Buyer.objects.values_list("email", flat=True))
    for buyer in Buyer.objects.only("email").iterator():
        email = canonical_email(buyer.email)
        if email != buyer.email and email not in taken:
            taken.add(email)
            Buyer.objects.filter(pk=buyer.pk).update(email=email)


class Migration(migrations.Migration):
    dependencies = [("matching", "0007_introductions_and_erasure")]

    operations = [migrations.RunPython(canonical, migrations.RunPython.noop)]
