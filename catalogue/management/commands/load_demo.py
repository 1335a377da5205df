from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from catalogue.lib.process_cache import bump_version
from catalogue.models import ProductCategory, Sector
from catalogue.sectors import VERSION_KEY as SECTORS_VERSION_KEY

DEMO_CATALOGUE = Path(__file__).resolve().parents[2] / "data" / "demo-catalogue.xlsx"
DEMO_FEATURED = 4  # products the demo features in each sector


class Command(BaseCommand):
    help = (
        "Import the demo catalogue into an empty catalogue, and feature in each sector the "
        "products most exporters offer. Does nothing once the catalogue has categories, so "
        "restarting never undoes officials' edits."
    )

    def handle(self, *args, **options):
        if ProductCategory.objects.exists():
            self.stdout.write(_("The catalogue has categories already; the demo is left out."))
            return
        call_command("import_catalogue", str(DEMO_CATALOGUE), stdout=self.stdout)
        active = Q(offers__is_active=True, offers__exporter__is_active=True)
        for sector in Sector.objects.all():
            most_offered = (
                ProductCategory.objects.published()
                .importable()  # the home page features what buyers can import
                .filter(sector=sector)
                .annotate(exporters=Count("offers", filter=active))
                .order_by("-exporters", "name")[:DEMO_FEATURED]
            )
            sector.featured.set(most_offered)
        bump_version(SECTORS_VERSION_KEY)  # the home page shows them
