from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from catalogue.models import ProductCategory

DEMO_CATALOGUE = Path(__file__).resolve().parents[2] / "data" / "demo-catalogue.xlsx"


class Command(BaseCommand):
    help = (
        "Import the demo catalogue into an empty catalogue. Does nothing once the catalogue "
        "has categories, so restarting never undoes officials' edits."
    )

    def handle(self, *args, **options):
        if ProductCategory.objects.exists():
            self.stdout.write("The catalogue has categories already; the demo is left out.")
            return
        call_command("import_catalogue", str(DEMO_CATALOGUE), stdout=self.stdout)
