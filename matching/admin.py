from decimal import Decimal
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from catalogue.admin.hs_codes import LabelledHSCodes
from catalogue.lib.form_fields import canonical_email
from catalogue.lib.formatting import format_date, format_money, format_number, format_quantity
from catalogue.lib.normalise import NUMBER_CAP, whole_number
from matching import admin_reports, services
from matching.forms import NigerianNumbersMixin
from matching.jobs import may_export_interests
from matching.matcher import related_exporters
from matching.models import Buyer, Interest, InterestLine, Introduction, Match, StatusChange
from matching.nigeria import State
from matching.revisions import what_confirming_does
from staff.admin_lookups import ListedLookupsOnly


class BuyerAdminForm(NigerianNumbersMixin, forms.ModelForm):
    class Meta:
        model = Buyer
        fields = ["company_name", "cac_number", "state", "city", "contact_name", "email", "phone"]

    def clean_email(self) -> str:
        return canonical_email(self.cleaned_data["email"])  # as the public form stores it


@admin.register(Buyer)
class BuyerAdmin(ListedLookupsOnly, admin.ModelAdmin):
    form = BuyerAdminForm
    list_display = ["company_name", "cac_number", "state", "city", "contact_name", "email", "phone"]
    list_filter = ["state", ("erased_at", admin.EmptyFieldListFilter)]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_erased:  # nothing left to correct
            return [*BuyerAdminForm.Meta.fields, "erased_at"]
        return super().get_readonly_fields(request, obj)

    search_fields = ["company_name", "cac_number", "email", "phone", "contact_name"]


