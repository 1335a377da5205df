from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    """What the full-text index knows of a category, as stems (see catalogue.search).

    SQLite indexes these columns in the FTS5 table catalogue_search; PostgreSQL in a
    generated tsvector column with a GIN index, the names by trigram, and the heads and
    names alone in a second tsvector. They are created by migrations 0004_full_text_index
    and 0008_search_name_vector (the table by 0003).
    """

    category = models.OneToOneField(
        "catalogue.ProductCategory",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    heads = models.TextField(
        blank=True, help_text="Stems of the names' head nouns: 'wheat' of 'Durum wheat'."
    )
    # The Kazakh name's stems too (catalogue.search.documents).
    names = models.TextField(help_text="Stems of the English and Russian names.")
    # Not in the full-text index: what ranks a category named in the page's language first.
    # Nullable so that SQLite adds the columns in place: rebuilding the table, as it does
    # to add a NOT NULL column, would drop the triggers that keep its index in step.
    names_ru = models.TextField(null=True, blank=True, help_text="Stems of the Russian name.")  # noqa: DJ001
    names_kk = models.TextField(null=True, blank=True, help_text="Stems of the Kazakh name.")  # noqa: DJ001
    details = models.TextField(blank=True, help_text="Stems of the description and HS texts.")
    exporters = models.TextField(blank=True, help_text="Stems of exporters' names and regions.")

    def __str__(self) -> str:
        return f"search document of {self.category_id}"
