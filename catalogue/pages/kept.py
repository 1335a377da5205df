"""What public pages render once per catalogue version and keep in each process: list
entries, the filters' fields, and whole pages and API answers.

Every change that alters what they show moves one of the versions: the search index's (a
category, its codes, offers or exporters, the HS wording it shows), the sectors' (sectors
and their ranges, Nigeria's import rules and their sources) or the HS suggester's
(confirmed mappings). What else a page shows (who runs the catalogue, how fresh its data
is) may be as old as a browser may keep the page: FRESH_SECONDS.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control

from catalogue import search, sectors
from catalogue.lib.process_cache import Kept, cache_version
from catalogue.suggest import service as suggester

FRESH_SECONDS = 300  # how long browsers and proxies may keep a public page (max-age)
public_page = cache_control(public=True, max_age=FRESH_SECONDS)


def catalogue_version() -> tuple[int, int, int]:
    return tuple(
        cache_version(key)
        for key in (search.VERSION_KEY, sectors.VERSION_KEY, suggester.VERSION_KEY)
    )


# The answers kept, by bytes: PAGES_KEPT_MB, read at each write (tests change it).
_pages = Kept(lambda: settings.PAGES_KEPT_MB * 2**20, weigh=lambda kept: len(kept[0]))


def kept_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep the view's successful answers by catalogue version, language, host, path and
    parameters (in any order), for FRESH_SECONDS at most; a kept answer says its Age, so
    no browser keeps it longer. For views whose answer depends on nothing else: no user,
    session or form token."""

    @wraps(view)
    def keeping(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.PAGES_KEPT_MB:
            return view(request, *args, **kwargs)
        now = time.time()
        key = (
            *catalogue_version(),
            int(now // FRESH_SECONDS),
            get_language(),
            request.scheme,
            request.get_host(),
            request.path,
            tuple((name, tuple(values)) for name, values in sorted(request.GET.lists())),
        )
        kept = _pages.get_many([key]).get(key)
        if kept is not None:
            content, headers, rendered_at = kept
            return HttpResponse(content, headers={**headers, "Age": str(int(now - rendered_at))})
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            _pages.set_many({key: (response.content, dict(response.headers), now)})
        return response

    return keeping
