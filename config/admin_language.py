"""The admin answers in the official's language.

Its paths carry no language prefix, and LocaleMiddleware gives every unprefixed path the
default language, as the public pages must (English is theirs without a prefix). In the
admin the language cookie decides, else the browser's Accept-Language, else English.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation


class AdminLanguageMiddleware:
    """Runs after LocaleMiddleware, whose response still says which language it used."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(reverse("admin:index")):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
