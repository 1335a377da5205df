from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext

from about.models import SECTIONS, AboutPage
from staff.admin_lookups import ListedLookupsOnly


@admin.register(AboutPage)
class AboutPageAdmin(ListedLookupsOnly, admin.ModelAdmin):
    """One page to edit, never deleted; its history link lists every change.

    The list, filters and search of other pages have nothing to do with one row: the list
    opens the row."""

    fieldsets = [
        (title, {"fields": [field, f"{field}_ru", f"{field}_kk"]}) for field, title in SECTIONS
    ]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request):
        return not AboutPage.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        page = AboutPage.objects.first()
        if page is not None and self.has_view_or_change_permission(request, page):
            return redirect("admin:about_aboutpage_change", page.pk)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        page = self.get_object(request, object_id)
        left = page.placeholders_left() if page and request.method == "GET" else []
        if left:
            names = ", ".join(str(AboutPage._meta.get_field(name).verbose_name) for name in left)
            messages.warning(
                request,
                gettext(
                    "Still to be written: %(sections)s. Until the English text of a section "
                    "is written, visitors are told it has not been provided yet; replace each "
                    "bracketed placeholder with the ministry's own text."
                )
                % {"sections": names},
            )
        return super().change_view(request, object_id, form_url, extra_context)
