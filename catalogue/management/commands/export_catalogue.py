from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from catalogue.reports import write_catalogue


class Command(BaseCommand):
    help = "Write the catalogue (categories, HS codes, exporters, offers) as an importable xlsx."

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT.xlsx", type=Path)

    def handle(self, *args, out, **options):
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            rows = write_catalogue(str(out))
        except OSError as error:
            raise CommandError(f"{out}: {error.strerror}") from error
        self.stdout.write(
            ngettext("%(file)s: %(count)d row.", "%(file)s: %(count)d rows.", rows)
            % {"file": out, "count": rows}
        )
