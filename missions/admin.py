"""Officials run a mission from the admin: its sessions and breaks, the delegation and the
guests, the meeting requests, the scheduler, the agendas and the master schedule."""

from __future__ import annotations

import io
from functools import partial

from django.contrib import admin, messages
from django.db.models import Count, Min
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jobs.admin import follow
from missions import on_the_day, planning, services
from missions.agendas import agendas
from missions.jobs import start_scheduling
from missions.models import Break, Meeting, MeetingRequest, Mission, Participant, Session
from missions.report import report_view, totals
from missions.workbook import write_master_schedule
from staff.admin_lookups import ListedLookupsOnly

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SessionInline(admin.TabularInline):
    model = Session
    extra = 2  # a mission is mostly two days
    show_change_link = True  # its breaks are set on its own page


class BreakInline(admin.TabularInline):
    model = Break
    extra = 1


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "mission"]
    list_select_related = ["mission"]
    inlines = [BreakInline]
    raw_id_fields = ["mission"]

    def has_module_permission(self, request):
        return False  # reached from its mission's page

    def response_change(self, request, obj):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_change(request, obj)
        self.message_user(request, _("Saved: %(session)s.") % {"session": obj})
        return redirect(reverse("admin:missions_mission_change", args=[obj.mission_id]))


def _one_mission(modeladmin, request, queryset) -> Mission | None:
    if queryset.count() != 1:
        modeladmin.message_user(request, _("Choose one mission."), messages.WARNING)
        return None
    return queryset.get()


def _warn_unreached(modeladmin, request, done: services.Sent) -> None:
    if done.unreached:
        modeladmin.message_user(
            request,
            _("No e-mail address, not written to: %(names)s. Add one, or reach them otherwise.")
            % {"names": ", ".join(done.unreached)},
            messages.WARNING,
        )


@admin.register(Mission)
class MissionAdmin(ListedLookupsOnly, admin.ModelAdmin):
    list_display = ["name", "city", "status", "first_day", "participant_count", "day_links"]
    list_filter = ["status", "time_zone"]
    search_fields = ["name", "city", "venue"]
    filter_horizontal = ["sectors"]
    inlines = [SessionInline]
    readonly_fields = ["day_links", "summary"]
    actions = [
        "propose_meetings",
        "run_scheduler",
        "publish_preliminary",
        "publish_final",
        "master_schedule",
        "print_agendas",
    ]

    def get_urls(self):
        site = self.admin_site
        return [
            path(
                "<int:mission_id>/check-in/",
                site.admin_view(partial(on_the_day.check_in_view, site=site)),
                name="missions_mission_check_in",
            ),
            path(
                "meeting/<int:meeting_id>/outcome/",
                site.admin_view(partial(on_the_day.outcome_view, site=site)),
                name="missions_meeting_outcome",
            ),
            path(
                "<int:mission_id>/report/",
                site.admin_view(report_view),
                name="missions_mission_report",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=gettext_lazy("on the day and after"))
    def day_links(self, mission):
        if mission.pk is None:
            return "–"
        of_mission = f"?mission__id__exact={mission.pk}"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:missions_participant_changelist") + of_mission,
            _("Participants"),
            reverse("admin:missions_meetingrequest_changelist") + of_mission,
            _("Meeting requests"),
            reverse("admin:missions_mission_check_in", args=[mission.pk]),
            _("Check-in and outcomes"),
            reverse("admin:missions_mission_report", args=[mission.pk]),
            _("Mission report (Excel)"),
        )

    @admin.display(description=gettext_lazy("so far"))
    def summary(self, mission):
        if mission.pk is None:
            return "–"
        return format_html_join(
            mark_safe("<br>"), "{}: {}", ((what, count) for what, count in totals(mission).rows())
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                first_date=Min("sessions__date"),
                participant_total=Count("participants", distinct=True),
            )
        )

    @admin.display(description=gettext_lazy("first day"), ordering="first_date")
    def first_day(self, mission):
        return mission.first_date

    @admin.display(description=gettext_lazy("participants"), ordering="participant_total")
    def participant_count(self, mission):
        return mission.participant_total

    @admin.action(
        description=gettext_lazy("Invite matched buyers and propose meetings"),
        permissions=["change"],
    )
    def propose_meetings(self, request, queryset):
        for mission in queryset:
            done = planning.propose(mission=mission)
            self.message_user(
                request,
                _(
                    "%(mission)s: %(invited)s buyers added, %(requests)s meetings proposed, "
                    "%(rescored)s rescored."
                )  # fmt: skip
                % {
                    "mission": mission,
                    "invited": done.invited,
                    "requests": done.requests,
                    "rescored": done.rescored,
                },  # fmt: skip
            )

    @admin.action(description=gettext_lazy("Schedule the agreed meetings"), permissions=["change"])
    def run_scheduler(self, request, queryset):
        mission = _one_mission(self, request, queryset)
        if mission is not None:
            return follow(request, lambda: start_scheduling(mission, user=request.user))

    def _publish(self, request, queryset, *, final: bool):
        mission = _one_mission(self, request, queryset)
        if mission is None:
            return
        done = services.publish(
            mission=mission, final=final, base_url=request.build_absolute_uri("/")
        )
        self.message_user(
            request,
            ngettext(
                "Agendas published; %(count)s e-mail sent.",
                "Agendas published; %(count)s e-mails sent.",
                done.sent,
            )  # fmt: skip
            % {"count": done.sent},
        )
        _warn_unreached(self, request, done)

    @admin.action(description=gettext_lazy("Publish preliminary agendas"), permissions=["change"])
    def publish_preliminary(self, request, queryset):
        self._publish(request, queryset, final=False)

    @admin.action(description=gettext_lazy("Publish final agendas"), permissions=["change"])
    def publish_final(self, request, queryset):
        self._publish(request, queryset, final=True)

    @admin.action(description=gettext_lazy("Download the master schedule (Excel)"))
    def master_schedule(self, request, queryset):
        mission = _one_mission(self, request, queryset)
        if mission is None:
            return
        out = io.BytesIO()
        write_master_schedule(out, mission)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
        name = slugify(mission.name) or "mission"
        response["Content-Disposition"] = f'attachment; filename="{name}-schedule.xlsx"'
        return response

    @admin.action(description=gettext_lazy("Print every agenda"))
    def print_agendas(self, request, queryset):
        mission = _one_mission(self, request, queryset)
        if mission is not None:
            return render(request, "missions/agendas.html", {"agendas": agendas(mission)})