class WrittenNumberField(forms.DecimalField):
    """A quantity or price as the admin's language writes it («5 000», «285,5»; through
    catalogue.lib.formatting), and read back the same way, or with a dot."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 14})

    def prepare_value(self, value):
        return format_number(value) if isinstance(value, Decimal | int | float) else value

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()[:40]
            grouping = {get_format("THOUSAND_SEPARATOR"), " ", "\xa0", "\u202f"}
            for separator in grouping - {get_format("DECIMAL_SEPARATOR")}:
                value = value.replace(separator, "")
            value = value.replace(get_format("DECIMAL_SEPARATOR"), ".")
        return super().to_python(value)


WRITTEN_NUMBERS = {models.DecimalField: {"form_class": WrittenNumberField}}


class InterestLineInline(LabelledHSCodes, admin.StackedInline):
    """A buyer's product lines; once nothing may be edited, quantity and price are shown as
    the admin's language writes them, each with its unit or currency."""

    model = InterestLine
    extra = 0
    autocomplete_fields = ["category", "suggested_hs"]
    hs_code_fields = ("suggested_hs",)
    formfield_overrides = WRITTEN_NUMBERS

    def get_exclude(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return ["rules_seen"]
        return ["rules_seen", "quantity", "unit", "target_price", "currency"]

    def get_readonly_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return ["shown_rules_seen"]
        return ["shown_quantity", "shown_price", "shown_rules_seen"]

    @admin.display(description=_("quantity"))
    def shown_quantity(self, line):
        return format_quantity(line.quantity, line.unit) or "—"

    @admin.display(description=_("target price"))
    def shown_price(self, line):
        return format_money(line.target_price, line.currency) or "—"

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return _editable(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(obj) and super().has_delete_permission(request, obj)


def _editable(obj) -> bool:
    """Whether staff may edit an interest's lines: not once it is anonymised."""
    interest = obj.interest if isinstance(obj, InterestLine) else obj
    return interest is None or interest.anonymised_at is None


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "from_status", "to_status", "changed_by", "shown_note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class InterestForm(forms.ModelForm):
    """Status changes go through the workflow: only the next allowed statuses are offered."""

    move_to = forms.ChoiceField(label=_("Move to"), required=False)
    status_note = forms.CharField(
        label=_("Note on the status change"), required=False, max_length=500
    )
    share_note = forms.BooleanField(
        label=_("Tell the buyer this note"),
        required=False,
        help_text=_(
            "The buyer is e-mailed when their request is matched, contacted or closed; "
            "the note goes with it only if this is ticked."
        ),
    )

    class Meta:
        model = Interest
        fields = ["assigned_to", "staff_notes"]

    def clean(self):
        data = super().clean()
        if data.get("status_note") and not data.get("move_to"):
            self.add_error(
                "status_note",
                gettext(
                    "A note goes with a status change: choose where to move the interest, or "
                    "write it in the staff notes."
                ),
            )
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["move_to"].choices = [("", gettext("— keep the status —"))] + [
            (s.value, s.label)
            for s in Interest.Status
            if self.instance.pk and self.instance.can_move_to(s)
        ]


def _matches_count():
    """A correlated count, not a join: reports that reuse the list's queryset stay lean."""
    matches = (
        Match.objects.filter(line__interest=OuterRef("pk"))
        .order_by()
        .values("line__interest")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(matches), 0)


def _flagged(line: InterestLine) -> str:
    """A product line, flagged when Nigeria's prohibition list names it."""
    if not line.rules_seen:
        return line.product
    return gettext("%(line)s [prohibition list]") % {"line": line.product}


class OnProhibitionList(admin.SimpleListFilter):
    title = _("Nigeria's prohibition list")
    parameter_name = "prohibited"

    def lookups(self, request, model_admin):
        return [("yes", _("on the list")), ("no", _("not on the list"))]

    def queryset(self, request, queryset):
        named = Exists(InterestLine.objects.filter(interest=OuterRef("pk")).exclude(rules_seen=""))
        if self.value() == "yes":
            return queryset.filter(named)
        if self.value() == "no":
            return queryset.exclude(named)
        return queryset


class MatchOnProhibitionList(OnProhibitionList):
    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(line__rules_seen="")
        if self.value() == "no":
            return queryset.filter(line__rules_seen="")
        return queryset


@admin.register(Interest)
class InterestAdmin(ListedLookupsOnly, admin.ModelAdmin):
    form = InterestForm
    list_display = [
        "__str__", "buyer", "buyer_state", "products", "status", "created_at", "assigned_to",
        "match_count",
    ]  # fmt: skip
    list_filter = [
        "status", "buyer__state", "lines__category__sector", OnProhibitionList, "assigned_to",
        "created_at",
    ]  # fmt: skip
    search_fields = [
        "reference", "buyer__company_name", "buyer__email", "buyer__phone", "lines__category__name",
        "lines__free_text",
    ]  # fmt: skip
    list_select_related = ["buyer", "assigned_to"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "reference",
        "status",
        "language",
        "buyer_details",
        "contact_channel",
        "contact_times",
        "consent_at",
        "consent_version",
        "confirming_changes",
        "created_at",
        "confirmed_at",
        "matches_table",
        "related_table",
    ]
    fields = [
        "reference", "status", "move_to", "status_note", "share_note", "assigned_to", "staff_notes",
        "buyer_details", "language", "contact_channel", "contact_times", "consent_at",
        "consent_version", "confirming_changes", "created_at", "confirmed_at", "matches_table",
        "related_table",
    ]  # fmt: skip
    inlines = [InterestLineInline, StatusChangeInline]
    actions = ["export_selected"]
    # Enter in a field presses the form's first button: Save, not the first match's Accept.
    save_on_top = True

    def get_urls(self):
        site = self.admin_site
        return [
            path("export/", site.admin_view(self.export_view), name="matching_interest_export"),
            path(
                "<int:interest_id>/decide/",
                site.admin_view(self.decide_view),
                name="matching_interest_decide",
            ),
            path(
                "<int:interest_id>/introduce/",
                site.admin_view(self.introduce_view),
                name="matching_interest_introduce",
            ),
            path(
                "dashboard/",
                site.admin_view(partial(admin_reports.dashboard_view, site=site)),
                name="matching_interest_dashboard",
            ),
            *super().get_urls(),
        ]

    def has_export_permission(self, request):
        return may_export_interests(request.user)

    @admin.action(description=_("Export selected to Excel"), permissions=["export"])
    def export_selected(self, request, queryset):
        count = queryset.count()
        selection = ngettext("%(count)d interest", "%(count)d interests", count) % {"count": count}
        filters = [*admin_reports.describe_filters(request), (gettext("selection"), selection)]
        return admin_reports.queue_report(request, queryset, filters)

    @method_decorator(require_POST)
    def decide_view(self, request, interest_id: int):
        """Accept or reject one match from its interest's page, as the match list does."""
        if not request.user.has_perm("matching.change_match"):
            raise PermissionDenied
        if interest_id >= NUMBER_CAP:  # more than a database integer holds
            raise Http404
        for status in (Match.Status.ACCEPTED, Match.Status.REJECTED):
            match_id = whole_number(request.POST.get(f"decide_{status}", "")[:20])
            if match_id is not None:
                chosen = Match.objects.filter(pk=match_id, line__interest_id=interest_id)
                match = chosen.select_related("offer__exporter", "line__category").first()
                if services.decide_matches(matches=chosen, status=status, user=request.user):
                    self.message_user(
                        request,
                        str(DECIDED_ONE[status])
                        % {"exporter": match.offer.exporter, "line": match.line.product},
                    )
        return redirect(reverse("admin:matching_interest_change", args=[interest_id]))

    @method_decorator(require_POST)
    def introduce_view(self, request, interest_id: int):
        """Introduce the buyer to one exporter they agreed to, from the interest's page."""
        if not request.user.has_perm("matching.change_introduction"):
            raise PermissionDenied
        if interest_id >= NUMBER_CAP:
            raise Http404
        exporter_id = whole_number(request.POST.get("introduce", "")[:20])
        if exporter_id is not None:
            agreed = Introduction.objects.filter(
                interest_id=interest_id, exporter_id=exporter_id
            ).first()
            if agreed is None:
                self.message_user(
                    request,
                    gettext("The buyer has not agreed to this introduction."),
                    messages.ERROR,
                )
            else:
                _introduce(self, request, [agreed])
        return redirect(reverse("admin:matching_interest_change", args=[interest_id]))

    def export_view(self, request):
        """Every interest the list shows with the current filters and search."""
        if not may_export_interests(request.user):
            raise PermissionDenied
        try:
            interests = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:  # as the list itself answers such filters
            return redirect(reverse("admin:matching_interest_changelist") + "?e=1")
        filters = admin_reports.describe_filters(request)
        if request.method != "POST":  # a link leads here; the button below queues the job
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("Export interests to Excel"),
                "count": interests.count(),
                "filters": filters,
            }
            return TemplateResponse(request, "admin/matching/export.html", context)
        return admin_reports.queue_report(request, interests, filters)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(matches_count=_matches_count())
            .prefetch_related("lines__category")
        )

    def has_add_permission(self, request):
        return False  # a request comes from its buyer, with their consent

    def has_change_permission(self, request, obj=None):
        # An anonymised request is kept for the counts only: nothing to edit, nothing that
        # may write the buyer's words back.
        if obj is not None and obj.anonymised_at is not None:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            # Erased or anonymised since the page was opened: nothing is written back.
            current = Interest.objects.select_for_update().filter(pk=obj.pk).first()
            if current is None or current.anonymised_at is not None:
                raise PermissionDenied
        # Only what the form edits: a buyer's action meanwhile stays.
        obj.save(update_fields=[*InterestForm.Meta.fields, "updated_at"] if change else None)
        move_to = form.cleaned_data.get("move_to")
        if move_to:
            try:
                services.change_status(
                    interest=obj,
                    to=move_to,
                    user=request.user,
                    note=form.cleaned_data["status_note"],
                    share_note=form.cleaned_data["share_note"],
                )
            except services.WorkflowError as error:
                messages.error(request, str(error))

    @admin.display(description=_("state"), ordering="buyer__state")
    def buyer_state(self, obj):
        return obj.buyer.get_state_display()

    @admin.display(description=_("products"))
    def products(self, obj):
        return ", ".join(_flagged(line) for line in obj.lines.all())

    @admin.display(description=_("matches"), ordering="matches_count")
    def match_count(self, obj):
        return obj.matches_count

    @admin.display(description=_("buyer"))
    def buyer_details(self, obj):
        """As sent with this request until it is confirmed, the buyer's record after."""
        url = reverse("admin:matching_buyer_change", args=[obj.buyer_id])
        if obj.anonymised_at is not None:
            removed = gettext("personal data removed on %(day)s") % {"day": _day(obj.anonymised_at)}
            return format_html(
                '<a href="{}">{}</a>, {}: {}',
                url, obj.buyer, State(obj.buyer_now["state"]).label, removed,
            )  # fmt: skip
        sent = obj.buyer_now
        return format_html(
            '<a href="{}">{}</a> {}<br>{}, {} · {} · {} · {}',
            url, sent["company_name"], sent["cac_number"], sent["city"], State(sent["state"]).label,
            sent["contact_name"], obj.buyer.email, sent["phone"],
        )  # fmt: skip

    @admin.display(description=_("confirming also changes"))
    def confirming_changes(self, obj):
        """What the address owner was shown: staff confirming on their behalf apply the same."""
        if obj.pk is None or obj.status != Interest.Status.NEW:  # the add page has none
            return "—"
        confirmation = what_confirming_does(obj)
        changes = [
            gettext("company details: %(change)s") % {"change": change}
            for change in confirmation.details_changes
        ]
        changes += [
            gettext("%(line)s in %(interest)s: %(changes)s")
            % {
                "line": r.earlier,
                "interest": r.earlier.interest,
                "changes": "; ".join(map(str, r.changes)) or "—",
            }
            for r in confirmation.revisions
        ]
        if not changes:
            return gettext("Nothing stored: a new request.")
        return format_html_join(mark_safe("<br>"), "{}", ((change,) for change in changes))

    @admin.display(description=_("matched exporters"))
    def matches_table(self, obj):
        matches = (
            Match.objects.filter(line__interest=obj)
            .select_related(
                "line__interest", "line__category", "offer__exporter", "offer__category"
            )
            .order_by("line", "-score")
        )
        if not matches:
            return gettext("No match yet.")
        decide = reverse("admin:matching_interest_decide", args=[obj.pk])
        introduce = reverse("admin:matching_interest_introduce", args=[obj.pk])
        agreed = {intro.exporter_id: intro for intro in obj.introductions.all()}
        hint = gettext(
            "Accept, Reject and Introduce act at once and save nothing else on this page."
        )
        accept, reject = gettext("Accept"), gettext("Reject")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            "<td>{} {}</td><td>{}</td></tr>",
            (
                (
                    _flagged(m.line),
                    m.offer.exporter.name,
                    "; ".join(m.products) or m.offer.category.display_name,
                    format_number(m.score, 2),
                    "; ".join(m.shown_reasons()),
                    m.get_status_display(),
                    _post_button(decide, f"decide_{Match.Status.ACCEPTED}", m.pk, accept),
                    _post_button(decide, f"decide_{Match.Status.REJECTED}", m.pk, reject),
                    _introduction_cell(agreed.get(m.offer.exporter_id), introduce, m),
                )
                for m in matches
            ),
        )
        review = reverse("admin:matching_match_changelist") + f"?line__interest__id__exact={obj.pk}"
        headings = [
            gettext("line"), gettext("exporter"), gettext("matching products"), gettext("score"),
            gettext("reasons"), gettext("status"), gettext("decide"), gettext("introduction"),
        ]  # fmt: skip
        return format_html(
            '<p class="help">{}</p><table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>'
            '<p><a href="{}">{}</a></p>',
            hint,
            format_html_join("", "<th>{}</th>", ((heading,) for heading in headings)),
            rows,
            review,
            gettext("These matches in the match list"),
        )

    @admin.display(description=_("related exporters (not matches)"))
    def related_table(self, obj):
        """Per line, exporters of other products under its HS heading: where staff may look
        when the product itself has no match."""
        if obj.pk is None:
            return "—"
        lines = obj.lines.select_related("category").prefetch_related(
            "category__codes", "matches__offer"
        )
        rows = []
        for line in lines:
            matched = {m.offer.exporter_id for m in line.matches.all()}
            for exporter, products in related_exporters(line, matched).items():
                rows.append((line, exporter, "; ".join(products)))
        if not rows:
            return gettext("None under the same HS heading.")
        return format_html(
            "<p>{}</p><table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            gettext(
                "Other products of the same HS heading: not what the buyer asked for, so not "
                "matched; a lead to follow only if the exporter can make the product."
            ),
            gettext("line"),
            gettext("exporter"),
            gettext("its products in the heading"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )


