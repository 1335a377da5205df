from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """What the full-text index knows of a category, as stems (see catalogue.search).

    SQLite indexes these columns in the FTS5 table catalogue_search; PostgreSQL in a
    generated tsvector column with a GIN index, the names by trigram, and the heads and
    names alone in a second tsvector. They are created by migrations 0004_full_text_index
    and 0008_search_name_vector (the table by 0003).
    """

    category = models.OneToOneField(
        "catalogue.ProductCategory",
        verbose_name=_("product category"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    heads = models.TextField(
        _("head nouns"),
        blank=True,
        help_text=_("Stems of the names' head nouns: 'wheat' of 'Durum wheat'."),
    )
    # The Kazakh name's stems too (catalogue.search.documents).
    names = models.TextField(_("names"), help_text=_("Stems of the English and Russian names."))
    # Not in the full-text index: what ranks a category named in the page's language first.
    # Nullable so that SQLite adds the columns in place: rebuilding the table, as it does
    # to add a NOT NULL column, would drop the triggers that keep its index in step.
    names_ru = models.TextField(  # noqa: DJ001
        _("Russian names"), null=True, blank=True, help_text=_("Stems of the Russian name.")
    )
    names_kk = models.TextField(  # noqa: DJ001
        _("Kazakh names"), null=True, blank=True, help_text=_("Stems of the Kazakh name.")
    )
    details = models.TextField(
        _("details"), blank=True, help_text=_("Stems of the description and HS texts.")
    )
    exporters = models.TextField(
        _("exporters"), blank=True, help_text=_("Stems of exporters' names and regions.")
    )

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return f"search document of {self.category_id}"
