"""The catalogue's long work, run by the task queue (jobs.running): confirming an import,
previewing a large one, the catalogue workbook, reindexing search, expiring previews."""

from __future__ import annotations

import tempfile

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from catalogue import search
from catalogue.importing.previews import (
    PreviewGone,
    cancel_abandoned_previews,
    claim,
    give_back,
    has_upload,
    import_confirmed,
    preview_stored,
)
from catalogue.importing.service import SourceFile, import_catalogue_files
from catalogue.lib.messages import Message, gettext_noop, ngettext_noop
from catalogue.models import ImportBatch
from catalogue.reports import write_catalogue
from jobs.files import save_output, storage
from jobs.models import Job, new_token
from jobs.running import JobError, TooManyJobs, handler, handler_path, start

ALREADY_HANDLED = gettext_noop("This import was already confirmed or cancelled.")
UPLOAD_MISSING = gettext_noop(
    "The uploaded file is missing from the files storage; upload it again."
)
IMPORTED = gettext_noop(
    "Imported %(file)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged"
)
SKIPPED = ngettext_noop(", %(n)d row skipped for errors.", ", %(n)d rows skipped for errors.")
NOT_IMPORTED = gettext_noop("Did not import %(file)s: errors stop it (see below).")


def start_confirm(batch: ImportBatch, *, user, skip_invalid: bool, decisions: dict) -> Job:
    """Queue the import of a preview the official confirmed (and claimed: CONFIRMING)."""
    return start(
        confirm_import,
        title=Message(gettext_noop("Import of %(file)s"), file=batch.file_name),
        params={
            "batch": batch.pk,
            "skip_invalid": skip_invalid,
            "decisions": {token: value for token, value in decisions.items()},
        },
        owner=user,
    )


def start_preview(upload, *, file_name: str, user, skip_invalid: bool) -> Job:
    """Keep a large upload in the files storage and queue its preview."""
    name = storage().save(f"imports/upload-{new_token()}.upload", upload)
    try:
        return start(
            preview_import,
            title=Message(gettext_noop("Preview of %(file)s"), file=file_name),
            params={"upload": name, "file_name": file_name, "skip_invalid": skip_invalid},
            owner=user,
            max_attempts=1,
        )
    except TooManyJobs:
        storage().delete(name)
        raise


def start_file_import(sources, *, dry_run: bool, skip_invalid: bool, sheets: list[str]) -> Job:
    """Keep files given to import_catalogue --background and queue their import."""
    names = [
        [storage().save(f"imports/command-{new_token()}.upload", ContentFile(s.data)), s.name]
        for s in sources
    ]
    return start(
        import_files,
        title=Message(
            gettext_noop("Import of %(file)s"), file=", ".join(name for _, name in names)
        ),
        params={
            "files": names,
            "dry_run": dry_run,
            "skip_invalid": skip_invalid,
            "sheets": sheets,
        },  # fmt: skip
        max_attempts=1,
    )


@handler
def import_files(job: Job, progress) -> dict:
    """Import files as the command does, in one transaction; their stored copies deleted."""
    sources = []
    for stored, name in job.params["files"]:
        with storage().open(stored, "rb") as kept:
            sources.append(SourceFile(name, kept.read(), progress))
    reports = import_catalogue_files(
        sources,
        source=ImportBatch.Source.COMMAND,
        dry_run=job.params["dry_run"],
        skip_invalid=job.params["skip_invalid"],
        sheets=job.params["sheets"],
    )
    for stored, _ in job.params["files"]:
        storage().delete(stored)
    summary = [
        Message(
            IMPORTED if report.written else NOT_IMPORTED,
            file=report.file_name,
            created=report.total("created"),
            updated=report.total("updated"),
            unchanged=report.total("unchanged"),
        )
        for report in reports
    ]
    return {
        "summary": Message("%(files)s", files=summary).as_data(),
        "link": reverse("admin:catalogue_importbatch_changelist"),
    }


def confirming_job(batch_id, user) -> Job | None:
    """The latest job confirming this batch, if the user may see it (theirs, or every job
    for a superuser)."""
    if (
        not (isinstance(batch_id, str) and batch_id.isascii() and batch_id.isdigit())
        or len(batch_id) > 18
    ):
        return None
    jobs = Job.objects.filter(handler=handler_path(confirm_import), params__batch=int(batch_id))
    if not user.is_superuser:
        jobs = jobs.filter(owner=user)
    return jobs.order_by("-pk").first()


def _batch_link(batch: ImportBatch) -> str:
    return reverse("admin:catalogue_importbatch_change", args=[batch.pk])


