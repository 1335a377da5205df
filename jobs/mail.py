"""E-mail through the task queue: written at once, sent by a worker, tried again on failure.

queue_mail() keeps the message (jobs.models.Email) in the caller's transaction and queues its
sending once that commits; the web never waits on a mail server. deliver() claims the
message, sends it over SMTP and marks it sent: the claim keeps two workers from sending it
twice, and a repeat is possible only when a worker dies between the SMTP send and the mark
(the README names this window). A send that fails is tried again after a pause (30 s, 1 min,
2 min...), at most EMAIL_MAX_ATTEMPTS times, then left failed in the admin's e-mail list.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from jobs.busy import written
from jobs.models import Email
from jobs.running import backoff

logger = logging.getLogger(__name__)

# A claim older than this was left by a worker that died while sending: it is sent again.
SENDING_STALLS = timedelta(minutes=5)


def queue_mail(subject: str, body: str, to: list[str]) -> Email:
    email = Email.objects.create(subject=str(subject)[:300], body=body, to="\n".join(to))
    transaction.on_commit(lambda: _send(email.pk))
    return email


def _send(email_id: int, *, delay: timedelta | None = None) -> None:
    runner = deliver
    if delay and runner.get_backend().supports_defer:
        runner = runner.using(run_after=timezone.now() + delay)
    try:
        runner.enqueue(email_id)
    except Exception:  # the queue is down: recover_mail() sends it later
        logger.exception("could not queue e-mail %s", email_id)


@task(queue_name="default")
def deliver(email_id: int) -> None:
    now = timezone.now()
    due = Email.objects.filter(pk=email_id, state=Email.State.PENDING, sent_at=None).filter(
        Q(next_try_at=None) | Q(next_try_at__lte=now)
    )
    claimed = written(
        lambda: due.update(state=Email.State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:  # sent already, being sent, or not due yet (a late repeat of its message)
        return
    email = Email.objects.get(pk=email_id)
    try:
        send_mail(email.subject, email.body, None, email.to.splitlines())
    except Exception as error:
        logger.exception("could not send e-mail %s (try %s)", email.pk, email.attempts)
        last = email.attempts >= settings.EMAIL_MAX_ATTEMPTS
        next_try = None if last else timezone.now() + backoff(email.attempts)
        reason = str(error)[:2000]
        written(
            lambda: Email.objects.filter(pk=email.pk, state=Email.State.SENDING).update(
                state=Email.State.FAILED if last else Email.State.PENDING,
                error=reason,
                next_try_at=next_try,
            )
        )
        if not last:
            _send(email.pk, delay=backoff(email.attempts))
        return
    written(
        lambda: Email.objects.filter(pk=email.pk).update(
            state=Email.State.SENT, sent_at=timezone.now(), error=""
        )
    )


def forget_mail_about(address: str) -> int:
    """Delete every kept message to this address or naming it (an introduction that gave
    an exporter its owner's contact details): its owner's data was erased."""
    if not address:
        return 0
    to_or_about = Q(to__iexact=address) | Q(body__icontains=address)
    return Email.objects.filter(to_or_about).delete()[0]


def delete_old_mail(days: int) -> int:
    """Delete the messages sent, or given up on, more than `days` days ago: they hold
    buyers' requests, kept no longer than needed to see that they went."""
    before = timezone.now() - timedelta(days=days)
    done = Email.objects.filter(state__in=[Email.State.SENT, Email.State.FAILED])
    return done.filter(created_at__lt=before).delete()[0]


def recover_mail() -> int:
    """Send again the messages whose worker died while sending, and those whose queue
    message was lost (well past their time)."""
    now = timezone.now()
    stalled = Email.objects.filter(
        state=Email.State.SENDING, claimed_at__lt=now - SENDING_STALLS
    ).values_list("pk", flat=True)
    lost = Email.objects.filter(state=Email.State.PENDING).filter(
        Q(next_try_at__lt=now - SENDING_STALLS)
        | Q(next_try_at=None, created_at__lt=now - SENDING_STALLS)
    )
    ids = list(stalled) + list(lost.values_list("pk", flat=True))
    # Sent again at most once a while, however long workers stay down.
    Email.objects.filter(pk__in=ids).update(state=Email.State.PENDING, next_try_at=now)
    for email_id in ids:
        _send(email_id)
    return len(ids)