@admin.register(Participant)
class ParticipantAdmin(ListedLookupsOnly, admin.ModelAdmin):
    list_display = ["name", "mission", "side", "status", "language", "invited_at", "arrived_at"]
    list_filter = ["mission", "status", "language"]
    list_select_related = ["mission", "exporter", "buyer"]
    search_fields = ["exporter__name", "buyer__company_name", "people"]
    autocomplete_fields = ["exporter", "buyer"]
    raw_id_fields = ["mission"]
    filter_horizontal = ["sessions"]
    actions = ["send_invitations", "new_links"]

    @admin.display(description=gettext_lazy("side"))
    def side(self, participant):
        return participant.side_label

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "sessions" in form.base_fields:  # its own mission's sessions
            form.base_fields["sessions"].queryset = Session.objects.filter(mission=obj.mission_id)
        return form

    def get_changeform_initial_data(self, request):
        # Kazakh exporters all read Russian; a buyer's language comes from their request.
        return {"language": "ru", **super().get_changeform_initial_data(request)}

    @admin.action(description=gettext_lazy("E-mail the invitation"), permissions=["change"])
    def send_invitations(self, request, queryset):
        done = services.invite(
            queryset.select_related("mission", "exporter", "buyer"),
            base_url=request.build_absolute_uri("/"),
        )
        self.message_user(
            request,
            ngettext("%(count)s invitation sent.", "%(count)s invitations sent.", done.sent)
            % {"count": done.sent},
        )
        _warn_unreached(self, request, done)

    @admin.action(
        description=gettext_lazy("Replace their links (old ones stop working)"),
        permissions=["change"],
    )
    def new_links(self, request, queryset):
        for participant in queryset:
            participant.access_key = Participant._meta.get_field("access_key").default()
            participant.save(update_fields=["access_key"])
        self.message_user(request, _("New links made; send the invitation or agenda again."))


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ListedLookupsOnly, admin.ModelAdmin):
    list_display = ["__str__", "mission", "score", "origin", "exporter_answer", "buyer_answer",
                    "imposed"]  # fmt: skip
    list_filter = ["mission", "origin", "exporter_answer", "buyer_answer", "imposed"]
    list_select_related = ["mission", "exporter__exporter", "buyer__buyer"]
    search_fields = ["exporter__exporter__name", "buyer__buyer__company_name"]
    raw_id_fields = ["mission", "exporter", "buyer"]
    list_editable = ["imposed"]


@admin.register(Meeting)
class MeetingAdmin(ListedLookupsOnly, admin.ModelAdmin):
    list_display = ["__str__", "session", "starts", "table", "status", "interest", "next_step",
                    "deal_value", "currency"]  # fmt: skip
    list_filter = ["session__mission", "status", "interest", "next_step"]
    list_select_related = [
        "session__mission",
        "request__exporter__exporter",
        "request__buyer__buyer",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("session__breaks")

    search_fields = ["request__exporter__exporter__name", "request__buyer__buyer__company_name"]
    raw_id_fields = ["request", "session"]

    @admin.display(description=gettext_lazy("starts"), ordering="slot")
    def starts(self, meeting):
        mission = meeting.session.mission
        breaks = [(b.start, b.end) for b in meeting.session.breaks.all()]
        starts = meeting.session.slot_starts(mission.meeting_minutes, breaks)
        return starts[meeting.slot] if meeting.slot < len(starts) else "–"
