from django.contrib import admin
from django.db.models import Count

from matching.models import Buyer, Interest, InterestLine, Match, StatusChange


@admin.register(Buyer)
class BuyerAdmin(admin.ModelAdmin):
    list_display = ["company_name", "cac_number", "state", "city", "contact_name", "email", "phone"]
    list_filter = ["state"]
    search_fields = ["company_name", "cac_number", "email", "phone", "contact_name"]


class InterestLineInline(admin.StackedInline):
    model = InterestLine
    extra = 0
    autocomplete_fields = ["category", "suggested_hs"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = [
        "__str__", "buyer", "buyer_state", "status", "created_at", "assigned_to", "line_count",
    ]  # fmt: skip
    list_filter = ["status", "buyer__state", "lines__category__sector", "assigned_to"]
    search_fields = [
        "reference", "buyer__company_name", "buyer__email", "lines__category__name",
        "lines__free_text",
    ]  # fmt: skip
    list_select_related = ["buyer", "assigned_to"]
    raw_id_fields = ["buyer"]
    date_hierarchy = "created_at"
    inlines = [InterestLineInline, StatusChangeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(lines_count=Count("lines", distinct=True))

    @admin.display(description="state", ordering="buyer__state")
    def buyer_state(self, obj):
        return obj.buyer.get_state_display()

    @admin.display(description="lines", ordering="lines_count")
    def line_count(self, obj):
        return obj.lines_count


@admin.register(InterestLine)
class InterestLineAdmin(admin.ModelAdmin):
    list_display = ["interest", "category", "free_text", "quantity", "unit", "frequency", "port"]
    list_filter = ["unit", "frequency", "incoterm", "port"]
    search_fields = ["interest__reference", "category__name", "free_text"]
    list_select_related = ["interest", "category"]
    autocomplete_fields = ["category", "suggested_hs"]
    raw_id_fields = ["interest"]


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["line", "offer", "score", "status", "computed_at"]
    list_filter = ["status"]
    search_fields = ["line__interest__reference", "offer__exporter__name", "offer__category__name"]
    list_select_related = ["line__interest", "line__category", "offer__exporter"]
    raw_id_fields = ["line", "offer"]
