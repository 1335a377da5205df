"""Per-process caches of things built from the database, rebuilt when a shared version moves.

The version lives in Django's cache (Redis when several processes run), so a change
committed in one process makes every process rebuild on its next call.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Generic, TypeVar

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