def _post_button(url: str, name: str, value, label: str) -> str:
    """A button of the change form that posts to another view: no form inside a form."""
    return format_html(
        '<button type="submit" formaction="{}" formnovalidate name="{}" value="{}">{}</button>',
        url, name, value, label,
    )  # fmt: skip


def _introduction_cell(introduction, url: str, match: Match) -> str:
    """What the buyer agreed for this match's exporter: without agreement, no introduction."""
    if introduction is None:
        return gettext("not agreed by the buyer")
    if introduction.introduced_at:
        by = introduction.introduced_by or gettext("staff")
        return gettext("introduced %(day)s by %(who)s") % {
            "day": _day(introduction.introduced_at),
            "who": by,
        }
    agreed = {"day": _day(introduction.agreed_at)}
    if match.status == Match.Status.REJECTED:
        return gettext("agreed %(day)s; no introduction (rejected)") % agreed
    if not match.line.interest.is_open:
        return gettext("agreed %(day)s; no introduction (request not open)") % agreed
    if not match.offer.exporter.email:
        change = reverse("admin:catalogue_exporter_change", args=[match.offer.exporter_id])
        return format_html(
            gettext('agreed {day}; <a href="{url}">add the exporter\'s e-mail</a> to introduce'),
            day=_day(introduction.agreed_at), url=change,
        )  # fmt: skip
    return format_html(
        "{} {}",
        gettext("agreed %(day)s") % agreed,
        _post_button(url, "introduce", match.offer.exporter_id, gettext("Introduce")),
    )


