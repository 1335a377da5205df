import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = (
        "For local use: create a superuser 'admin' with a random password, printed once. "
        "Does nothing when DEBUG is off or the user exists."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            return
        users = get_user_model().objects
        if users.filter(username="admin").exists():
            return
        password = secrets.token_urlsafe(12)
        users.create_superuser("admin", "admin@localhost", password)
        self.stdout.write(
            self.style.WARNING(
                _(
                    "Created local superuser 'admin' with password %(password)s\n"
                    "This is shown only once: note it now."
                )
                % {"password": password}
            )
        )
