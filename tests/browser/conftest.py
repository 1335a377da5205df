"""Playwright drives the system's Chromium (Debian's package), never a downloaded browser."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session", autouse=True)
def _queries_beside_playwright():
    """Playwright's synchronous API leaves an event loop in the test thread until the session
    ends; Django's async-safety check would then refuse every later query. Set up before
    Playwright starts (autouse goes first), undone after it stops."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


def pytest_collection_modifyitems(items):
    if CHROMIUM or os.environ.get("CI"):  # in CI a missing browser is a failure, not a skip
        return
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    quiet = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync"]  # fmt: skip
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": quiet}