def _day(moment) -> str:
    return format_date(moment)


def _introduce(modeladmin, request, introductions) -> None:
    done = 0
    for introduction in introductions:
        try:
            done += services.introduce(introduction=introduction, user=request.user)
        except services.WorkflowError as error:
            modeladmin.message_user(request, f"{introduction}: {error}", messages.ERROR)
    if done:
        made = ngettext(
            "%(count)d introduction made: the buyer's details e-mailed to the exporter, the "
            "exporter's to the buyer.",
            "%(count)d introductions made: the buyer's details e-mailed to the exporters, the "
            "exporters' to the buyers.",
            done,
        )
        modeladmin.message_user(request, made % {"count": done})


@admin.register(Introduction)
class IntroductionAdmin(ListedLookupsOnly, admin.ModelAdmin):
    """The exporters buyers agreed to be introduced to: those still to introduce first."""

    list_display = ["interest", "exporter", "agreed_at", "introduced_at", "introduced_by"]
    list_filter = [("introduced_at", admin.EmptyFieldListFilter), "agreed_at"]
    search_fields = ["interest__reference", "exporter__name"]
    list_select_related = ["interest", "exporter", "introduced_by"]
    readonly_fields = list_display
    fields = list_display
    ordering = [F("introduced_at").asc(nulls_first=True), "-agreed_at"]
    actions = ["introduce_selected"]

    def has_add_permission(self, request):
        return False  # only the buyer agrees, and only the buyer takes an agreement back

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(
        description=_("Introduce: e-mail the buyer's details to the exporter"),
        permissions=["change"],
    )
    def introduce_selected(self, request, queryset):
        _introduce(self, request, queryset.filter(introduced_at__isnull=True))


