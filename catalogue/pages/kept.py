"""HTML that pages render once per catalogue version and keep in each process.

Every change that alters what the catalogue's lists show moves one of the two versions:
the search index's (a category, its codes, offers or exporters, the HS wording it shows)
or the sectors' (sectors and their ranges, Nigeria's import rules and their sources).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable

from django.utils.safestring import SafeString

from catalogue import search, sectors
from catalogue.lib.process_cache import cache_version


def catalogue_version() -> tuple[int, int]:
    return cache_version(search.VERSION_KEY), cache_version(sectors.VERSION_KEY)


class Kept:
    """The last `size` pieces of HTML by key, least recently used dropped first."""

    def __init__(self, size: int):
        self.size = size
        self._kept: OrderedDict[Hashable, SafeString] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, keys: Iterable[Hashable]) -> dict[Hashable, SafeString]:
        with self._lock:
            found = {key: self._kept[key] for key in keys if key in self._kept}
            for key in found:
                self._kept.move_to_end(key)
        return found

    def set_many(self, pieces: dict[Hashable, SafeString]) -> None:
        with self._lock:
            self._kept.update(pieces)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
