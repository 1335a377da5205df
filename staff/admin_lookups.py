"""The admin's lists filter only on what they offer to filter by.

Django's admin applies any lookup in a list's query string to a field of the model itself
(?created_at__year=99999, ?title__contains=x on a JSON field, ?state__regex=( ), and some
fail only when the query runs (a year out of range, a lookup SQLite cannot do, a bad
pattern): a 500 from a typed URL. With this mixin a list takes only the parameters its own
filters send (list_filter, date_hierarchy) and those its related pickers send
(limit_choices_to); any other answers 400.
"""

from __future__ import annotations

from django.contrib.admin import SimpleListFilter, widgets
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.core.exceptions import FieldDoesNotExist

# What Django's field filters put after the field's path: a value, a choice, "none", a
# date range, empty or not; a related object's filter puts its key (see _related_keys).
FILTER_SUFFIXES = ("", "__exact", "__isnull", "__gte", "__lt", "__isempty")
# What the date hierarchy puts after its field, and links to a period of it (from, until).
DATE_SUFFIXES = ("__year", "__month", "__day", "__gte", "__lt")


class ListedLookupsOnly:
    def lookup_allowed(self, lookup: str, value: str, request) -> bool:
        paths = self._filtered(request)
        sent = {path + suffix for path in paths for suffix in FILTER_SUFFIXES}
        sent.update(f"{path}__{key}__exact" for path, key in self._related_keys(paths))
        if self.date_hierarchy:
            sent.update(self.date_hierarchy + suffix for suffix in DATE_SUFFIXES)
        return (lookup in sent or self._limits_choices(lookup, value)) and super().lookup_allowed(
            lookup, value, request
        )

    def _filtered(self, request) -> list[str]:
        """The field paths of the list's filters, and its own filters' parameters."""
        paths = []
        for spec in self.get_list_filter(request):
            if isinstance(spec, str):
                paths.append(spec)
            elif isinstance(spec, tuple | list):
                paths.append(spec[0])
            elif issubclass(spec, SimpleListFilter):
                paths.append(spec.parameter_name)
        return paths

    def _related_keys(self, paths: list[str]):
        """(path, the key its related filter sends) for the paths that end on a relation:
        `sector__id`, or `section__number` for a key that is not the primary one."""
        for path in paths:
            try:
                fields = get_fields_from_path(self.model, path)
            except (FieldDoesNotExist, NotRelationField):
                continue
            target = getattr(fields[-1], "target_field", None)
            if fields[-1].is_relation and target is not None:
                yield path, target.name

    def _limits_choices(self, lookup: str, value: str) -> bool:
        """A lookup of a ForeignKey's limit_choices_to, sent by its raw-id picker."""
        for fk_lookup in self.model._meta.related_fkey_lookups:
            if callable(fk_lookup):
                fk_lookup = fk_lookup()
            if (lookup, value) in widgets.url_params_from_lookup_dict(fk_lookup).items():
                return True
        return False
