from django.core.management.base import BaseCommand

from matching.matcher import rematch


class Command(BaseCommand):
    help = (
        "Compute again the matches of every open confirmed interest. Running it twice changes "
        "nothing the second time; staff decisions on matches are kept."
    )

    def handle(self, *args, **options):
        result = rematch()
        self.stdout.write(
            f"Matches: {result.created} created, {result.updated} updated, "
            f"{result.removed} removed, {result.unchanged} unchanged."
        )
