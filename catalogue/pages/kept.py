"""What public pages render once per catalogue version and keep in each process: list
entries, the filters' fields, and whole pages and API answers.

Every change that alters what they show moves one of the versions: the search index's (a
category, its codes, offers or exporters, the HS wording it shows), the sectors' (sectors
and their ranges, Nigeria's import rules and their sources) or the HS suggester's
(confirmed mappings). What else a page shows (who runs the catalogue, how fresh its data
is) may be as old as a browser may keep the page: KEPT_SECONDS.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from catalogue import search, sectors
from catalogue.lib.process_cache import cache_version
from catalogue.suggest import service as suggester

KEPT_SECONDS = 300  # as long as browsers may keep a public page (Cache-Control max-age)
LARGEST = 256 * 1024  # bytes: a larger answer is rendered every time


def catalogue_version() -> tuple[int, int, int]:
    return tuple(
        cache_version(key)
        for key in (search.VERSION_KEY, sectors.VERSION_KEY, suggester.VERSION_KEY)
    )


class Kept:
    """The last `size` values by key, least recently used dropped first."""

    def __init__(self, size: int):
        self.size = size
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, keys: Iterable[Hashable]) -> dict[Hashable, Any]:
        with self._lock:
            found = {key: self._kept[key] for key in keys if key in self._kept}
            for key in found:
                self._kept.move_to_end(key)
        return found

    def set_many(self, pieces: dict[Hashable, Any]) -> None:
        with self._lock:
            self._kept.update(pieces)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)


_pages = Kept(settings.PAGES_KEPT)


def kept_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep the view's successful answers by catalogue version, language, host and full
    path, for KEPT_SECONDS at most. For views whose answer depends on nothing else: no
    user, session or form token."""

    @wraps(view)
    def keeping(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.PAGES_KEPT:
            return view(request, *args, **kwargs)
        key = (
            *catalogue_version(),
            int(time.time() // KEPT_SECONDS),
            get_language(),
            request.scheme,
            request.get_host(),
            request.get_full_path(),
        )
        kept = _pages.get_many([key]).get(key)
        if kept is not None:
            content, headers = kept
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and len(response.content) <= LARGEST
        ):
            _pages.set_many({key: (response.content, dict(response.headers))})
        return response

    return keeping
