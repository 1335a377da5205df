"""Refuse, with a 400, request parameters that no view of ours can use.

PostgreSQL cannot compare or store NUL characters, so a NUL in any parameter that reaches
a query (a filter, a search, the admin's autocomplete) would be a 500 there and not on
SQLite; the admin's actions turn every selected id into a number. Checked once, here,
for every view.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBadRequest, JsonResponse

from catalogue.lib.normalise import is_ascii_number


def _problem(request: HttpRequest) -> str | None:
    params = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        params.append(request.POST)
    for query in params:
        for key, values in query.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return "Parameters must not contain NUL characters."
    # Every model the admin lists has a whole number or a code of digits as its key, and
    # every database takes 18 digits.
    selected = request.POST.getlist("_selected_action") if request.method == "POST" else []
    if any(not is_ascii_number(v) or len(v) > 18 for v in selected):
        return "The selection is not a list of ids."
    return None


class RefuseUnusableParametersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        problem = _problem(request)
        if problem is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"error": problem}, status=400)
        return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")
