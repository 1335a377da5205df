"""Per-process caches of things built from the database, rebuilt when a shared version moves.

The version lives in Django's cache (Redis when several processes run), so a change
committed in one process makes every process rebuild on its next call.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")


def cache_version(key: str) -> int:
    """A version number kept in the cache; a cleared cache gets a new one, so processes rebuild."""
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key)
    return version


def bump_version(key: str) -> None:
    """Move the version once the transaction commits."""
    transaction.on_commit(lambda: cache.set(key, time.time_ns(), timeout=None))


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
