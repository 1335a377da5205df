"""name_key, a name as imports recognise it, kept in step with the name on every save."""

from __future__ import annotations

from catalogue.lib.normalise import name_key


class KeyedByName:
    """For models with `name` and `name_key`. Bulk writes skip save(); the importer sets
    the key itself (see catalogue.importing.write)."""

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def name_taken(self, others) -> bool:
        """Whether another of `others` (a queryset) has this name, as imports tell names."""
        return others.filter(name_key=name_key(self.name)).exclude(pk=self.pk).exists()
