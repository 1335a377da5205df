from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Buyers and matching"

    def ready(self):
        # Matches follow the catalogue: connects to catalogue.changes.change_committed.
        from matching import receivers  # noqa: F401
