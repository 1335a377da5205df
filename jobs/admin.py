"""The Jobs page: staff follow their own jobs (superusers every job) from queued to done,
with a progress bar, the result (the import batch, the workbook), the error of a failed job
and a button to try it again. Pages refresh themselves without JavaScript and update in place
with it. The sent and waiting e-mails are listed for superusers."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult

from catalogue.lib.formatting import format_date
from catalogue.lib.shown_messages import shown
from jobs import progress
from jobs.files import storage
from jobs.models import Email, Job
from jobs.running import TooManyJobs, cancel, may_act_on, retriable, retry
from jobs.shown import describe
from staff.admin_lookups import ListedLookupsOnly

# The database engine's own table of task messages: the Jobs page is the officials' view.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)

# A page of jobs still under way asks again this often.
REFRESH_SECONDS = 2


def follow(request, start_job: Callable[[], Job]) -> HttpResponse:
    """Queue a job (start_job() returns it) and lead to its page; an official with too many
    jobs unfinished is led to the list of them instead, told why."""
    try:
        job = start_job()
    except TooManyJobs as error:
        return refused(request, error)
    return redirect(reverse("admin:jobs_job_change", args=[job.pk]))


def refused(request, error: TooManyJobs) -> HttpResponse:
    messages.warning(request, shown(error.message))
    return redirect(reverse("admin:jobs_job_changelist"))


def _visible(request):
    jobs = Job.objects.all()
    return jobs if request.user.is_superuser else jobs.filter(owner=request.user)


@admin.register(Job)
class JobAdmin(ListedLookupsOnly, admin.ModelAdmin):
    list_display = [
        "shown_title", "shown_state", "shown_progress", "owner", "created_at", "finished_at",
    ]  # fmt: skip
    list_filter = ["state"]
    list_per_page = 50
    list_select_related = ["owner"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if not (request.user.is_active and request.user.is_staff):
            return False
        return obj is None or request.user.is_superuser or obj.owner_id == request.user.pk

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return _visible(request).select_related("owner")

    def changelist_view(self, request, extra_context=None):
        self._live = {}
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data") and "cl" in response.context_data:
            jobs = list(response.context_data["cl"].result_list)
            self._live = progress.read_many([j.pk for j in jobs if j.state == Job.State.RUNNING])
            if any(not j.finished for j in jobs):
                response.context_data["refresh"] = REFRESH_SECONDS * 2
        return response

    @admin.display(description=_("job"))
    def shown_title(self, job):
        url = reverse("admin:jobs_job_change", args=[job.pk])
        return format_html('<a href="{}">{}</a>', url, str(job))

    @admin.display(description=pgettext_lazy("job", "state"))
    def shown_state(self, job):
        return Job.State(job.state).label

    @admin.display(description=_("progress"))
    def shown_progress(self, job):
        shown = describe(job, getattr(self, "_live", {}).get(job.pk))
        if shown["finished"]:  # where a failed job stopped; a done one shows its result
            return "" if job.state == Job.State.SUCCEEDED else shown["counts"]
        bar = (
            format_html('<progress value="{}" max="100"></progress> ', shown["percent"])
            if shown["percent"] is not None
            else mark_safe("<progress></progress> ")
        )
        return format_html("{}{} {}", bar, shown["phase"], shown["counts"])

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:job_id>/status/", view(self.status_view), name="jobs_job_status"),
            path("<int:job_id>/retry/", view(self.retry_view), name="jobs_job_retry"),
            path("<int:job_id>/cancel/", view(self.cancel_view), name="jobs_job_cancel"),
            path("<int:job_id>/download/", view(self.download_view), name="jobs_job_download"),
            *super().get_urls(),
        ]

    def _job(self, request, job_id: int) -> Job:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(_visible(request), pk=job_id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The job's page: its progress, result or error (there is nothing to edit)."""
        if not (object_id.isascii() and object_id.isdigit() and len(object_id) <= 18):
            raise Http404
        job = self._job(request, int(object_id))
        shown = describe(job, user=request.user)
        may_act = may_act_on(request.user, job)
        context = {
            **self.admin_site.each_context(request),
            "opts": Job._meta,
            "title": str(job),
            "job": job,
            "shown": shown,
            "refresh": None if job.finished else REFRESH_SECONDS,
            "status_url": reverse("admin:jobs_job_status", args=[job.pk]),
            "created": format_date(job.created_at, "DATETIME_FORMAT"),
            "started": format_date(job.started_at, "DATETIME_FORMAT") if job.started_at else "",
            "ended": format_date(job.finished_at, "DATETIME_FORMAT") if job.finished_at else "",
            "can_retry": retriable(job) and may_act,
            "can_cancel": job.state == Job.State.QUEUED and may_act,
        }
        return TemplateResponse(request, "admin/jobs/job.html", context)

    def status_view(self, request, job_id: int):
        """The job as JSON, for the page's script to update in place."""
        return JsonResponse(describe(self._job(request, job_id), user=request.user))

    def _job_to_act_on(self, request, job_id: int) -> Job:
        job = self._job(request, job_id)
        if not may_act_on(request.user, job):
            raise PermissionDenied
        return job

    @method_decorator(require_POST)
    def retry_view(self, request, job_id: int):
        job = self._job_to_act_on(request, job_id)
        try:
            queued = retry(job)
        except TooManyJobs as error:
            return refused(request, error)
        if queued:
            messages.info(request, gettext("The job was queued again."))
        else:
            messages.warning(request, gettext("Only a failed or cancelled job can be tried again."))
        return redirect(reverse("admin:jobs_job_change", args=[job.pk]))

    @method_decorator(require_POST)
    def cancel_view(self, request, job_id: int):
        job = self._job_to_act_on(request, job_id)
        if cancel(job):
            messages.info(request, gettext("The job was cancelled."))
        else:
            messages.warning(
                request, gettext("Only a job that waits for a worker can be cancelled.")
            )
        return redirect(reverse("admin:jobs_job_change", args=[job.pk]))

    def download_view(self, request, job_id: int):
        """The job's workbook, to whoever asked for it and no one else."""
        job = self._job(request, job_id)
        name = (job.result or {}).get("file")
        if job.owner_id != request.user.pk or not name:
            raise Http404
        if not may_act_on(request.user, job):
            raise PermissionDenied
        try:
            handle = storage().open(name, "rb")
        except OSError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=job.result.get("name") or "file")


@admin.register(Email)
class EmailAdmin(ListedLookupsOnly, admin.ModelAdmin):
    list_display = ["subject", "shown_to", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state"]
    search_fields = ["subject"]
    readonly_fields = [
        "key", "to", "subject", "body", "state", "attempts", "error", "created_at", "sent_at",
    ]  # fmt: skip
    exclude = ["claimed_at", "next_try_at"]

    @admin.display(description=_("to"))
    def shown_to(self, email):
        return ", ".join(email.to.splitlines())

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
