"""The nightly backup, queued by the scheduler when BACKUP_DIR is set."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import timezone

from catalogue.lib.messages import Message, gettext_noop
from config.backups import BackupError, backup
from jobs.models import Job
from jobs.running import JobError, handler

PREFIX = "catalogue-"


@handler(title=gettext_noop("Nightly backup"))
def backup_db(job: Job, progress) -> dict:
    """A backup named for the day, in BACKUP_DIR on the worker's machine; the oldest beyond
    BACKUP_KEEP deleted."""
    folder = Path(settings.BACKUP_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{PREFIX}{timezone.localtime():%Y-%m-%d-%H%M}.backup"
    try:
        backup(settings.DATABASES["default"], path)
    except BackupError as error:
        raise JobError(Message(str(error))) from error
    kept = sorted(folder.glob(f"{PREFIX}*.backup"))
    for old in kept[: -settings.BACKUP_KEEP]:
        old.unlink(missing_ok=True)
    return {"path": str(path), "bytes": path.stat().st_size}
