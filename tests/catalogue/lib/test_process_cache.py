"""Per-process values rebuilt when a shared version moves, once however many threads ask;
versions read once per request."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache

from catalogue.lib.process_cache import (
    Versioned,
    VersionsReadOncePerRequest,
    bump_version,
    cache_version,
)

KEY = "test:version"


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


def in_request(view):
    return VersionsReadOncePerRequest(lambda request: view())(None)


def test_a_request_reads_each_version_once():
    def view():
        first = cache_version(KEY)
        cache.set(KEY, first + 1, timeout=None)  # another process moves it meanwhile
        return first, cache_version(KEY)

    first, again = in_request(view)
    assert again == first
    assert cache_version(KEY) == first + 1  # the next request, or code outside one, sees it


@pytest.mark.django_db
def test_a_version_the_request_moves_is_seen_by_it(django_capture_on_commit_callbacks):
    def view():
        before = cache_version(KEY)
        with django_capture_on_commit_callbacks(execute=True):
            bump_version(KEY)
        return before, cache_version(KEY)

    before, after = in_request(view)
    assert after != before
    assert cache_version(KEY) == after