@admin.register(InterestLine)
class InterestLineAdmin(LabelledHSCodes, ListedLookupsOnly, admin.ModelAdmin):
    list_display = ["interest", "shown_product", "free_text", "shown_quantity", "frequency", "port"]
    list_filter = ["unit", "frequency", "incoterm", "port"]
    search_fields = [
        "interest__reference", "category__name", "category__name_ru", "category__name_kk",
        "free_text",
    ]  # fmt: skip
    list_select_related = ["interest", "category"]
    autocomplete_fields = ["category", "suggested_hs"]
    hs_code_fields = ("suggested_hs",)
    raw_id_fields = ["interest"]
    formfield_overrides = WRITTEN_NUMBERS

    @admin.display(description=_("Product"), ordering="category__name")
    def shown_product(self, line):
        return line.product

    @admin.display(description=_("quantity"), ordering="quantity")
    def shown_quantity(self, line):
        return format_quantity(line.quantity, line.unit) or "—"

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if (
            change
            and Interest.objects.select_for_update()
            .filter(pk=obj.interest_id, anonymised_at__isnull=False)
            .exists()
        ):
            raise PermissionDenied  # anonymised since the page was opened
        super().save_model(request, obj, form, change)


# What staff are told of a decision on one match, on many, and what the list's action reads.
DECIDED_ONE = {
    Match.Status.ACCEPTED: _("%(exporter)s for %(line)s: match accepted."),
    Match.Status.REJECTED: _("%(exporter)s for %(line)s: match rejected."),
}