def _batch(job: Job) -> ImportBatch:
    return ImportBatch.objects.get(pk=job.params["batch"])


def _owner(job: Job):
    return get_user_model().objects.filter(pk=job.owner_id).first()


def _give_back(job: Job) -> None:
    """The preview awaits confirmation again: the job's page leads back to it."""
    batch = _batch(job)
    give_back(batch)
    link = reverse("admin:catalogue_import_confirm", args=[batch.pk])
    Job.objects.filter(pk=job.pk).update(result={"batch": batch.pk, "link": link})


def may_import(user) -> bool:
    return user.has_perm("catalogue.import_catalogue")


def may_export_catalogue(user) -> bool:
    """As the product list's export page asks (its view permission, which change gives)."""
    return user.has_perm("catalogue.view_productcategory") or user.has_perm(
        "catalogue.change_productcategory"
    )


@handler(release=_give_back, allowed=may_import)
def confirm_import(job: Job, progress) -> dict:
    """Import a confirmed preview's stored upload, in one transaction."""
    batch = _batch(job)
    decisions = {token: value for token, value in job.params.get("decisions", {}).items()}
    try:
        if batch.status == ImportBatch.Status.PREVIEW:  # given back by a failed try: retried
            claim(batch)
        if batch.status == ImportBatch.Status.CONFIRMING and not has_upload(batch):
            raise JobError(Message(UPLOAD_MISSING))
        report = import_confirmed(
            batch=batch,
            user=_owner(job),
            skip_invalid=job.params.get("skip_invalid", False),
            decisions=decisions,
            progress=progress,
        )
    except PreviewGone:
        batch.refresh_from_db(fields=["status"])
        if batch.status == ImportBatch.Status.APPLIED:  # a run before this one wrote it
            return {"batch": batch.pk, "link": _batch_link(batch)}
        raise JobError(Message(ALREADY_HANDLED)) from None
    if report.written:
        summary = Message(
            IMPORTED,
            file=batch.file_name,
            created=report.total("created"),
            updated=report.total("updated"),
            unchanged=report.total("unchanged"),
        )
        if report.skipped:
            skipped = Message(SKIPPED, n=report.skipped)
            summary = Message("%(imported)s%(skipped)s", imported=summary, skipped=skipped)
        else:
            summary = Message("%(imported)s.", imported=summary)
    else:
        summary = Message(NOT_IMPORTED, file=batch.file_name)
    return {"batch": batch.pk, "link": _batch_link(batch), "summary": summary.as_data()}


def _drop_upload(job: Job) -> None:
    storage().delete(job.params["upload"])


@handler(release=_drop_upload, allowed=may_import)
def preview_import(job: Job, progress) -> dict:
    """Check a large upload (kept in the files storage) and record its preview."""
    if not storage().exists(job.params["upload"]):  # dropped when a try failed for good
        raise JobError(Message(UPLOAD_MISSING))
    batch = preview_stored(
        name=job.params["upload"],
        file_name=job.params["file_name"],
        user=_owner(job),
        skip_invalid=job.params.get("skip_invalid", False),
        progress=progress,
    )
    if batch.status == ImportBatch.Status.PREVIEW:
        link = reverse("admin:catalogue_import_confirm", args=[batch.pk])
    else:
        link = _batch_link(batch)
    return {"batch": batch.pk, "link": link}


def start_catalogue_export(*, user) -> Job:
    return start(
        export_catalogue, title=Message(gettext_noop("Catalogue workbook (Excel)")), owner=user
    )


@handler(allowed=may_export_catalogue)
def export_catalogue(job: Job, progress) -> dict:
    """The whole catalogue as a workbook the importer reads back unchanged."""
    phase = Message(gettext_noop("writing the workbook"))
    with tempfile.TemporaryFile() as out:
        rows = write_catalogue(out, counted=lambda done: progress(phase, done, 0))
        out.seek(0)
        saved = save_output(job, f"catalogue-{timezone.localdate()}.xlsx", out)
    return {**saved, "rows": rows}


def start_reindex() -> Job:
    """Queue the rebuild of every category's search document (`reindex_search --background`)."""
    return start(reindex_search, title=Message(gettext_noop("Rebuilding the search index")))


@handler
def reindex_search(job: Job, progress) -> dict:
    progress(Message(gettext_noop("reindexing search")))
    return {"categories": search.reindex()}


@handler(title=gettext_noop("Cancelling previews left unconfirmed for a day"))
def expire_previews(job: Job, progress) -> dict:
    return {"cancelled": cancel_abandoned_previews()}
