from django.conf import settings
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme


def languages(request):
    """The current page in each language, for the language switcher.

    Only paths of this site: a request for '//evil.example/' must not yield a link there.
    """
    path = request.get_full_path()
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        if not url_has_allowed_host_and_scheme(url, allowed_hosts=None) or not url.startswith("/"):
            url = translate_url("/", code)
        links.append((code, name, url))
    return {"language_links": links}
