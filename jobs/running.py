"""Jobs: queued by a request or the scheduler, run by a worker, followed on the Jobs page.

A job is a row (jobs.models.Job) and a message on the queue (Django's tasks framework: the
database or RQ, as settings.TASKS says) that carries its id and run token. The worker claims
the row with that token, runs the job's handler and records the result; a handler that
raises is tried again after a pause, up to the job's most attempts, then marked failed with
its error; a worker that dies leaves a job whose heartbeat stops, which recover_stalled()
queues again or marks failed. No job is lost silently, and none runs twice at once: each
run's token is new, and only the message carrying it can claim the row.

A handler is a function handler(job, progress) -> result registered with @handler: progress
is called as progress(phase, done, total) (jobs.progress.Reporter); the result (a mapping,
or None) is kept on the row for the Jobs page.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import get_language
from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist

from catalogue.lib.messages import Message, gettext_noop, ngettext_noop
from jobs import progress
from jobs.busy import written
from jobs.models import Job, new_token

logger = logging.getLogger(__name__)

Handler = Callable[[Job, progress.Reporter], dict | None]


class JobError(Exception):
    """A job that cannot succeed however often it is tried: failed at once, with this
    message (a Message, shown in the reader's language) as its error."""

    def __init__(self, message: Message):
        super().__init__(str(message))
        self.message = message


TOO_MANY = ngettext_noop(
    "You already have %(count)s job waiting or running. Wait until it has finished, or "
    "cancel it, then ask again.",
    "You already have %(count)s jobs waiting or running. Wait until one has finished, or "
    "cancel one, then ask again.",
)


class TooManyJobs(Exception):
    """Whoever asked already has JOBS_MOST_WAITING_PER_USER jobs waiting or running."""

    def __init__(self, message: Message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Registered:
    function: Handler
    # Called once the job has ended without succeeding (failed for good, or cancelled): to
    # give back what it held (an import's preview, to be confirmed or cancelled again).
    release: Callable[[Job], None] | None = None
    # What the job is called when the scheduler queues it (a message id).
    title: str = ""
    # Whether whoever asked for the job may still try it again, cancel it or download its
    # file (an official whose rights were taken back may not): the check of the page that
    # started it.
    allowed: Callable[[object], bool] | None = None


_HANDLERS: dict[str, Registered] = {}


def handler(
    function: Handler | None = None,
    *,
    release: Callable[[Job], None] | None = None,
    title: str = "",
    allowed: Callable[[object], bool] | None = None,
):
    """Register a job handler, under its dotted path."""

    def register(function: Handler) -> Handler:
        _HANDLERS[handler_path(function)] = Registered(function, release, title, allowed)
        return function

    return register(function) if function else register


def handler_path(function: Callable) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def registered(path: str) -> Registered:
    if path not in _HANDLERS:
        import_module(path.rpartition(".")[0])  # registers its handlers
    return _HANDLERS[path]


def start(
    function: Handler,
    *,
    title: Message,
    params: dict | None = None,
    owner=None,
    max_attempts: int = 3,
    key: str | None = None,
) -> Job:
    """Queue a run of a registered handler; it is sent to the queue once the caller's
    transaction commits. Returns the job, to follow on its page. Raises TooManyJobs when
    the owner has too many jobs unfinished already."""
    path = handler_path(function)
    if _HANDLERS.get(path, Registered(None)).function is not function:
        raise ValueError(f"{path} is not a registered job handler")
    with transaction.atomic():
        if owner is not None:
            _within_limit(owner.pk)
        job = Job.objects.create(
            handler=path,
            title=title.as_data(),
            params=params or {},
            owner=owner,
            language=get_language() or settings.LANGUAGE_CODE,
            max_attempts=max_attempts,
            key=key,
        )
        _send_on_commit(job.pk, job.token)
    return job


def _within_limit(owner_id: int) -> None:
    """Raise TooManyJobs when this official has their most jobs waiting or running: one
    official cannot fill the queue and the disk (a click held down, a script). Their row is
    locked while their jobs are counted, so requests sent at once are counted one after
    another (on SQLite, immediate transactions do the same)."""
    list(get_user_model().objects.select_for_update().filter(pk=owner_id).values("pk"))
    unfinished = Job.objects.filter(
        owner_id=owner_id, state__in=[Job.State.QUEUED, Job.State.RUNNING]
    )
    most = settings.JOBS_MOST_WAITING_PER_USER
    if unfinished.count() >= most:
        raise TooManyJobs(Message(TOO_MANY, count=most))


def _send_on_commit(job_id: int, token: str, *, delay: timedelta | None = None) -> None:
    transaction.on_commit(lambda: send(job_id, token, delay=delay))


def send(job_id: int, token: str, *, delay: timedelta | None = None) -> bool:
    """Put the job's run on the queue. A queue that cannot be reached (Redis down) leaves the
    job waiting, unsent: recover_stalled() sends it again."""
    runner = run_job
    if delay and runner.get_backend().supports_defer:
        runner = runner.using(run_after=timezone.now() + delay)
    try:
        message = runner.enqueue(job_id, token)
    except Exception:
        logger.exception("could not queue job %s", job_id)
        return False
    this_run = Job.objects.filter(pk=job_id, token=token)
    written(lambda: this_run.update(sent_at=timezone.now(), task_id=message.id))
    return True


@task(queue_name="default")
def run_job(job_id: int, token: str) -> None:
    """The one task every job runs as."""
    now = timezone.now()
    waiting = Job.objects.filter(pk=job_id, token=token, state=Job.State.QUEUED)
    claimed = written(
        lambda: waiting.update(
            state=Job.State.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            finished_at=None,
            error=None,
        )
    )
    if not claimed:  # a message for a run already claimed, retried or cancelled
        logger.info("job %s: run %s is not waiting; nothing to do", job_id, token)
        return
    job = Job.objects.get(pk=job_id)
    run = registered(job.handler)
    with translation.override(job.language), progress.Reporter(job.pk, token) as reporter:
        try:
            result = run.function(job, reporter)
        except Exception as error:
            _failed(job, error)
            return
        _finish(job, Job.State.SUCCEEDED, result=result, reporter=reporter)


def _finish(job: Job, state: str, *, reporter=None, **fields) -> bool:
    if reporter is not None:
        fields.update(phase=reporter.phase, done=reporter.done, total=reporter.total)
    running = Job.objects.filter(pk=job.pk, token=job.token, state=Job.State.RUNNING)
    return bool(written(lambda: running.update(state=state, finished_at=timezone.now(), **fields)))


def backoff(attempts: int) -> timedelta:
    """The pause before the next try: 30 s, 1 min, 2 min... (JOBS_RETRY_SECONDS doubled each
    time) at most an hour."""
    first = settings.JOBS_RETRY_SECONDS
    return timedelta(seconds=min(3600, first * 2 ** max(0, attempts - 1)))


def _failed(job: Job, error: Exception) -> None:
    if isinstance(error, JobError):
        kept = error.message.as_data()
        logger.warning("job %s (%s) failed: %s", job.pk, job.handler, error)
    else:
        kept = {"text": "".join(traceback.format_exception_only(error)).strip()[:2000]}
        logger.exception("job %s (%s) failed, try %s", job.pk, job.handler, job.attempts)
    job.refresh_from_db(fields=["attempts"])
    if not isinstance(error, JobError) and job.attempts < job.max_attempts:
        _queue_again(job, error=kept, delay=backoff(job.attempts))
    elif _finish(job, Job.State.FAILED, error=kept):
        _release(job)


def _queue_again(job: Job, *, error: dict, delay: timedelta | None = None) -> bool:
    token = new_token()
    running = Job.objects.filter(pk=job.pk, token=job.token, state=Job.State.RUNNING)
    moved = written(
        lambda: running.update(state=Job.State.QUEUED, token=token, sent_at=None, error=error)
    )
    if moved:
        send(job.pk, token, delay=delay)
    return bool(moved)


def may_act_on(user, job: Job) -> bool:
    """Whether this user may try the job again, cancel it or have its file: whoever asked
    for it, with the rights it needs still, or a superuser."""
    if user.is_superuser:
        return True
    allowed = registered(job.handler).allowed
    return job.owner_id == user.pk and user.is_active and (allowed is None or allowed(user))


def retriable(job: Job) -> bool:
    """A failed or cancelled job can run again unless what it held was given back (an
    import's preview, confirmed again from its page) or dropped (a large upload's copy)."""
    ended = job.state in (Job.State.FAILED, Job.State.CANCELLED)
    return ended and registered(job.handler).release is None


def cancel(job: Job) -> bool:
    """Cancel a job that waits for a worker; what it held is given back (an import's
    preview, to be confirmed again)."""
    cancelled = Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(
        state=Job.State.CANCELLED, token=new_token(), finished_at=timezone.now()
    )
    if cancelled:
        _release(job)
    return bool(cancelled)


def _release(job: Job) -> None:
    release = registered(job.handler).release
    if release:
        release(job)


def retry(job: Job) -> bool:
    """Queue a failed or cancelled job again, for as many tries as at first (the Jobs
    page's button); it counts against its owner's limit as a new job would. Raises
    TooManyJobs."""
    if not retriable(job):
        return False
    token = new_token()
    ended = [Job.State.FAILED, Job.State.CANCELLED]
    with transaction.atomic():
        if job.owner_id is not None:
            _within_limit(job.owner_id)
        moved = Job.objects.filter(pk=job.pk, state__in=ended).update(
            state=Job.State.QUEUED,
            token=token,
            sent_at=None,
            attempts=0,
            error=None,
            finished_at=None,
        )
        if moved:
            _send_on_commit(job.pk, token)
    return bool(moved)


# A running job whose worker has not beaten for this long has lost it (killed, machine gone).
STALL_SECONDS = 60
# A job left unsent (the queue could not be reached) is sent again after this long.
UNSENT_SECONDS = 60
# A waiting job's message is looked for on the queue this long after it was sent, and as
# often after that; at most so many jobs at each of the scheduler's ticks.
LOST_CHECK_SECONDS = 600
LOST_CHECKED = 200

WORKER_LOST = gettext_noop(
    "The worker running this job stopped before it finished (killed or lost)."
)
WORKER_LOST_FOR_GOOD = gettext_noop(
    "The worker running this job stopped before it finished, %(tries)s times; not tried again."
)


def recover_stalled() -> int:
    """Queue again (or mark failed, after their most attempts) the running jobs whose worker
    stopped beating, and send the jobs the queue could not take. Returns how many."""
    now = timezone.now()
    running = list(Job.objects.filter(state=Job.State.RUNNING))
    live = progress.read_many([job.pk for job in running])
    recovered = 0
    for job in running:
        entry = live.get(job.pk)
        beat = (
            datetime.fromtimestamp(entry["beat"], tz=UTC)
            if entry and entry.get("token") == job.token
            else job.started_at
        )
        if beat and (now - beat).total_seconds() < settings.JOBS_STALL_SECONDS:
            continue
        if job.attempts < job.max_attempts:
            recovered += _queue_again(job, error=Message(WORKER_LOST).as_data())
        else:
            error = Message(WORKER_LOST_FOR_GOOD, tries=job.attempts).as_data()
            if _finish(job, Job.State.FAILED, error=error):
                recovered += 1
                _release(job)
    unsent = Job.objects.filter(
        state=Job.State.QUEUED,
        sent_at=None,
        created_at__lt=now - timedelta(seconds=UNSENT_SECONDS),
    )
    for job_id, token in unsent.values_list("pk", "token"):
        recovered += send(job_id, token)
    return recovered + _send_lost(now)


def _send_lost(now: datetime) -> int:
    """Send again the waiting jobs whose message the queue no longer holds (Redis flushed or
    restarted without its data; a run that crashed before it could claim the job). Each
    waiting job is looked for once every LOST_CHECK_SECONDS."""
    if not run_job.get_backend().supports_get_result:
        return 0
    waiting = Job.objects.filter(
        state=Job.State.QUEUED, sent_at__lt=now - timedelta(seconds=LOST_CHECK_SECONDS)
    )
    sent = 0
    for job_id, token, task_id in waiting.values_list("pk", "token", "task_id")[:LOST_CHECKED]:
        try:
            found = _on_queue(task_id)
        except Exception:  # the queue cannot be reached: looked for at the next tick
            logger.exception("could not look for job %s on the queue", job_id)
            break
        if found:
            Job.objects.filter(pk=job_id, token=token).update(sent_at=now)
        else:
            logger.warning("job %s: its message is not on the queue; sent again", job_id)
            sent += send(job_id, token)
    return sent


def _on_queue(task_id: str) -> bool:
    """Whether the queue holds this message, to run or running."""
    try:
        message = run_job.get_result(task_id)
    except TaskResultDoesNotExist:
        return False
    return message.status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)
