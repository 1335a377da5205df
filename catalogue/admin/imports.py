"""Admin pages to import a spreadsheet: upload → preview → confirm (see importing.previews)."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from catalogue import jobs
from catalogue.importing.previews import (
    NEW,
    SHOWN,
    PreviewGone,
    cancel_preview,
    claim,
    preview_upload,
    read_decisions,
    reopen_preview,
)
from catalogue.importing.report import ACTIONS, FileReport
from catalogue.lib.shown_messages import shown
from catalogue.models import ImportBatch, ImportIssue
from jobs.admin import follow, refused
from jobs.running import TooManyJobs

PERMISSION = "catalogue.import_catalogue"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy(
            "Excel (.xlsx, .xls), OpenDocument (.ods) or CSV. Nothing is written before you "
            "confirm."
        ),
    )
    skip_invalid = forms.BooleanField(
        required=False, label=gettext_lazy("Import the valid rows even if some rows have errors")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": number_format(upload.size / 1024 / 1024, 1), "limit": limit}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


def _check_permission(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def upload_view(request: HttpRequest, site: AdminSite) -> HttpResponse:
    _check_permission(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        file_name = Path(upload.name).name[:255]
        skip_invalid = form.cleaned_data["skip_invalid"]
        if upload.size > settings.IMPORT_PREVIEW_NOW_MB * 1024 * 1024:
            # Too large to check while the official waits: a worker previews it.
            return follow(
                request,
                lambda: jobs.start_preview(
                    upload, file_name=file_name, user=request.user, skip_invalid=skip_invalid
                ),
            )
        batch, report = preview_upload(
            data=upload.read(), file_name=file_name, user=request.user, skip_invalid=skip_invalid
        )
        return _preview_response(request, site, batch, report)
    context = {
        **site.each_context(request),
        "title": _("Import spreadsheet"),
        "form": form,
        "opts": ImportBatch._meta,
        "max_mb": settings.IMPORT_MAX_UPLOAD_MB,
    }
    return TemplateResponse(request, "admin/catalogue/import_upload.html", context)


_LEVELS = {level: label for level, label in ImportIssue.Level.choices}


def _shown_issues(report: FileReport) -> list[dict]:
    """The report's issues in the reader's language, in the file's order, as the batch page
    lists them; the file's own issues first."""
    return [
        {
            "level": issue.level,
            "level_label": _LEVELS[issue.level],
            "sheet": issue.sheet,
            "row": issue.row,
            "column": issue.column,
            "value": issue.value,
            "message": shown(issue.message),
        }
        for issue in sorted(report.issues, key=lambda i: (i.sheet, i.row or 0))
    ]


def _shown_changes(report: FileReport) -> list[dict]:
    return [
        {
            "what": shown(change.what()),
            "action": _(ACTIONS[change.action]),
            "sheet": change.sheet,
            "row": change.row,
            "fields": [shown(field.message()) for field in change.fields],
        }
        for change in report.changes
    ]


def _preview_response(request, site, batch, report) -> HttpResponse:
    report = report.shortened(SHOWN)
    awaiting = batch.status == ImportBatch.Status.PREVIEW
    has_errors = bool(report.errors)
    context = {
        **site.each_context(request),
        "title": _("Preview: %(file)s") % {"file": batch.file_name},
        "opts": ImportBatch._meta,
        "batch": batch,
        "report": report,
        "issues": _shown_issues(report),
        "changes": _shown_changes(report),
        "more_changes": report.changes_left_out,
        "tallies": [
            (_("Product categories"), report.categories),
            (_("Exporters"), report.exporters),
            (_("Offers"), report.offers),
        ],
        "awaiting": awaiting,
        # A preview with errors in some rows imports the others only when asked to.
        "can_confirm": awaiting and not has_errors,
        "can_skip": awaiting and has_errors,
        "possible": [
            {
                "token": match.token,
                "sheet": match.sheet,
                "row": match.row,
                "label": shown(match.label),
                "candidates": [(id_, shown(label)) for id_, label in match.candidates],
            }
            for match in report.possible
        ],
        "more_possible": report.possible_left_out,
        "new": NEW,
    }
    return TemplateResponse(request, "admin/catalogue/import_preview.html", context)


@require_http_methods(["GET", "POST"])
def confirm_view(request: HttpRequest, site: AdminSite, batch_id: int) -> HttpResponse:
    """GET: the preview again (after leaving it to look something up); POST: confirm or
    cancel it."""
    _check_permission(request)
    # A preview belongs to whoever uploaded it: others may not confirm or cancel it.
    batch = get_object_or_404(ImportBatch, pk=batch_id, created_by=request.user)
    if request.method == "GET":
        try:
            return _preview_response(request, site, batch, reopen_preview(batch=batch))
        except PreviewGone:
            messages.info(request, _("This import is no longer awaiting confirmation."))
            return redirect(reverse("admin:catalogue_importbatch_change", args=[batch.pk]))
    try:
        if "cancel" in request.POST:
            cancel_preview(batch=batch)
            messages.info(
                request,
                _("Import of %(file)s cancelled; nothing was written.") % {"file": batch.file_name},
            )
            return redirect(reverse("admin:catalogue_importbatch_changelist"))
        with transaction.atomic():
            claim(batch)
            job = jobs.start_confirm(
                batch,
                user=request.user,
                skip_invalid="skip_invalid" in request.POST,
                decisions=read_decisions(request.POST),
            )
    except TooManyJobs as error:  # the claim is rolled back: the preview waits
        return refused(request, error)
    except PreviewGone as gone:
        if gone.under_way:
            messages.warning(
                request,
                _(
                    "This import is being confirmed, perhaps in another tab: its job shows how "
                    "far it has got."
                ),
            )
        else:
            messages.error(request, _("This import was already confirmed or cancelled."))
        return redirect(reverse("admin:catalogue_importbatch_change", args=[batch.pk]))
    messages.info(
        request,
        _("Importing %(file)s: you may leave this page; the import goes on.")
        % {"file": batch.file_name},
    )
    return redirect(reverse("admin:jobs_job_change", args=[job.pk]))
