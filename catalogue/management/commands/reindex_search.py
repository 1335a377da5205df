from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from catalogue import search


class Command(BaseCommand):
    help = "Rebuild the full-text search documents of every product category."

    def handle(self, *args, **options):
        count = search.reindex()
        self.stdout.write(
            ngettext(
                "Search index rebuilt for %(count)d category.",
                "Search index rebuilt for %(count)d categories.",
                count,
            )
            % {"count": count}
        )
