"""Keep search and listeners in step with every change to the catalogue's models.

Saves and deletes anywhere (admin pages, inlines, bulk delete actions, the shell)
reach catalogue_changed() from here. Bulk writes send no signals: the importer calls
catalogue_changed() itself.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from catalogue import search
from catalogue.models import CategoryCode, Exporter, Offer, ProductCategory
from catalogue.services import catalogue_changed


@receiver(pre_save, sender=Offer)
def _remember_category(sender, instance: Offer, **kwargs) -> None:
    previous = Offer.objects.filter(pk=instance.pk).values_list("category_id", flat=True)
    instance._previous_category_id = previous.first() if instance.pk else None


@receiver(post_save, sender=Offer)
def _offer_saved(sender, instance: Offer, **kwargs) -> None:
    catalogue_changed({instance.category_id, getattr(instance, "_previous_category_id", None)})


@receiver(post_delete, sender=Offer)
@receiver(post_save, sender=CategoryCode)
@receiver(post_delete, sender=CategoryCode)
def _category_part_changed(sender, instance, **kwargs) -> None:
    catalogue_changed([instance.category_id])


@receiver(post_save, sender=ProductCategory)
@receiver(post_delete, sender=ProductCategory)
def _category_changed(sender, instance: ProductCategory, **kwargs) -> None:
    catalogue_changed([instance.pk])


@receiver(post_save, sender=Exporter)
def _exporter_saved(sender, instance: Exporter, **kwargs) -> None:
    catalogue_changed(search.categories_of_exporters([instance.pk]))


@receiver(m2m_changed, sender=Exporter.certifications.through)
def _certifications_changed(sender, instance, action: str, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    exporters = [instance.pk] if isinstance(instance, Exporter) else pk_set or []
    catalogue_changed(search.categories_of_exporters(exporters))
