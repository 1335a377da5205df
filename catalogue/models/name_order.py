"""name_order, name_order_ru, name_order_kk: the sort keys of the name each language's
pages show, kept in step with the names on every save (catalogue.lib.collation)."""

from __future__ import annotations

from django.db import models

from catalogue.lib.collation import KEY_LENGTH, name_orders
from catalogue.lib.languages import LANGUAGES, field_for, page_language

NAME_FIELDS = frozenset(field_for("name", language) for language in LANGUAGES)
ORDER_FIELDS = tuple(field_for("name_order", language) for language in LANGUAGES)


def name_order_field() -> models.CharField:
    return models.CharField(max_length=KEY_LENGTH, editable=False, default="")


def name_order_indexes(prefix: str, shown: models.Q) -> list[models.Index]:
    """One index a language, on the key and the id that breaks its ties, of the rows
    public pages list (`shown`): a page of a long list sorted by name reads its rows
    from the index in order."""
    return [
        models.Index(fields=[field, "id"], condition=shown, name=f"{prefix}_{field}_idx")
        for field in ORDER_FIELDS
    ]


class OrderedByName:
    """For models with a name (name_ru and name_kk where they have them) and the
    name_order fields. Bulk writes skip save(); the importer sets the keys itself (see
    catalogue.importing.write)."""

    def save(self, *args, **kwargs):
        for field, key in name_orders(self).items():
            setattr(self, field, key)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and NAME_FIELDS & set(update_fields):
            kwargs["update_fields"] = {*update_fields, *ORDER_FIELDS}
        super().save(*args, **kwargs)


def by_name(language: str | None, through: str = "") -> list[str]:
    """order_by() arguments that list rows by the name a page in `language` shows, ties by
    id; `through` leads to the named model ("category__")."""
    return [f"{through}{field_for('name_order', page_language(language))}", f"{through}pk"]
