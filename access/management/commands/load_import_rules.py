from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from access.loader import load_rules


class Command(BaseCommand):
    help = (
        "Load the shipped snapshot of Nigeria's import prohibition list (access/data/): "
        "rules not stored yet are added, rules officials keep are left as they are."
    )

    def handle(self, *args, **options):
        created, kept = load_rules()
        self.stdout.write(
            _("Import rules: %(added)d added, %(kept)d already stored.")
            % {"added": created, "kept": kept}
        )
