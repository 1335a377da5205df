from django.core.management.base import BaseCommand

from matching.matcher import rematch
from matching.models import Interest


class Command(BaseCommand):
    help = (
        "Compute again the matches of every open interest. Running it twice changes "
        "nothing the second time; staff decisions on matches are kept."
    )

    def handle(self, *args, **options):
        result = rematch(Interest.objects.open())
        self.stdout.write(
            f"Matches: {result.created} created, {result.updated} updated, "
            f"{result.removed} removed, {result.unchanged} unchanged."
        )
