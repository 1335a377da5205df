"""An upload's life: preview → confirm (a job imports it) or cancel → (left a day) expire.

The upload waits in the `files` storage (jobs.files) between preview and confirmation, so an
official never sends it twice, and a worker on another machine reads it; it belongs to
whoever uploaded it. Confirming moves the batch from PREVIEW to CONFIRMING in one
conditional update, so of two clicks (or tabs) one goes on; the import job then writes it in
one transaction and the batch becomes APPLIED in it. A job that fails for good gives the
preview back, to confirm or cancel again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from catalogue.importing.comparison import Decisions
from catalogue.importing.report import FileReport
from catalogue.importing.service import BatchTaken, import_catalogue_file
from catalogue.models import ImportBatch
from jobs.files import storage
from jobs.sealed import seal, unseal

PREVIEW_LIFETIME = timedelta(days=1)
# A preview's form names each decision "same-<token>" (comparison.possible_token); its value is
# the id of the stored category to merge into, or NEW.
DECISION_FIELD = re.compile(r"same-([0-9a-f]{16})")
NEW = "new"
MAX_DECISIONS = 10_000
# Changes and possible matches a preview page lists; the others are counted.
SHOWN = 500


class PreviewGone(Exception):
    """The preview was already confirmed or cancelled (perhaps a moment ago, in another
    tab), or its confirmation is under way."""

    def __init__(self, under_way: bool = False):
        super().__init__()
        self.under_way = under_way


def stored_upload(batch: ImportBatch) -> str:
    """The name of the batch's upload in the files storage."""
    return f"imports/batch-{batch.pk}.upload"


def store_upload(batch: ImportBatch, data: bytes) -> None:
    name = stored_upload(batch)
    storage().delete(name)
    storage().save(name, ContentFile(data))


def read_upload(batch: ImportBatch) -> bytes:
    """The stored upload; raises PreviewGone when it is not there."""
    try:
        with storage().open(stored_upload(batch), "rb") as upload:
            return upload.read()
    except (FileNotFoundError, OSError):
        raise PreviewGone from None


def has_upload(batch: ImportBatch) -> bool:
    return storage().exists(stored_upload(batch))


def delete_upload(batch: ImportBatch) -> None:
    storage().delete(stored_upload(batch))
    storage().delete(_kept_report(batch))


def preview_upload(
    *, data: bytes, file_name: str, user, skip_invalid: bool
) -> tuple[ImportBatch, FileReport]:
    """Check the file and record what importing it would do; keep it for confirmation."""
    cancel_abandoned_previews()  # also hourly by the scheduler
    report = import_catalogue_file(
        data=data,
        file_name=file_name,
        user=user,
        source=ImportBatch.Source.ADMIN,
        preview=True,
        skip_invalid=skip_invalid,
    )
    batch = ImportBatch.objects.get(pk=report.batch_id)
    if batch.status == ImportBatch.Status.PREVIEW:
        store_upload(batch, data)
    return batch, report


def preview_stored(*, name: str, file_name: str, user, skip_invalid: bool, progress=None):
    """Preview an upload kept in the files storage under `name` (a file too large to check
    while the official waits), in a worker; its report is kept for the preview page."""
    with storage().open(name, "rb") as upload:
        data = upload.read()
    report = import_catalogue_file(
        data=data,
        file_name=file_name,
        user=user,
        source=ImportBatch.Source.ADMIN,
        preview=True,
        skip_invalid=skip_invalid,
        progress=progress,
        web=False,
    )
    batch = ImportBatch.objects.get(pk=report.batch_id)
    if batch.status == ImportBatch.Status.PREVIEW:
        store_upload(batch, data)
        kept = seal(report.shortened(SHOWN))
        storage().save(_kept_report(batch), ContentFile(kept.encode()))
    storage().delete(name)
    return batch


def _kept_report(batch: ImportBatch) -> str:
    return f"imports/batch-{batch.pk}.report"


