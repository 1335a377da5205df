from django.conf import settings
from django.core.management.base import BaseCommand

from matching.services import delete_unconfirmed


class Command(BaseCommand):
    help = (
        "Delete the requests never confirmed within UNCONFIRMED_REQUEST_DAYS days, and the "
        "buyers left with no request, as the privacy notice says. Safe to run on a schedule: "
        "a second run finds nothing."
    )

    def handle(self, *args, **options):
        requests, buyers = delete_unconfirmed(days=settings.UNCONFIRMED_REQUEST_DAYS)
        self.stdout.write(f"Deleted {requests} unconfirmed requests and {buyers} buyers.")
