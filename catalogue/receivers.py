"""Every save and delete of the catalogue's models onto the one road, catalogue.changes.

Admin pages and inlines, bulk delete actions, the services and the shell reach
propagate_change() from here. Before a code is saved or deleted (a category's delete
deletes its codes), before_change() notes the headings matches were computed for. Bulk
writes send no signals: the importer calls propagate_change() itself.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from access.models import ImportRule, RuleSource
from catalogue import search
from catalogue.changes import before_change, propagate_change
from catalogue.lib.process_cache import bump_version
from catalogue.models import CategoryCode, Certification, Exporter, Offer, ProductCategory
from catalogue.sectors import VERSION_KEY as SECTORS_VERSION_KEY


@receiver(pre_save, sender=CategoryCode)
@receiver(pre_delete, sender=CategoryCode)
def _code_changing(sender, instance: CategoryCode, **kwargs) -> None:
    before_change([instance.category_id])


@receiver(pre_delete, sender=ProductCategory)
def _category_deleting(sender, instance: ProductCategory, **kwargs) -> None:
    before_change([instance.pk])


@receiver(pre_save, sender=Offer)
def _remember_category(sender, instance: Offer, **kwargs) -> None:
    previous = Offer.objects.filter(pk=instance.pk).values_list("category_id", flat=True)
    instance._previous_category_id = previous.first() if instance.pk else None


@receiver(post_save, sender=Offer)
def _offer_saved(sender, instance: Offer, **kwargs) -> None:
    propagate_change({instance.category_id, getattr(instance, "_previous_category_id", None)})


@receiver(post_delete, sender=Offer)
@receiver(post_save, sender=CategoryCode)
@receiver(post_delete, sender=CategoryCode)
def _category_part_changed(sender, instance, **kwargs) -> None:
    propagate_change([instance.category_id])


@receiver(post_save, sender=ProductCategory)
@receiver(post_delete, sender=ProductCategory)
def _category_changed(sender, instance: ProductCategory, **kwargs) -> None:
    propagate_change([instance.pk])


@receiver(post_save, sender=Exporter)
def _exporter_saved(sender, instance: Exporter, **kwargs) -> None:
    propagate_change(search.categories_of_exporters([instance.pk]))


@receiver(m2m_changed, sender=Exporter.certifications.through)
def _certifications_changed(sender, instance, action: str, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    exporters = [instance.pk] if isinstance(instance, Exporter) else pk_set or []
    propagate_change(search.categories_of_exporters(exporters))


@receiver(post_save, sender=Certification)
@receiver(pre_delete, sender=Certification)
def _certification_changed(sender, instance: Certification, **kwargs) -> None:
    # Its name shows with its exporters' products; a delete removes it from them without
    # m2m_changed.
    propagate_change(
        search.categories_of_exporters(instance.exporters.values_list("pk", flat=True))
    )


@receiver(post_save, sender=ImportRule)
@receiver(post_delete, sender=ImportRule)
@receiver(post_save, sender=RuleSource)
@receiver(post_delete, sender=RuleSource)
def _rule_changed(sender, **kwargs) -> None:
    # The home page marks featured products Nigeria's rules came to cover, and list
    # entries (catalogue.pages.entries) quote the rules and their sources.
    bump_version(SECTORS_VERSION_KEY)
