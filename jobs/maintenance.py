"""The queue's own housekeeping, queued by the scheduler."""

from __future__ import annotations

from django.conf import settings

from catalogue.lib.messages import gettext_noop
from jobs.files import delete_expired_outputs
from jobs.mail import delete_old_mail
from jobs.models import Job
from jobs.running import handler


@handler(title=gettext_noop("Deleting workbooks kept for a day and e-mails sent long ago"))
def delete_expired_files(job: Job, progress) -> dict:
    return {
        "files": delete_expired_outputs(),
        "emails": delete_old_mail(settings.EMAIL_KEEP_DAYS),
    }
