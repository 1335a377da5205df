from django.conf import settings
from django.urls import translate_url


def languages(request):
    """The current page in each language, for the language switcher."""
    path = request.get_full_path()
    return {
        "language_links": [
            (code, name, translate_url(path, code)) for code, name in settings.LANGUAGES
        ]
    }
