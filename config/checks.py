"""System checks of our own settings, run by `manage.py check --deploy`."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_SITE_URL = "http://127.0.0.1:8000"


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs) -> list[Warning]:
    """Links in e-mails sent by staff actions and commands use SITE_URL."""
    if settings.SITE_URL.rstrip("/") != LOCAL_SITE_URL:
        return []
    return [
        Warning(
            f"SITE_URL is {LOCAL_SITE_URL}: links in e-mails that staff actions and commands "
            "send would point at this machine.",
            hint="Set SITE_URL to the address buyers use, e.g. https://catalogue.example.org.",
            id="config.W001",
        )
    ]
