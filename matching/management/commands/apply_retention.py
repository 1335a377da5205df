from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

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
        said = [
            ngettext(
                "%(count)d unconfirmed request deleted",
                "%(count)d unconfirmed requests deleted",
                done["deleted_requests"],
            ) % {"count": done["deleted_requests"]},
            ngettext(
                "%(count)d buyer deleted", "%(count)d buyers deleted", done["deleted_buyers"]
            ) % {"count": done["deleted_buyers"]},
            ngettext(
                "%(count)d closed request anonymised",
                "%(count)d closed requests anonymised",
                done["anonymised_requests"],
            ) % {"count": done["anonymised_requests"]},
            ngettext(
                "%(count)d buyer erased", "%(count)d buyers erased", done["erased_buyers"]
            ) % {"count": done["erased_buyers"]},
        ]  # fmt: skip
        self.stdout.write("; ".join(said) + ".")
