from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from matching.matcher import rematch
from matching.models import Interest


class Command(BaseCommand):
    help = (
        "Compute again the matches of every open interest. Running it twice changes "
        "nothing the second time; staff decisions on matches are kept."
    )

    def handle(self, *args, **options):
        result = rematch(Interest.objects.open())
        said = gettext(
            "Matches: %(created)d created, %(updated)d updated, %(removed)d removed, "
            "%(unchanged)d unchanged."
        )
        self.stdout.write(
            said
            % {
                "created": result.created,
                "updated": result.updated,
                "removed": result.removed,
                "unchanged": result.unchanged,
            }
        )
