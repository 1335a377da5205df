from django.contrib import admin
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from access.models import ImportRule, RuleSource
from staff.admin_lookups import ListedLookupsOnly

AWAITING = _("awaiting an official's range")


class AwaitingRange(admin.SimpleListFilter):
    title = _("HS range")
    parameter_name = "range"

    def lookups(self, request, model_admin):
        return [("awaiting", AWAITING), ("given", pgettext_lazy("HS range", "given"))]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.filter(hs_from="")
        if self.value() == "given":
            return queryset.exclude(hs_from="")
        return queryset


@admin.register(RuleSource)
class RuleSourceAdmin(ListedLookupsOnly, admin.ModelAdmin):
    list_display = ["title", "date", "url", "key"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    search_fields = ["title", "key"]


@admin.register(ImportRule)
class ImportRuleAdmin(ListedLookupsOnly, admin.ModelAdmin):
    """Officials keep the rules: every save records who checked the rule, and when; the
    history link lists every change."""

    list_display = [
        "item", "kind", "hs_range", "excluding", "conditions", "note", "source", "checked_on",
        "checked_by", "is_active",
    ]  # fmt: skip
    list_filter = ["kind", "is_active", AwaitingRange, "source"]
    search_fields = ["item", "conditions", "note", "hs_from", "hs_to", "excluding"]
    list_select_related = ["source", "checked_by"]
    readonly_fields = ["checked_by", "checked_on", "created_at", "updated_at"]
    actions = ["mark_checked"]

    @admin.display(description=_("HS range"), ordering="hs_from")
    def hs_range(self, obj):
        if obj.awaits_range:
            return AWAITING
        return obj.hs_from if obj.hs_from == obj.hs_to else f"{obj.hs_from}–{obj.hs_to}"

    def save_model(self, request, obj, form, change):
        obj.mark_checked(request.user)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Mark selected rules as checked today"), permissions=["change"])
    def mark_checked(self, request, queryset):
        # Saved one by one (a few hundred rules at most), so pages quoting them follow.
        with transaction.atomic():
            rules = list(queryset)
            for rule in rules:
                rule.mark_checked(request.user)
                rule.save(update_fields=["checked_by", "checked_on"])
        count = len(rules)
        message = ngettext(
            "%(count)d rule marked as checked.", "%(count)d rules marked as checked.", count
        )
        self.message_user(request, message % {"count": count})
