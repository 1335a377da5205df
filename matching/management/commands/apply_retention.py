from django.conf import settings
from django.core.management.base import BaseCommand

from matching.personal_data import apply_retention


class Command(BaseCommand):
    help = (
        "Apply the privacy notice's time limits: delete the requests never confirmed within "
        "UNCONFIRMED_REQUEST_DAYS days, anonymise those closed or withdrawn for "
        "CLOSED_REQUEST_RETENTION_DAYS, and erase the buyers left with nothing else. Safe to "
        "run on a schedule: a second run finds nothing."
    )

    def handle(self, *args, **options):
        done = apply_retention(
            unconfirmed_days=settings.UNCONFIRMED_REQUEST_DAYS,
            closed_days=settings.CLOSED_REQUEST_RETENTION_DAYS,
        )
        self.stdout.write(
            "Deleted {deleted_requests} unconfirmed requests and {deleted_buyers} buyers; "
            "anonymised {anonymised_requests} closed requests; erased {erased_buyers} "
            "buyers.".format(**done)
        )
