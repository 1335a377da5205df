import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Call a function as if its transaction committed, so on-commit work (e-mails) runs."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run
