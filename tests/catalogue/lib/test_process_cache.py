"""Per-process values rebuilt when a shared version moves, once however many threads ask."""

import time
from concurrent.futures import ThreadPoolExecutor

from django.core.cache import cache

from catalogue.lib.process_cache import Versioned


def test_a_value_is_built_once_a_version_even_when_threads_ask_together():
    built = []

    def build() -> int:
        built.append(1)
        time.sleep(0.05)  # long enough for the other threads to queue on the lock
        return len(built)

    value = Versioned("test:versions", build)
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(lambda _: value.get(), range(8))) == [1] * 8
    assert len(built) == 1
    cache.set("test:versions", 42)  # another process committed a change
    assert [value.get(), value.get()] == [2, 2]
    assert len(built) == 2
