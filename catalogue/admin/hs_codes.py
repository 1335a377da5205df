"""The HS nomenclature in the admin, and HS codes labelled in the admin's language wherever
a form offers them."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Count, Q
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalogue.lib.normalise import is_ascii_number
from catalogue.models import HSCode, HSSection
from staff.admin_lookups import ListedLookupsOnly


@admin.register(HSSection)
class HSSectionAdmin(ListedLookupsOnly, admin.ModelAdmin):
    list_display = ["roman", "title", "title_ru", "chapter_count"]
    search_fields = ["roman", "title", "title_ru"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(chapters=Count("codes", filter=Q(codes__level=2)))
        )

    @admin.display(description=_("chapters"), ordering="chapters")
    def chapter_count(self, obj):
        return obj.chapters


def hs_code_label(code: HSCode) -> str:
    """An HS code as the admin's language reads it, as the public pages show it: 1001.19 and
    its text in that language (HSCode.text_in; a subheading's heading comes from its parent)."""
    return f"{code.dotted} {code.text_in(get_language())}"


class HSCodeAutocompleteView(AutocompleteJsonView):
    """The HS codes an autocomplete offers, labelled in the admin's language."""

    def get_queryset(self):
        return super().get_queryset().select_related("parent")

    def serialize_result(self, obj, to_field_name):
        return {"id": str(getattr(obj, to_field_name)), "text": hs_code_label(obj)}


class HSCodeAutocomplete(AutocompleteSelect):
    url_name = "%s:catalogue_hscode_autocomplete"


class LabelledHSCodes:
    """For a ModelAdmin or an inline: its HS code fields (`hs_code_fields`, also listed in
    autocomplete_fields) offer and show codes with their text in the admin's language."""

    hs_code_fields: tuple[str, ...] = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name not in self.hs_code_fields:
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        kwargs["widget"] = HSCodeAutocomplete(db_field, self.admin_site, using=kwargs.get("using"))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        field.queryset = field.queryset.select_related("parent")
        field.label_from_instance = hs_code_label
        return field


@admin.register(HSCode)
class HSCodeAdmin(ListedLookupsOnly, admin.ModelAdmin):
    list_display = ["code", "level", "description", "description_ru", "parent", "section"]
    list_filter = ["level", "section"]
    search_fields = ["code", "description", "description_ru"]
    list_select_related = ["parent", "section"]
    raw_id_fields = ["parent"]
    ordering = ["code"]
    list_per_page = 100

    def get_urls(self):
        view = HSCodeAutocompleteView.as_view(admin_site=self.admin_site)
        return [
            path(
                "autocomplete/",
                self.admin_site.admin_view(view),
                name="catalogue_hscode_autocomplete",
            ),
            *super().get_urls(),
        ]

    def get_search_results(self, request, queryset, search_term):
        # "0402.21" and "0402 21" find 040221.
        compact = search_term.replace(".", "").replace(" ", "")
        if is_ascii_number(compact):
            return queryset.filter(code__startswith=compact), False
        return super().get_search_results(request, queryset, search_term)
