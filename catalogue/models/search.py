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
    names = models.TextField(help_text="Stems of the English and Russian names.")
    details = models.TextField(blank=True, help_text="Stems of the description and HS texts.")
    exporters = models.TextField(blank=True, help_text="Stems of exporters' names and regions.")

    def __str__(self) -> str:
        return f"search document of {self.category_id}"
