from django.core.management.base import BaseCommand

from catalogue.exporting import write_catalogue


class Command(BaseCommand):
    help = "Write the catalogue (categories, HS codes, exporters, offers) as an importable xlsx."

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT.xlsx")

    def handle(self, *args, out, **options):
        rows = write_catalogue(out)
        self.stdout.write(f"{out}: {rows} rows.")
