from django.conf import settings
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language


def languages(request):
    """The current page in each language, for the language switcher.

    Only paths of this site: a request for '//evil.example/' must not yield a link there.
    A page that exists in no language (a 404) links to each language's home page.
    """
    path = request.get_full_path()
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        off_site = not url.startswith("/") or not url_has_allowed_host_and_scheme(url, None)
        if off_site or (url == path and code != current):
            url = translate_url("/", code)
        links.append((code, name, url))
    return {"language_links": links}