def reopen_preview(*, batch: ImportBatch) -> FileReport:
    """What confirming the stored upload would do now (the report a worker kept, for a large
    file); raises PreviewGone."""
    if batch.status != ImportBatch.Status.PREVIEW:
        raise PreviewGone(under_way=batch.status == ImportBatch.Status.CONFIRMING)
    if storage().exists(_kept_report(batch)):
        with storage().open(_kept_report(batch), "rb") as kept:
            return unseal(kept.read().decode())
    return import_catalogue_file(
        data=read_upload(batch),
        file_name=batch.file_name,
        source=ImportBatch.Source.ADMIN,
        dry_run=True,
        skip_invalid=batch.skip_invalid,
    )


def claim(batch: ImportBatch, *, to: str = ImportBatch.Status.CONFIRMING) -> None:
    """Take the preview: of two clicks (or tabs), one goes on. Raises PreviewGone."""
    taken = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(
        status=to
    )
    if not taken:
        batch.refresh_from_db(fields=["status"])
        raise PreviewGone(under_way=batch.status == ImportBatch.Status.CONFIRMING)
    batch.status = to


def give_back(batch: ImportBatch) -> None:
    """A confirmation that failed for good: the preview awaits confirmation again."""
    ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.CONFIRMING).update(
        status=ImportBatch.Status.PREVIEW
    )


def read_decisions(form: Mapping[str, str]) -> dict[str, int | None]:
    """The official's decisions from a preview's form: for each product possibly the same
    as a stored one, the stored category's id, or None for a new product. Anything else
    in the form is ignored; what a decision names is checked again at confirmation."""
    decisions: dict[str, int | None] = {}
    for name, value in form.items():
        found = DECISION_FIELD.fullmatch(name)
        if found is None or len(decisions) >= MAX_DECISIONS:
            continue
        if value == NEW:
            decisions[found.group(1)] = None
        elif value.isascii() and value.isdigit() and len(value) <= 18:
            decisions[found.group(1)] = int(value)
    return decisions


def import_confirmed(
    *,
    batch: ImportBatch,
    user,
    skip_invalid: bool = False,
    decisions: Decisions | None = None,
    progress=None,
) -> FileReport:
    """Import a confirmed (CONFIRMING) batch's stored upload, its valid rows only if
    skip_invalid (or the upload said so), with the official's decisions; the upload is
    deleted once written. Raises PreviewGone when the batch is no longer confirming."""
    batch.refresh_from_db()
    if batch.status != ImportBatch.Status.CONFIRMING:
        raise PreviewGone
    try:
        report = import_catalogue_file(
            data=read_upload(batch),
            file_name=batch.file_name,
            user=user,
            source=ImportBatch.Source.ADMIN,
            skip_invalid=batch.skip_invalid or skip_invalid,
            batch=batch,
            decisions=decisions or {},
            progress=progress,
            web=False,
        )
    except BatchTaken:
        raise PreviewGone from None
    delete_upload(batch)
    return report


def cancel_preview(*, batch: ImportBatch) -> None:
    """Drop the previewed file; nothing is written. Raises PreviewGone."""
    claim(batch, to=ImportBatch.Status.CANCELLED)
    delete_upload(batch)


def cancel_abandoned_previews() -> int:
    """Cancel previews left unconfirmed for a day and delete their stored uploads."""
    stale = list(
        ImportBatch.objects.filter(
            status=ImportBatch.Status.PREVIEW, started_at__lt=timezone.now() - PREVIEW_LIFETIME
        )
    )
    cancelled = ImportBatch.objects.filter(
        pk__in=[b.pk for b in stale], status=ImportBatch.Status.PREVIEW
    ).update(status=ImportBatch.Status.CANCELLED)
    for batch in stale:  # only once they are cancelled, so no confirmation starts on them
        batch.refresh_from_db(fields=["status"])
        if batch.status == ImportBatch.Status.CANCELLED:
            delete_upload(batch)
    return cancelled
