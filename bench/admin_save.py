"""An official's category save in the admin with 100,000 open interests, and how soon the
matches follow it from a task worker.

    python bench/admin_save.py [--interests N]         # SQLite, var/bench/admin_save.sqlite3
    DATABASE_URL=postgres://.../scratch python bench/admin_save.py

DATABASE_URL must name a scratch database with no catalogue in it: the script migrates it
and fills it as bench/rematch_scope.py does (200 categories, one per HS heading, spread over
the chapters; 600 offers of 100 exporters), with N open interests (100,000 by default), one
line each, matched once with `manage.py rematch`. Then a superuser, logged in with Django's
test client, saves 12 categories through the admin's change form (the page's own fields and
inlines sent back, the English name changed), three times each:

  immediate  the job engine set to `immediate`: the rematch runs inside the request, as
             before the task queue (the baseline);
  queued     the database engine, no worker running: the request queues the rematch (or
             adds the change to the rematch already waiting);
  followed   the database engine with one `manage.py run_worker` process (started once,
             SIGTERM at the end): after each save, the time from the POST's return until its
             rematch job has succeeded, polled every 50 ms.

Each save's time is the POST's round trip (a 302), with the queries it sent. --profile
prints a cProfile of one more queued save.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import pstats
import random
import shlex
import signal
import statistics
import sys
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import rematch_scope  # noqa: E402
from bench.harness import SCRATCH, setup_django  # noqa: E402
from bench.scale_out import task_workers  # noqa: E402

INTERESTS = 100_000
SAVES = rematch_scope.SAVES
REMATCH_HANDLER = "matching.jobs.rematch_change"
IMMEDIATE = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}
POLL_SECONDS = 0.05
FOLLOW_TIMEOUT = 600
MATCH_SLICE = 10_000


@dataclass(frozen=True)
class Save:
    seconds: float
    queries: int


@dataclass(frozen=True)
class Followed:
    seconds: float  # from the POST's return until the job was seen succeeded
    waited: float  # from the job's creation until a worker started it
    ran: float  # from its start to its end
    interests: int  # the open interests it rematched


def match_everything() -> None:
    """What `manage.py rematch` does, a slice of the open interests at a time, each slice in
    a transaction of its own: the time of the first matching is shown, not compared."""
    from matching.matcher import rematch
    from matching.models import Interest

    ids = list(Interest.objects.open().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), MATCH_SLICE):
        rematch(Interest.objects.filter(pk__in=ids[start : start + MATCH_SLICE]))


def admin_save(client, pk: int, edit: str, profiler: cProfile.Profile | None = None) -> Save:
    """Open the category's change page, then time the POST of its data with the English
    name changed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.catalogue.admin.test_hs_codes import change_form_data

    url = reverse("admin:catalogue_productcategory_change", args=[pk])
    data = change_form_data(client.get(url))
    data["name"] = f"{data['name']} ({edit})"
    with CaptureQueriesContext(connection) as queries:
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        response = client.post(url, data)
        seconds = time.perf_counter() - started
        if profiler:
            profiler.disable()
    if response.status_code != 302:
        errors = response.context and response.context.get("errors")
        raise RuntimeError(f"category {pk}: the save answered {response.status_code}: {errors}")
    return Save(seconds, len(queries.captured_queries))


def rematch_jobs_after(pk: int):
    from jobs.models import Job

    return Job.objects.filter(handler=REMATCH_HANDLER, pk__gt=pk).order_by("pk")


def last_job_pk() -> int:
    from jobs.models import Job

    return Job.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def unfinished_rematches() -> int:
    from jobs.models import Job

    return Job.objects.filter(
        handler=REMATCH_HANDLER, state__in=[Job.State.QUEUED, Job.State.RUNNING]
    ).count()


