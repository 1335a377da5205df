"""Fixed-window rate limits kept in Django's cache (Redis when several processes share them)."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def allow(key: str, *, limit: int, window: int) -> bool:
    """Count one hit for key; False once more than limit hits fall in the current window.
    The key is kept hashed: of a fixed length whatever an address's, and no e-mail address
    or network address is held in the cache."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    bucket = f"ratelimit:{digest}:{int(time.time() // window)}"
    cache.add(bucket, 0, timeout=window + 60)
    try:
        hits = cache.incr(bucket)
    except ValueError:  # evicted between add and incr
        cache.set(bucket, 1, timeout=window + 60)
        hits = 1
    return hits <= limit
