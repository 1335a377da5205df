from django.core.management.base import BaseCommand

from catalogue import search


class Command(BaseCommand):
    help = "Rebuild the full-text search documents of every product category."

    def handle(self, *args, **options):
        count = search.reindex()
        self.stdout.write(f"Search index rebuilt for {count} categories.")
