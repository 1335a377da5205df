"""Files a job reads or writes (uploads waiting for confirmation, workbooks), through
Django's storage API: the `files` storage of settings.STORAGES, on local disk by default, any
shared backend (S3-compatible through django-storages...) when workers run on other machines.
No path of it is served: a workbook reaches only whoever asked for it (jobs.views)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import IO

from django.core.files import File
from django.core.files.storage import storages
from django.utils import timezone

from jobs.models import Job

logger = logging.getLogger(__name__)

# A workbook is kept this long for whoever asked for it, then deleted.
OUTPUT_LIFETIME = timedelta(days=1)


def storage():
    return storages["files"]


def save_output(job: Job, name: str, content: IO[bytes]) -> dict:
    """Keep a file the job wrote, for its owner, for a day; the job's result."""
    stored = storage().save(f"jobs/{job.pk}/{job.token}/{name}", File(content, name=name))
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() + OUTPUT_LIFETIME)
    return {"file": stored, "name": name}


def delete_expired_outputs() -> int:
    """Delete the files of jobs past their day; their pages say the file is gone."""
    expired = Job.objects.filter(expires_at__lt=timezone.now()).exclude(result=None)
    deleted = 0
    for job in expired:
        name = (job.result or {}).get("file")
        if name:
            try:
                storage().delete(name)
            except OSError:
                logger.exception("could not delete %s", name)
                continue
            deleted += 1
        Job.objects.filter(pk=job.pk).update(result={**job.result, "file": None}, expires_at=None)
    return deleted
