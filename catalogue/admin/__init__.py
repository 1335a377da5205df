from functools import partial

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from access.rules import access_for
from catalogue import jobs as catalogue_jobs
from catalogue.admin import imports as admin_import
from catalogue.admin import review as admin_review
from catalogue.admin.hs_codes import LabelledHSCodes
from catalogue.jobs import may_import
from catalogue.lib.formatting import format_quantity
from catalogue.lib.languages import field_for, page_language
from catalogue.models import (
    MAX_FEATURED,
    CategoryCode,
    Certification,
    Exporter,
    ImportBatch,
    ImportedName,
    ImportIssue,
    Offer,
    ProductCategory,
    Sector,
    SectorRange,
)
from catalogue.sectors import assign_sectors, ranges_of, reassign_sectors
from catalogue.services import confirm_category_code, set_published
from jobs.admin import follow
from staff.admin_lookups import ListedLookupsOnly


class CategoryCodeInline(LabelledHSCodes, admin.TabularInline):
    model = CategoryCode
    extra = 0
    autocomplete_fields = ["hs_code"]
    hs_code_fields = ("hs_code",)
    readonly_fields = ["confirmed_by", "confirmed_at"]


class OfferInline(admin.TabularInline):
    model = Offer
    extra = 0
    autocomplete_fields = ["exporter", "category"]
    fields = ["exporter", "category", "capacity", "unit", "moq", "incoterms", "is_active"]


