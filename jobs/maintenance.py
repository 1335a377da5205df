"""The queue's own housekeeping, queued by the scheduler."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from catalogue.lib.messages import gettext_noop
from jobs.files import delete_expired_outputs
from jobs.mail import delete_old_mail
from jobs.models import Job
from jobs.running import handler

# The database engine's record of a message run, kept this long (for _send_lost to read).
TASK_RESULTS_KEPT = timedelta(days=1)


@handler(title=gettext_noop("Deleting workbooks kept for a day, and e-mails and jobs of long ago"))
def delete_expired_files(job: Job, progress) -> dict:
    return {
        "files": delete_expired_outputs(),
        "emails": delete_old_mail(settings.EMAIL_KEEP_DAYS),
        "jobs": delete_old_jobs(settings.JOBS_KEEP_DAYS),
    }


def delete_old_jobs(days: int) -> int:
    """Forget the jobs that ended more than `days` days ago (their files went after a day),
    and the database queue's record of messages run more than a day ago."""
    now = timezone.now()
    ended = [Job.State.SUCCEEDED, Job.State.FAILED, Job.State.CANCELLED]
    old = Job.objects.filter(state__in=ended, finished_at__lt=now - timedelta(days=days))
    deleted = old.filter(expires_at=None).delete()[0]
    DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=now - TASK_RESULTS_KEPT,
    ).delete()
    return deleted
