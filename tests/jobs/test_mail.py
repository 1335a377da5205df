"""E-mail through the queue: written at once, sent once, tried again while the server refuses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from jobs.mail import deliver, forget_mail_about, queue_mail, recover_mail
from jobs.models import Email

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("connection refused")


def test_a_message_is_sent_once_however_often_its_task_runs(committed):
    email = committed(queue_mail, "Hello", "Body", ["buyer@example.ng"])
    deliver.enqueue(email.pk)
    deliver.enqueue(email.pk)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["buyer@example.ng"]
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("sent", 1)
    assert email.sent_at is not None


def test_a_refused_message_is_tried_again_then_left_failed(settings, committed):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.EMAIL_MAX_ATTEMPTS = 4
    settings.JOBS_RETRY_SECONDS = 0  # each try due at once
    email = committed(queue_mail, "Hello", "Body", ["buyer@example.ng"])
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("failed", 4)
    assert "connection refused" in email.error


def test_a_refused_message_waits_for_its_pause_however_often_its_task_runs(settings, committed):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.JOBS_RETRY_SECONDS = 30
    email = committed(queue_mail, "Hello", "Body", ["buyer@example.ng"])
    deliver.enqueue(email.pk)  # a repeat of its message, before the pause is over
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("pending", 1)
    assert email.next_try_at > email.created_at + timedelta(seconds=29)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Email.objects.filter(pk=email.pk).update(next_try_at=timezone.now())
    deliver.enqueue(email.pk)
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("sent", 2)
    assert len(mail.outbox) == 1


def test_a_message_whose_sender_died_is_sent_again(committed):
    email = Email.objects.create(subject="Hello", body="Body", to="buyer@example.ng")
    # Claimed by a worker that died before the SMTP send: well past its claim.
    Email.objects.filter(pk=email.pk).update(
        state="sending", claimed_at=timezone.now() - timedelta(minutes=10), attempts=1
    )
    assert committed(recover_mail) == 1
    email.refresh_from_db()
    assert email.state == "sent"
    assert len(mail.outbox) == 1


def test_erasing_an_address_forgets_the_messages_to_it_and_those_naming_it(committed):
    yours = committed(queue_mail, "Yours", "Body", ["Buyer@Example.ng"])
    other = committed(queue_mail, "Other", "Body", ["other@example.ng"])
    about = committed(queue_mail, "Introduction", "Contact: Buyer@example.ng", ["kz@example.kz"])
    assert forget_mail_about("buyer@example.ng") == 2
    assert not Email.objects.filter(pk=about.pk).exists()
    assert not Email.objects.filter(pk=yours.pk).exists()
    assert Email.objects.filter(pk=other.pk).exists()
