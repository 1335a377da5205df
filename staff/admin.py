from django.contrib import admin

from staff.admin_lookups import ListedLookupsOnly
from staff.models import AdminLanguage


@admin.register(AdminLanguage)
class AdminLanguageAdmin(ListedLookupsOnly, admin.ModelAdmin):
    list_display = ["user", "language"]
    list_filter = ["language"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