class ImportedNameInline(admin.TabularInline):
    """Names imports know the category by, as officials decided: delete one to be asked
    again."""

    model = ImportedName
    extra = 0
    fields = ["name", "code", "decided_by", "decided_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class OnProhibitionList(admin.SimpleListFilter):
    title = _("Nigeria's prohibition list")
    parameter_name = "prohibited"

    def lookups(self, request, model_admin):
        return [("yes", _("a code is on it")), ("no", _("no code is on it"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.under_prohibition()
        if self.value() == "no":
            return queryset.importable()
        return queryset


def _prohibition_notice(rule) -> str:
    if rule.conditions:
        text = gettext(
            "On the prohibition list for trade: %(goods)s (conditions: %(conditions)s). "
            "Buyers see the notice and acknowledge it; unpublish the product, or describe "
            "what may be imported instead."
        )
    else:
        text = gettext(
            "On the prohibition list for trade: %(goods)s. Buyers see the notice and "
            "acknowledge it; unpublish the product, or describe what may be imported instead."
        )
    return text % {"goods": rule.item, "conditions": rule.conditions}


@admin.register(ProductCategory)
class ProductCategoryAdmin(ListedLookupsOnly, admin.ModelAdmin):
    list_display = [
        "name", "name_ru", "primary_code", "sector", "is_published", "prohibited", "updated_at",
    ]  # fmt: skip
    list_filter = ["is_published", OnProhibitionList, "sector", "codes__status"]
    search_fields = ["name", "name_ru", "name_kk", "slug", "codes__hs_code__code"]
    list_select_related = ["sector"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["import_batch"]
    readonly_fields = ["import_rules"]
    inlines = [CategoryCodeInline, OfferInline, ImportedNameInline]
    actions = ["unpublish", "publish"]

    def get_urls(self):
        site = self.admin_site
        return [
            path(
                "review/",
                site.admin_view(partial(admin_review.review_view, site=site)),
                name="catalogue_productcategory_review",
            ),
            path(
                "export/",
                site.admin_view(self.export_view),
                name="catalogue_productcategory_export",
            ),
            path(
                "<int:category_id>/accept-code/",
                site.admin_view(partial(admin_review.accept_view, site=site)),
                name="catalogue_productcategory_accept",
            ),
            *super().get_urls(),
        ]

    def get_list_display(self, request):
        """In Russian or Kazakh the list leads with the name in that language (as the public
        pages show it); the English name officials curate stays beside it."""
        if page_language(get_language()) == "en":
            return self.list_display
        return ["shown_name", *(field for field in self.list_display if field != "name_ru")]

    def get_ordering(self, request):
        """By the name shown, in the official's alphabet (catalogue.lib.collation)."""
        return [field_for("name_order", page_language(get_language())), "pk"]

    @admin.display(description=pgettext_lazy("column", "name"))
    def shown_name(self, obj):
        return obj.display_name

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("codes").with_prohibition_flag()

    @admin.display(description=_("prohibition list"), boolean=True, ordering="on_prohibition_list")
    def prohibited(self, obj):
        return obj.on_prohibition_list

    @admin.display(description=_("Nigeria's import rules"))
    def import_rules(self, obj):
        """What buyers are shown: the prohibitions on its codes, with their conditions."""
        prohibitions = access_for(code.hs_code_id for code in obj.codes.all()).prohibitions
        if not prohibitions:
            return gettext("No code of this product is on Nigeria's prohibition list.")
        return format_html_join(
            mark_safe("<br>"),
            "{}",
            ([_prohibition_notice(rule)] for rule in prohibitions),
        )

    @admin.action(description=_("Unpublish selected product categories"), permissions=["change"])
    def unpublish(self, request, queryset):
        changed = set_published(categories=queryset, published=False)
        message = ngettext(
            "%(count)d product category unpublished.",
            "%(count)d product categories unpublished.",
            changed,
        )
        self.message_user(request, message % {"count": changed})

    @admin.action(description=_("Publish selected product categories"), permissions=["change"])
    def publish(self, request, queryset):
        changed = set_published(categories=queryset, published=True)
        message = ngettext(
            "%(count)d product category published.",
            "%(count)d product categories published.",
            changed,
        )
        self.message_user(request, message % {"count": changed})

    def export_view(self, request):
        """The whole catalogue as a workbook the importer reads back, written by a worker."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return TemplateResponse(
                request,
                "admin/catalogue/export.html",
                {**self.admin_site.each_context(request), "opts": self.opts,
                 "title": _("Export the catalogue to Excel")},
            )  # fmt: skip
        return follow(request, lambda: catalogue_jobs.start_catalogue_export(user=request.user))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        assign_sectors([form.instance.pk])  # the codes may have changed

    def save_formset(self, request, form, formset, change):
        """A code an official confirms here is recorded as theirs and teaches the suggester."""
        if formset.model is not CategoryCode:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        changed = {obj.pk: fields for obj, fields in formset.changed_objects}
        for code in formset.deleted_objects:
            code.delete()
        for code in instances:
            newly_confirmed = code.status == CategoryCode.Status.CONFIRMED and (
                code.pk is None or "status" in changed.get(code.pk, ())
            )
            if newly_confirmed:  # as the review queue confirms: one service for both
                confirm_category_code(
                    category=form.instance, hs_code=code.hs_code, user=request.user,
                    primary=code.is_primary,
                )  # fmt: skip
            else:
                code.save()

    @admin.display(description=_("HS code"))
    def primary_code(self, obj):
        code = obj.primary_code
        return code.hs_code_id if code else "—"


class SectorRangeInline(admin.TabularInline):
    model = SectorRange
    extra = 1
    fields = ["first", "last"]


class SectorForm(forms.ModelForm):
    class Meta:
        model = Sector
        fields = ["name", "name_ru", "name_kk", "slug", "position", "featured"]

    def clean_featured(self):
        featured = self.cleaned_data["featured"]
        if len(featured) > MAX_FEATURED:
            raise ValidationError(
                gettext("Feature at most {count} products.").format(count=MAX_FEATURED)
            )
        listed = featured.under_prohibition()
        if listed:
            names = ", ".join(str(category) for category in listed)
            message = ngettext(
                "Feature products buyers can import: %(names)s is on Nigeria's import "
                "prohibition list.",
                "Feature products buyers can import: %(names)s are on Nigeria's import "
                "prohibition list.",
                len(listed),
            )
            raise ValidationError(message % {"names": names})
        return featured


@admin.register(Sector)
class SectorAdmin(ListedLookupsOnly, admin.ModelAdmin):
    """Saving or deleting a sector gives the categories under its ranges, before and after,
    the sector that now covers them."""

    form = SectorForm
    list_display = ["name", "name_ru", "position", "hs_ranges", "category_count"]
    search_fields = ["name", "name_ru", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["featured"]  # published products only (limit_choices_to)
    ordering = ["position", "name"]
    inlines = [SectorRangeInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(categories_count=Count("categories", distinct=True))
            .prefetch_related("ranges")
        )

    @admin.display(description=_("HS ranges"))
    def hs_ranges(self, obj):
        return ", ".join(str(r) for r in obj.ranges.all()) or "—"

    @admin.display(description=_("categories"), ordering="categories_count")
    def category_count(self, obj):
        return obj.categories_count

    def save_related(self, request, form, formsets, change):
        before = ranges_of([form.instance.pk])  # the inlines are saved here, not yet
        super().save_related(request, form, formsets, change)
        reassign_sectors(before + ranges_of([form.instance.pk]))

    def delete_model(self, request, obj):
        before = ranges_of([obj.pk])
        super().delete_model(request, obj)
        reassign_sectors(before)

    def delete_queryset(self, request, queryset):
        before = ranges_of(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        reassign_sectors(before)


@admin.register(Certification)
class CertificationAdmin(ListedLookupsOnly, admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class ExporterForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        held = set(cleaned.get("certifications") or [])
        not_held = [c.name for c in cleaned.get("certificates_seen") or [] if c not in held]
        if not_held:
            self.add_error(
                "certificates_seen",
                gettext(
                    "Only certifications the exporter holds can be seen; it does not hold: "
                    "%(names)s."
                )
                % {"names": ", ".join(not_held)},
            )
        return cleaned


@admin.register(Exporter)
class ExporterAdmin(ListedLookupsOnly, admin.ModelAdmin):
    """What officials verified is stamped with who and when on save (Exporter.record_checks);
    the history link lists every change."""

    form = ExporterForm
    list_display = [
        "name", "bin", "region", "is_active", "bin_checked", "is_verified", "offer_count",
    ]  # fmt: skip
    list_filter = ["is_active", "is_verified", "bin_checked", "region", "certifications"]
    search_fields = ["name", "bin", "email"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["certifications", "certificates_seen"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["bin_checked_on", "bin_checked_by", "verified_on", "verified_by"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "bin",
                    "region",
                    "website",
                    "email",
                    "phone",
                    "contact_name",
                    "certifications",
                    "is_active",
                ]  # fmt: skip
            },
        ),
        (
            _("Verification"),
            {
                "description": _(
                    "What you verified yourself. The public page gives the date, never your "
                    "name, and calls everything else declared by the exporter."
                ),
                "fields": [
                    ("bin_checked", "bin_checked_on", "bin_checked_by"),
                    "certificates_seen",
                    ("is_verified", "verified_on", "verified_by"),
                ],
            },
        ),
    ]
    inlines = [OfferInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(offers_count=Count("offers"))

    def save_model(self, request, obj, form, change):
        obj.record_checks(request.user, timezone.localdate(), form.changed_data)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("offers"), ordering="offers_count")
    def offer_count(self, obj):
        return obj.offers_count


@admin.register(Offer)
class OfferAdmin(ListedLookupsOnly, admin.ModelAdmin):
    list_display = [
        "exporter", "product", "shown_capacity", "shown_moq", "incoterms", "is_active",
    ]  # fmt: skip
    list_filter = ["is_active", "unit", "exporter__region"]
    search_fields = ["exporter__name", "category__name", "category__name_ru", "category__name_kk"]
    list_select_related = ["exporter", "category"]
    autocomplete_fields = ["exporter", "category"]

    @admin.display(description=_("product category"), ordering="category__name")
    def product(self, obj):
        """The name in the admin's language, and the English one officials curate."""
        shown = obj.category.display_name
        return shown if shown == obj.category.name else f"{shown} ({obj.category.name})"

    @admin.display(description=_("capacity"), ordering="capacity")
    def shown_capacity(self, obj):
        return format_quantity(obj.capacity, obj.unit) or "—"

    @admin.display(description=_("minimum order quantity"), ordering="moq")
    def shown_moq(self, obj):
        return format_quantity(obj.moq, obj.unit) or "—"


@admin.register(ImportBatch)
class ImportBatchAdmin(ListedLookupsOnly, admin.ModelAdmin):
    list_display = [
        "file_name", "started_at", "run_by", "source", "status",
        "created", "updated", "unchanged", "skipped",
    ]  # fmt: skip
    list_filter = ["status", "source"]
    search_fields = ["file_name", "checksum"]
    list_select_related = ["created_by"]
    date_hierarchy = "started_at"
    # Its issues are listed by importbatch/change_form.html, each once.

    def get_urls(self):
        site = self.admin_site
        return [
            path(
                "import/",
                site.admin_view(partial(admin_import.upload_view, site=site)),
                name="catalogue_import",
            ),
            path(
                "<int:batch_id>/confirm/",
                site.admin_view(partial(admin_import.confirm_view, site=site)),
                name="catalogue_import_confirm",
            ),
            *super().get_urls(),
        ]

    def has_view_permission(self, request, obj=None):
        """Whoever may import sees the batches: an import's job leads to its batch."""
        return super().has_view_permission(request, obj) or may_import(request.user)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or may_import(request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A batch being imported links to its job, for whoever may see that job."""
        job = catalogue_jobs.confirming_job(object_id, request.user)
        extra_context = {**(extra_context or {}), "job": job}
        return super().change_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportIssue)
class ImportIssueAdmin(ListedLookupsOnly, admin.ModelAdmin):
    list_display = ["batch", "level", "sheet", "row", "column", "value", "message_shown"]
    list_filter = ["level"]
    search_fields = ["message", "value", "batch__file_name"]
    list_select_related = ["batch"]
    raw_id_fields = ["batch"]
    fields = ["batch", "level", "sheet", "row", "column", "value", "message_shown"]
    readonly_fields = ["message_shown"]

    @admin.display(description=_("message"))
    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or may_import(request.user)

    def message_shown(self, issue):
        """In the reader's language, whoever's the import was."""
        return issue.shown_message()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
