"""The admin's lists filter only on what they offer to filter by.

Django's admin applies any lookup in a list's query string to a field of the model itself
(?created_at__year=99999, ?title__contains=x on a JSON field), and some fail only when the
query runs (a year out of range, a lookup SQLite cannot do): a 500 from a typed URL. With
this mixin a list takes the lookups of its own filters (list_filter, date_hierarchy) and
those its related pickers send (limit_choices_to); any other answers 400.
"""

from __future__ import annotations

from django.contrib.admin import SimpleListFilter, widgets
from django.db.models.constants import LOOKUP_SEP


class ListedLookupsOnly:
    def lookup_allowed(self, lookup: str, value: str, request) -> bool:
        offered = [self.date_hierarchy] if self.date_hierarchy else []
        for spec in self.get_list_filter(request):
            if isinstance(spec, str):
                offered.append(spec)
            elif isinstance(spec, tuple | list):
                offered.append(spec[0])
            elif issubclass(spec, SimpleListFilter):
                offered.append(spec.parameter_name)
        on_offer = any(lookup == path or lookup.startswith(path + LOOKUP_SEP) for path in offered)
        return (on_offer or self._limits_choices(lookup, value)) and super().lookup_allowed(
            lookup, value, request
        )

    def _limits_choices(self, lookup: str, value: str) -> bool:
        """A lookup of a ForeignKey's limit_choices_to, sent by its raw-id picker."""
        for fk_lookup in self.model._meta.related_fkey_lookups:
            if callable(fk_lookup):
                fk_lookup = fk_lookup()
            if (lookup, value) in widgets.url_params_from_lookup_dict(fk_lookup).items():
                return True
        return False
