from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Buyers and matching"

    def ready(self):
        from catalogue.signals import catalogue_changed

        def rematch_open_interests(sender, **kwargs):
            from matching.matcher import rematch

            rematch()

        # Matches follow the catalogue; the catalogue does not know this app exists.
        catalogue_changed.connect(rematch_open_interests, dispatch_uid="matching.rematch")
