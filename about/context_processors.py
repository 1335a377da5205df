from django.utils.functional import SimpleLazyObject

from about.freshness import freshness


def footer(request):
    """The footer's dates, looked up only by a page that shows them (not the admin's)."""
    return {"freshness": SimpleLazyObject(freshness)}
