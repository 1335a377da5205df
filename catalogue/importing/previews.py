"""An upload's life: preview → confirm or cancel → (left a day) expire.

The upload waits in IMPORT_UPLOAD_DIR between preview and confirmation, so an official
never sends it twice; it belongs to whoever uploaded it.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from catalogue.importing.comparison import Decisions
from catalogue.importing.report import FileReport
from catalogue.importing.service import import_catalogue_file
from catalogue.models import ImportBatch

PREVIEW_LIFETIME = timedelta(days=1)
# A preview's form names each decision "same-<token>" (comparison.possible_token); its value is
# the id of the stored category to merge into, or NEW.
DECISION_FIELD = re.compile(r"same-([0-9a-f]{16})")
NEW = "new"
MAX_DECISIONS = 10_000
# Seconds after which a confirmation that never finished is taken to have died: well past
# the web worker's timeout.
STALE_CLAIM = 15 * 60


class PreviewGone(Exception):
    """The preview was already confirmed or cancelled (perhaps a moment ago, in another
    tab), or its confirmation is under way."""

    def __init__(self, under_way: bool = False):
        super().__init__()
        self.under_way = under_way


def stored_upload(batch: ImportBatch) -> Path:
    return Path(settings.IMPORT_UPLOAD_DIR) / f"batch-{batch.pk}.upload"


def preview_upload(
    *, data: bytes, file_name: str, user, skip_invalid: bool
) -> tuple[ImportBatch, FileReport]:
    """Check the file and record what importing it would do; keep it for confirmation."""
    cancel_abandoned_previews()
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
        path = stored_upload(batch)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return batch, report


def reopen_preview(*, batch: ImportBatch) -> FileReport:
    """What confirming the stored upload would do now; raises PreviewGone."""
    path = stored_upload(batch)
    if batch.status != ImportBatch.Status.PREVIEW or not path.exists():
        raise PreviewGone
    return import_catalogue_file(
        data=path.read_bytes(),
        file_name=batch.file_name,
        source=ImportBatch.Source.ADMIN,
        dry_run=True,
        skip_invalid=batch.skip_invalid,
    )


def _claim(batch: ImportBatch) -> Path:
    """Take the stored upload away, atomically: of two clicks (or tabs) only one goes on.

    A claim older than any request may last was left by a worker that died confirming
    (its transaction rolled back): the upload is given back first."""
    path = stored_upload(batch)
    claimed = path.with_suffix(".confirming")
    try:
        if batch.status != ImportBatch.Status.PREVIEW:
            raise FileNotFoundError
        if claimed.exists():
            if time.time() - claimed.stat().st_mtime < STALE_CLAIM:
                raise PreviewGone(under_way=True)
            claimed.rename(path)  # of two taking it back, one does; the other is gone
        # The claim's time, for the check above: set before the rename, so that no claim
        # is ever seen with the upload's own (old) time.
        os.utime(path)
        path.rename(claimed)
    except FileNotFoundError:
        raise PreviewGone from None
    return claimed


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


def confirm_preview(
    *,
    batch: ImportBatch,
    user,
    skip_invalid: bool = False,
    decisions: Decisions | None = None,
) -> FileReport:
    """Import the previewed file, its valid rows only if skip_invalid (or the upload said
    so), with the official's decisions; raises PreviewGone."""
    claimed = _claim(batch)
    try:
        report = import_catalogue_file(
            data=claimed.read_bytes(),
            file_name=batch.file_name,
            user=user,
            source=ImportBatch.Source.ADMIN,
            skip_invalid=batch.skip_invalid or skip_invalid,
            batch=batch,
            decisions=decisions or {},
        )
    except BaseException:
        # Nothing was written: it may be confirmed again.
        with contextlib.suppress(FileNotFoundError):
            claimed.rename(stored_upload(batch))
        raise
    claimed.unlink()
    return report


def cancel_preview(*, batch: ImportBatch) -> None:
    """Drop the previewed file; nothing is written. Raises PreviewGone."""
    claimed = _claim(batch)
    batch.status = ImportBatch.Status.CANCELLED
    batch.save(update_fields=["status"])
    claimed.unlink()


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
        stored_upload(batch).unlink(missing_ok=True)
        stored_upload(batch).with_suffix(".confirming").unlink(missing_ok=True)
    return cancelled
