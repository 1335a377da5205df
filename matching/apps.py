from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Buyers and matching")

    def ready(self):
        # Matches follow the catalogue: connects to catalogue.changes.change_committed.
        from matching import receivers  # noqa: F401
