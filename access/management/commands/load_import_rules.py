from django.core.management.base import BaseCommand

from access.loader import load_rules


class Command(BaseCommand):
    help = (
        "Load the shipped snapshot of Nigeria's import prohibition list (access/data/): "
        "rules not stored yet are added, rules officials keep are left as they are."
    )

    def handle(self, *args, **options):
        created, kept = load_rules()
        self.stdout.write(f"Import rules: {created} added, {kept} already stored.")