def _decided_many(status: str, count: int) -> str:
    if status == Match.Status.ACCEPTED:
        said = ngettext("%(count)d match accepted.", "%(count)d matches accepted.", count)
    else:
        said = ngettext("%(count)d match rejected.", "%(count)d matches rejected.", count)
    return said % {"count": count}


DECIDE_ACTION = {
    Match.Status.ACCEPTED: _("Mark selected matches accepted"),
    Match.Status.REJECTED: _("Mark selected matches rejected"),
}


def _decide(status):
    def action(modeladmin, request, queryset):
        count = services.decide_matches(matches=queryset, status=status, user=request.user)
        modeladmin.message_user(request, _decided_many(status, count))

    action.__name__ = f"mark_{status}"
    action.short_description = DECIDE_ACTION[status]
    action.allowed_permissions = ("change",)
    return action


@admin.register(Match)
class MatchAdmin(ListedLookupsOnly, admin.ModelAdmin):
    list_display = [
        "interest_reference", "product_line", "exporter", "products_text", "shown_score",
        "reasons_text", "status",
    ]  # fmt: skip
    # By interest: the interest page's "Accept or reject these matches" opens its own.
    list_filter = [
        "status",
        ("line__interest", admin.RelatedOnlyFieldListFilter),
        ("line", admin.RelatedOnlyFieldListFilter),
        ("offer__exporter", admin.RelatedOnlyFieldListFilter),
        MatchOnProhibitionList,
    ]
    search_fields = ["line__interest__reference", "offer__exporter__name", "offer__category__name"]
    list_select_related = [
        "line__interest", "line__category", "offer__exporter", "offer__category",
    ]  # fmt: skip
    raw_id_fields = ["line", "offer"]
    readonly_fields = [
        "products_text", "shown_score", "reasons_text", "computed_at", "decided_by", "decided_at",
    ]  # fmt: skip
    fields = [
        "line",
        "offer",
        "products_text",
        "shown_score",
        "reasons_text",
        "status",
        "staff_notes",
        "computed_at",
        "decided_by",
        "decided_at",
    ]
    actions = [_decide(Match.Status.ACCEPTED), _decide(Match.Status.REJECTED)]

    @admin.display(description=_("interest"), ordering="line__interest__reference")
    def interest_reference(self, obj):
        return obj.line.interest

    @admin.display(description=_("line"), ordering="line")
    def product_line(self, obj):
        return _flagged(obj.line)

    @admin.display(description=_("exporter"), ordering="offer__exporter__name")
    def exporter(self, obj):
        return obj.offer.exporter

    @admin.display(description=_("reasons"))
    def reasons_text(self, obj):
        return "; ".join(obj.shown_reasons())

    @admin.display(description=_("matching products"))
    def products_text(self, obj):
        return "; ".join(obj.products) or obj.offer.category.display_name

    @admin.display(description=_("score"), ordering="score")
    def shown_score(self, obj):
        return format_number(obj.score, 2)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "status" in form.changed_data:  # as the list's actions decide
            services.decide_matches(
                matches=Match.objects.filter(pk=obj.pk), status=obj.status, user=request.user
            )
