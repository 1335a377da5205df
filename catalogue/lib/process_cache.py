"""Per-process caches of things built from the database, rebuilt when a shared version moves,
and bounded ones of things rendered (Kept).

The version lives in Django's cache (Redis when several processes run), so a change
committed in one process makes every process rebuild on its next call.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from contextvars import ContextVar
from typing import Any, Generic, TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")


# The versions a request has read: a page asks for several, each once from the cache (a
# table of the database without Redis). Outside a request every call reads the cache.
_read_in_request: ContextVar[dict[str, int] | None] = ContextVar("versions_read", default=None)


def cache_version(key: str) -> int:
    """A version number kept in the cache; a cleared cache gets a new one, so processes rebuild."""
    read = _read_in_request.get()
    if read is not None and key in read:
        return read[key]
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key)
    if read is not None:
        read[key] = version
    return version


def bump_version(key: str) -> None:
    """Move the version once the transaction commits."""

    def move() -> None:
        version = time.time_ns()
        cache.set(key, version, timeout=None)
        read = _read_in_request.get()
        if read is not None:
            read[key] = version

    transaction.on_commit(move)


class VersionsReadOncePerRequest:
    """Middleware: within a request, each version is read from the cache once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read_in_request.set({})
        try:
            return self.get_response(request)
        finally:
            _read_in_request.reset(token)


class Versioned(Generic[T]):
    """A value this process builds once, and again whenever the version under `key` moves."""

    def __init__(self, key: str, build: Callable[[], T]):
        self.key, self.build = key, build
        self._lock = threading.Lock()
        self._built: tuple[int, T] | None = None  # (version, value), swapped in one step

    def get(self) -> T:
        version = cache_version(self.key)
        built = self._built
        if built is None or built[0] != version:
            with self._lock:
                built = self._built
                if built is None or built[0] != version:  # unless a waiting thread built it
                    built = self._built = (version, self.build())
        return built[1]


def _one(value: object) -> int:
    return 1


class Kept:
    """Values by key within a budget, least recently used dropped first: `budget` (a number,
    or a function giving it, read at each write) of what `weigh` says a value weighs (1
    each, by default)."""

    def __init__(self, budget: int | Callable[[], int], weigh: Callable[[Any], int] = _one):
        self.budget = budget if callable(budget) else (lambda: budget)
        self.weigh = weigh
        self._kept: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._weight = 0
        self._lock = threading.Lock()

    def get_many(self, keys: Iterable[Hashable]) -> dict[Hashable, Any]:
        with self._lock:
            found = {key: self._kept[key][1] for key in keys if key in self._kept}
            for key in found:
                self._kept.move_to_end(key)
        return found

    def set_many(self, values: dict[Hashable, Any]) -> None:
        budget = self.budget()
        with self._lock:
            for key, value in values.items():
                weight = self.weigh(value)
                if weight > budget:
                    continue
                if key in self._kept:
                    self._weight -= self._kept.pop(key)[0]
                self._kept[key] = (weight, value)
                self._weight += weight
            while self._weight > budget:
                self._weight -= self._kept.popitem(last=False)[1][0]