def wait_succeeded(job_pk: int, worker, timeout: float = FOLLOW_TIMEOUT) -> None:
    """Poll the job's row until it has succeeded; a failed job or a stopped worker is an
    error."""
    from jobs.models import Job

    deadline = time.monotonic() + timeout
    while True:
        state, error = Job.objects.filter(pk=job_pk).values_list("state", "error").get()
        if state == Job.State.SUCCEEDED:
            return
        if state == Job.State.FAILED or error:
            raise RuntimeError(f"rematch job {job_pk} is {state}: {error}")
        if worker.poll() is not None:
            raise RuntimeError(f"the worker exited with status {worker.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"rematch job {job_pk} not done within {timeout:.0f} s")
        time.sleep(POLL_SECONDS)


@contextlib.contextmanager
def one_worker(env: dict[str, str]) -> Iterator:
    """One `manage.py run_worker` (bench.scale_out.task_workers: SIGTERM at the end lets the
    job under way finish); killed at once when the run fails."""
    with task_workers(env, 1, SCRATCH / "admin_save") as (worker,):
        try:
            yield worker
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
            raise


def immediate_saves(client, category_ids: list[int]) -> list[Save]:
    """The rematch inside the request, as before the task queue."""
    from django.test import override_settings

    from jobs.models import Job

    saves = []
    with override_settings(TASKS=IMMEDIATE, TASKS_BACKEND="immediate"):
        for pk in category_ids:
            before = last_job_pk()
            saves.append(admin_save(client, pk, "immediate"))
            states = list(rematch_jobs_after(before).values_list("state", flat=True))
            if states != [Job.State.SUCCEEDED]:
                raise RuntimeError(f"category {pk}: rematch jobs after an immediate save: {states}")
    return saves


def queued_saves(client, category_ids: list[int]) -> tuple[list[Save], int]:
    """The rematch queued, no worker running; returns the saves and the jobs they queued
    (a waiting rematch takes in the later changes)."""
    before = last_job_pk()
    saves = [admin_save(client, pk, "queued") for pk in category_ids]
    jobs = rematch_jobs_after(before)
    if any(state != "queued" for state in jobs.values_list("state", flat=True)):
        raise RuntimeError("a queued save ran its rematch without a worker")
    return saves, jobs.count()


def followed_saves(client, category_ids: list[int], worker) -> list[tuple[Save, Followed]]:
    """Each save, then the wait until its rematch has succeeded in the worker."""
    from jobs.models import Job
    from matching.matcher import open_interests_near

    results = []
    for pk in category_ids:
        before = last_job_pk()
        save = admin_save(client, pk, "followed")
        returned = time.perf_counter()
        job = rematch_jobs_after(before).first()
        if job is None or pk not in job.params["categories"]:
            raise RuntimeError(f"category {pk}: no rematch job of its own after the save")
        wait_succeeded(job.pk, worker)
        seconds = time.perf_counter() - returned
        job = Job.objects.get(pk=job.pk)
        interests = open_interests_near(job.params["categories"], job.params["headings"])
        results.append(
            (
                save,
                Followed(
                    seconds=seconds,
                    waited=(job.started_at - job.created_at).total_seconds(),
                    ran=(job.finished_at - job.started_at).total_seconds(),
                    interests=interests.count(),
                ),
            )
        )
    return results


def shown_command() -> str:
    """The command line, with DATABASE_URL when it was given (its password left out)."""
    given = os.environ.get("BENCH_GIVEN_DATABASE_URL")
    words = ["python", *map(shlex.quote, sys.argv)]
    if given:
        parts = urllib.parse.urlsplit(given)
        if parts.password:
            parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
        words.insert(0, f"DATABASE_URL={parts.geturl()}")
    return " ".join(words)


def load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def ms(seconds: list[float]) -> tuple[str, str]:
    values = [s * 1000 for s in seconds]
    return f"{statistics.median(values):,.0f} ms", f"{max(values):,.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interests", type=int, default=INTERESTS)
    parser.add_argument("--profile", action="store_true", help="profile one more queued save")
    args = parser.parse_args()

    if "DATABASE_URL" in os.environ:
        os.environ["BENCH_GIVEN_DATABASE_URL"] = os.environ["DATABASE_URL"]
    else:
        for suffix in ("", "-wal", "-shm"):
            (SCRATCH / f"admin_save.sqlite3{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH / 'admin_save.sqlite3'}"
    # The worker gets this process's environment: the same database, the database engine,
    # and a progress board of their own (not the one other runs on this machine share).
    os.environ["TASKS_BACKEND"] = "database"
    os.environ.setdefault("JOBS_PROGRESS_DIR", str(SCRATCH / "admin_save" / "progress"))
    Path(os.environ["JOBS_PROGRESS_DIR"]).mkdir(parents=True, exist_ok=True)
    print(f"$ {shown_command()}")
    print(f"load average at the start: {load()}")
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from catalogue.models import ProductCategory
    from matching.models import Interest, Match

    if ProductCategory.objects.exists():
        raise SystemExit("DATABASE_URL must name a scratch database with no catalogue in it")
    rematch_scope.INTERESTS = args.interests
    started = time.perf_counter()
    category_ids = rematch_scope.build()
    built = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    started = time.perf_counter()
    match_everything()
    everything = time.perf_counter() - started
    print(f"{connection.vendor}: {len(category_ids)} categories, "
          f"{Interest.objects.open().count():,} open interests, {Match.objects.count():,} "
          f"matches (built in {built:.0f} s)")  # fmt: skip
    print(f"first matching of every open interest, {MATCH_SLICE:,} at a time: {everything:.1f} s")

    # The test client's instrumented templates give the change page's forms; 'testserver'
    # becomes an allowed host. A 302 renders no template.
    setup_test_environment()
    official = get_user_model().objects.create_superuser("bench-official", "o@example.kz")
    client = Client(enforce_csrf_checks=False)
    client.force_login(official)
    saved = random.Random(7).sample(category_ids, SAVES)

    immediate = immediate_saves(client, saved)
    queued, queued_jobs = queued_saves(client, saved)
    profile = None
    if args.profile:
        profile = cProfile.Profile()
        admin_save(client, saved[0], "profiled", profile)
    env = dict(os.environ)
    with one_worker(env) as worker:
        started = time.perf_counter()
        while unfinished_rematches():
            if worker.poll() is not None:
                raise RuntimeError(f"the worker exited with status {worker.returncode}")
            time.sleep(POLL_SECONDS)
        drained = time.perf_counter() - started
        followed = followed_saves(client, saved, worker)

    print(
        f"{SAVES} categories saved in each mode; the {SAVES} queued saves made "
        f"{queued_jobs} waiting job(s), done {drained:.1f} s after the worker started"
    )
    rows = [
        ("admin save, rematch inside the request (immediate)", immediate),
        ("admin save, rematch queued (database, no worker)", queued),
        ("admin save, rematch queued (database, worker idle)", [s for s, _ in followed]),
    ]
    print(f"{'measure':<56} {'median':>10} {'max':>10} {'queries':>8}")
    for label, saves in rows:
        median, most = ms([s.seconds for s in saves])
        queries = statistics.median(s.queries for s in saves)
        print(f"{label:<56} {median:>10} {most:>10} {queries:>8.0f}")
    ratio = statistics.median(s.seconds for s in queued) / statistics.median(
        s.seconds for s in immediate
    )
    print(f"{'ratio queued / immediate (medians)':<56} {ratio:>10.2f}")
    follows = [f for _, f in followed]
    for label, values in [
        ("matches follow: POST's return -> job succeeded", [f.seconds for f in follows]),
        ("  of which waiting for the worker (created -> started)", [f.waited for f in follows]),
        ("  of which running (started -> finished)", [f.ran for f in follows]),
    ]:
        print(f"{label:<56} {statistics.median(values):>8.2f} s {max(values):>8.2f} s")
    reached = [f.interests for f in follows]
    print(f"{'open interests each rematch reached':<56} {statistics.median(reached):>10,.0f} "
          f"{max(reached):>10,}")  # fmt: skip
    print(f"load average at the end: {load()}")
    if profile:
        stats = pstats.Stats(profile, stream=sys.stdout)
        print("\nprofile of one more queued save (cumulative, top 40):")
        stats.sort_stats("cumulative").print_stats(40)
        print("the same, by own time (top 15):")
        stats.sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
