"""The admin speaks the language its staff member chose (staff.models.AdminLanguage), or
until they choose, the one their browser asks for.

LocaleMiddleware gives every path without a language prefix, the admin's included, the
default language (English); this runs after AuthenticationMiddleware and overrides that on
admin pages only. Public pages keep the language of their prefix.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from staff.models import chosen_language


class AdminLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        if request.path.startswith(self.admin_prefix):
            language = chosen_language(request.user)
            language = language or translation.get_language_from_request(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
