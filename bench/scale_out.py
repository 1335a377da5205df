"""Scale-out: web and task workers as separate processes, on PostgreSQL and Redis.

    DATABASE_URL=postgres://.../scratch REDIS_URL=redis://.../6 python bench/scale_out.py
        [--rows N] [--lines N] [--submissions N] [--searches N]

As the README's "Production" deploys it: gunicorn with 3 workers, and task workers
(`manage.py run_worker`, RQ on Redis) started as separate processes with the same
environment. DATABASE_URL must name a scratch PostgreSQL database: the script migrates it
and fills it with the HS nomenclature, Nigeria's import rules, the demo catalogue, N
interest lines (bench/export_100k.py) and a superuser; each phase then runs on a copy of it
(CREATE DATABASE ... TEMPLATE, dropped after), so each import does the same work. REDIS_URL
must name a scratch Redis database: its task queue is emptied before each phase.

Three phases, each with its own copy, server and task workers:
  no background work  the mixed load of bench/load.py (submissions all posted at once beside
                      searches, 16 at a time), no task worker running;
  1 task worker       an official logs in to the admin, uploads the generated workbook
                      (bench/import_100k.py; a worker previews it), confirms the import and
                      asks for the interest report of every line; then the same mixed load,
                      while the two jobs run;
  2 task workers      the same.
Reported: search p95 against that of the first phase, 5xx responses (target 0), the time
of the two POSTs that queue the jobs (target under 1 s each), and the time from the first
POST until both jobs succeeded, with its ratio for 2 task workers to 1.

The test suite runs the same code at a smaller size (tests/test_scale_out.py).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shlex
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.harness import SCRATCH, percentile, run_child, setup_django  # noqa: E402
from bench.load import (  # noqa: E402
    Reply,
    gunicorn,
    hidden_inputs,
    mixed,
    request,
    saved_once,
    searches,
    server_env,
)

WEB_WORKERS = 3
OFFICIAL = "bench-official"
JOB_PAGE = re.compile(r"/admin/jobs/job/(\d+)/change/")
# A preview's decision for each product possibly one the catalogue holds: a new product.
NEW_PRODUCT = re.compile(r'name="(same-[0-9a-f]{16})" value="new"')
JOBS_TIMEOUT = 1800


@dataclass
class Queued:
    """A POST that queued a job: its answer, and the job it leads to."""

    status: int
    seconds: float
    location: str
    job: int | None


@dataclass
class PhaseResult:
    task_workers: int
    search_seconds: list[float]
    submission_seconds: list[float]
    server_errors: int
    sent: int
    not_saved_once: list[str]
    # Seconds since the first queueing POST: when the load ran, when each job started and
    # ended; its state; what it did.
    load_window: tuple[float, float] = (0.0, 0.0)
    queued: dict[str, Queued] = field(default_factory=dict)
    # The official's every request: upload, preview page, confirm, export.
    official_seconds: dict[str, float] = field(default_factory=dict)
    jobs: dict[str, dict] = field(default_factory=dict)
    other_jobs: list[dict] = field(default_factory=list)
    # The machine's, as the load ended (1, 5 and 15 minutes): other work shows here.
    load_average: tuple[float, float, float] = (0.0, 0.0, 0.0)


class AdminSession:
    """An official logged in to the admin over HTTP, keeping the cookies it is given."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def send(self, method: str, path: str, form: dict | None = None) -> Reply:
        reply = request(self.port, method, path, form, cookies=self.cookies)
        self.cookies.update(reply.cookies)
        return reply

    def post_page_form(self, path: str, extra: dict[str, str] | None = None) -> Reply:
        """Open the page, then post its form back as its button would."""
        page = self.send("GET", path)
        if page.status != 200:
            raise RuntimeError(f"GET {path}: {page.status}")
        return self.send("POST", path, {**hidden_inputs(page.body), **(extra or {})})

    def log_in(self, username: str, password: str) -> None:
        reply = self.post_page_form(
            "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
        )
        if reply.status != 302:
            raise RuntimeError(f"admin login refused ({reply.status})")

    def upload(self, path: str, file: Path) -> Reply:
        """Post the upload form with the file, multipart, as a browser sends it."""
        form = hidden_inputs(self.send("GET", path).body)
        boundary = secrets.token_hex(16)
        body = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            .encode()
            for name, value in form.items()
        )  # fmt: skip
        body += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
            ).encode()
            + file.read_bytes()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {
            "Host": "127.0.0.1",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        started = time.perf_counter()
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        return Reply(response.status, seconds, text, {}, response.getheader("Location") or "")


def queued(reply: Reply) -> Queued:
    found = JOB_PAGE.fullmatch(reply.location) if reply.status == 302 else None
    return Queued(reply.status, reply.seconds, reply.location, int(found[1]) if found else None)


def make_official() -> tuple[str, str]:
    """A superuser to log in to the admin as; a new password each run."""
    from django.contrib.auth import get_user_model

    password = secrets.token_urlsafe(16)
    users = get_user_model().objects
    official = users.filter(username=OFFICIAL).first()
    if official is None:
        users.create_superuser(OFFICIAL, "official@example.kz", password)
    else:
        official.set_password(password)
        official.save(update_fields=["password"])
    return OFFICIAL, password


@contextlib.contextmanager
def task_workers(env: dict[str, str], count: int, folder: Path) -> Iterator[list]:
    """`count` task workers (`manage.py run_worker`), each its own process. At the end,
    SIGTERM lets a job under way finish (a rematch the import queued) for up to a minute;
    a second SIGTERM then makes RQ stop the child running it (its cold shutdown)."""
    workers = []
    try:
        for n in range(count):
            with open(folder / f"worker-{n + 1}.log", "w") as log:
                workers.append(
                    subprocess.Popen(
                        [sys.executable, "manage.py", "run_worker"],
                        cwd=ROOT,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
        yield workers
    finally:
        for worker in workers:
            worker.terminate()
        grace = time.monotonic() + 60
        for worker in workers:
            _stop(worker, grace)


def _stop(worker: subprocess.Popen, grace: float) -> None:
    """Sent SIGTERM, it finishes its job until `grace` (a monotonic time); a second SIGTERM
    stops the job (RQ's cold shutdown), SIGKILL the worker last."""
    for wait, then in ((grace - time.monotonic(), worker.terminate), (30, worker.kill)):
        try:
            worker.wait(timeout=max(0.1, wait))
            return
        except subprocess.TimeoutExpired:
            then()
    worker.wait()


def wait_for(job_ids: list[int], workers: list, timeout: float = JOBS_TIMEOUT) -> list:
    """The jobs, once each has succeeded or failed."""
    from jobs.models import Job

    deadline = time.monotonic() + timeout
    while True:
        jobs = list(Job.objects.filter(pk__in=job_ids))
        if len(jobs) == len(job_ids) and all(job.finished for job in jobs):
            return jobs
        stopped = [w.pid for w in workers if w.poll() is not None]
        if stopped:
            raise RuntimeError(f"task workers {stopped} exited; see their logs")
        if time.monotonic() > deadline:
            raise RuntimeError(f"jobs {job_ids} not finished within {timeout:.0f} s")
        time.sleep(0.2)


def import_through_admin(session: AdminSession, workbook: Path, workers: list) -> dict:
    """Upload the workbook, let a worker preview it, open the preview and confirm it, as an
    official does; the replies to the upload, the preview page and the confirmation."""
    replies = {"upload": session.upload("/admin/catalogue/importbatch/import/", workbook)}
    uploaded = queued(replies["upload"])
    if uploaded.job is None:
        raise RuntimeError(f"the upload was not queued for a preview: {uploaded}")
    (preview,) = wait_for([uploaded.job], workers)
    if preview.state != preview.State.SUCCEEDED:
        raise RuntimeError(f"the preview failed: {preview.error}")
    confirm = preview.result["link"]
    page = replies["preview page"] = session.send("GET", confirm)
    decisions = {name: "new" for name in NEW_PRODUCT.findall(page.body)}
    form = {**hidden_inputs(page.body), **decisions, "confirm": "Confirm import"}
    replies["confirm"] = session.send("POST", confirm, form)
    return replies


def run_phase(
    *,
    database_url: str,
    redis_url: str,
    folder: Path,
    workers: int,
    workbook: Path | None,
    login: tuple[str, str] | None,
    submissions: int,
    finds: int,
) -> PhaseResult:
    """One phase on a server of its own: with a workbook, its import and the interest report
    queued by an official, then the mixed load while they run; else the load alone."""
    from django.utils import timezone

    from catalogue.models import ImportBatch
    from jobs.models import Job

    folder.mkdir(parents=True, exist_ok=True)
    env = server_env(
        database_url, redis_url, TASKS_BACKEND="rq", FILES_DIR=str(folder / "files"),
        INTEREST_MIN_FILL_SECONDS="0", INTEREST_LIMIT_PER_IP_HOUR="100000",
        # A worker previews an upload of any size, as it does the 100,000-row file.
        IMPORT_PREVIEW_NOW_MB="0",
    )  # fmt: skip
    # As `make serve` does, in the server's environment: with TASKS_BACKEND=rq, django_rq's
    # tables too, without which /healthz answers 503.
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    tag = secrets.token_hex(3)
    with (
        gunicorn(env, workers=WEB_WORKERS, log=folder / "gunicorn.log") as port,
        task_workers(env, workers, folder) as running,
    ):
        searches(port, 64)  # each web worker builds its caches before anything is timed
        start = timezone.now()
        official = {}  # the official's replies
        if workbook is not None:
            session = AdminSession(port)
            session.log_in(*login)
            official = import_through_admin(session, workbook, running)
            # Times are counted from the moment the official confirmed the import.
            start = timezone.now() - timedelta(seconds=official["confirm"].seconds)
            official["export"] = session.post_page_form("/admin/matching/interest/export/")
        load_from = (timezone.now() - start).total_seconds()
        posts, found = mixed(port, tag, submissions, finds)
        load_to = (timezone.now() - start).total_seconds()
        load_average = os.getloadavg()
        asked = {kind: queued(official[kind]) for kind in ("confirm", "export") if official}
        jobs_of = {"import": "confirm", "export": "export"}
        ids = {job: asked[post].job for job, post in jobs_of.items() if post in asked}
        if None in ids.values():
            raise RuntimeError(f"the official's POSTs did not both queue a job: {asked}")
        done = {job.pk: job for job in wait_for(list(ids.values()), running)}

    def since(moment) -> float | None:
        return round((moment - start).total_seconds(), 2) if moment else None

    def described(job: Job) -> dict:
        return {"handler": job.handler.rpartition(".")[2], "state": job.state,
                "started": since(job.started_at), "ended": since(job.finished_at),
                "error": job.error, "result": job.result}  # fmt: skip

    jobs = {kind: described(done[pk]) for kind, pk in ids.items()}
    if jobs.get("import", {}).get("state") == Job.State.SUCCEEDED:
        batch = ImportBatch.objects.get(pk=jobs["import"]["result"]["batch"])
        jobs["import"]["result"] = {"created": batch.created, "status": batch.status}
    if jobs.get("export", {}).get("state") == Job.State.SUCCEEDED:
        written = jobs["export"]["result"]
        jobs["export"]["result"] = {"interests": written["interests"], "lines": written["lines"]}
    others = Job.objects.filter(created_at__gte=start).exclude(pk__in=ids.values())
    replies = posts + found + list(official.values())
    return PhaseResult(
        task_workers=workers,
        search_seconds=[r.seconds for r in found],
        submission_seconds=[r.seconds for r in posts],
        server_errors=sum(r.status >= 500 for r in replies),
        sent=sum(r.status == 302 and "/interest/sent/" in r.location for r in posts),
        not_saved_once=saved_once(tag, submissions),
        load_window=(round(load_from, 2), round(load_to, 2)),
        queued=asked,
        official_seconds={name: r.seconds for name, r in official.items()},
        jobs=jobs,
        other_jobs=[described(job) for job in others.order_by("pk")],
        load_average=load_average,
    )


def database_copy_url(database_url: str, name: str) -> str:
    return urllib.parse.urlsplit(database_url)._replace(path=f"/{name}").geturl()


@contextlib.contextmanager
def database_copy(database_url: str) -> Iterator[str]:
    """A copy of the scratch database (CREATE DATABASE ... TEMPLATE), dropped after."""
    import psycopg
    from django.conf import settings
    from django.db import connections
    from psycopg import sql

    db = settings.DATABASES["default"]
    copy = f"{db['NAME']}_phase"
    connections.close_all()  # the template must have no session open
    maintenance = psycopg.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"] or None,
        host=db["HOST"] or None, port=db["PORT"] or None, autocommit=True,
    )  # fmt: skip
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(copy))
    with maintenance:
        maintenance.execute(drop)
        for attempt in range(10):  # autovacuum may be visiting the template
            try:
                maintenance.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                        sql.Identifier(copy), sql.Identifier(db["NAME"])
                    )
                )
                break
            except psycopg.errors.ObjectInUse:
                if attempt == 9:
                    raise
                time.sleep(1)
        try:
            yield database_copy_url(database_url, copy)
        finally:
            maintenance.execute(drop)


def empty_task_queue(redis_url: str) -> None:
    """Messages an earlier phase left (its buyers' e-mails) would name rows of another copy."""
    from redis import Redis
    from rq import Queue

    Queue("default", connection=Redis.from_url(redis_url)).empty()


def prepare(lines: int, rows: int) -> tuple[Path, tuple[str, str]]:
    """Fill the scratch database (once: a second run finds it filled) and write the workbook."""
    from django.db import connection

    from bench.export_100k import populate
    from bench.import_100k import generate

    populate(lines)
    official = make_official()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # each copy starts with its statistics
    workbook = SCRATCH / f"catalogue-{rows}.xlsx"
    if not workbook.exists():
        generate(workbook, rows)
    return workbook, official


def required_services() -> tuple[str, str]:
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://", "pgsql://")) or not redis_url:
        raise SystemExit(
            "bench/scale_out.py runs as deployed, on PostgreSQL and Redis: set "
            "DATABASE_URL=postgres://.../scratch (a scratch database: filled and copied) and "
            "REDIS_URL=redis://.../N (a scratch Redis database: its task queue is emptied)."
        )
    return database_url, redis_url


def shown_command() -> str:
    """The command line, with the two URLs' passwords left out."""
    urls = []
    for name in ("DATABASE_URL", "REDIS_URL"):
        parts = urllib.parse.urlsplit(os.environ[name])
        if parts.password:
            parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
        urls.append(f"{name}={parts.geturl()}")
    return " ".join([*urls, "python", *map(shlex.quote, sys.argv)])


def child(spec: str) -> None:
    """One phase, in a fresh interpreter pointed at the phase's copy of the database."""
    options = json.loads(spec)
    os.environ["DATABASE_URL"] = options.pop("database_url")
    setup_django()
    workbook = options.pop("workbook")
    result = run_phase(
        database_url=os.environ["DATABASE_URL"],
        workbook=Path(workbook) if workbook else None,
        folder=Path(options.pop("folder")),
        **options,
    )
    print(json.dumps(asdict(result)))


PHASES = (("no background work", 0), ("1 task worker", 1), ("2 task workers", 2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the import")
    parser.add_argument("--lines", type=int, default=100_000, help="interest lines exported")
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--searches", type=int, default=2000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child)
    database_url, redis_url = required_services()
    print(f"$ {shown_command()}", flush=True)
    setup_django()
    workbook, official = prepare(args.lines, args.rows)
    from django.db import connection

    from matching.models import Interest, InterestLine

    print(f"PostgreSQL {connection.pg_version // 10000}, Redis; {WEB_WORKERS} gunicorn workers, "
          f"task workers on RQ; {os.cpu_count()} cores; load average "
          f"{', '.join(f'{n:.1f}' for n in os.getloadavg())}")  # fmt: skip
    print(f"import: {workbook.name}, {workbook.stat().st_size / 1e6:.1f} MB, {args.rows:,} rows; "
          f"report: {InterestLine.objects.count():,} interest lines of "
          f"{Interest.objects.count():,} interests; load: {args.submissions} submissions at "
          f"once beside {args.searches:,} searches", flush=True)  # fmt: skip
    results = {}
    for label, workers in PHASES:
        print(f"… {label}", flush=True)
        empty_task_queue(redis_url)
        with database_copy(database_url) as copy_url:
            spec = {
                "database_url": copy_url, "redis_url": redis_url, "workers": workers,
                "folder": str(SCRATCH / f"scale-out-{workers}"),
                "workbook": str(workbook) if workers else None,
                "login": official if workers else None,
                "submissions": args.submissions, "finds": args.searches,
            }  # fmt: skip
            results[label] = run_child(Path(__file__).resolve(), json.dumps(spec))
    report(results, args.submissions)


def report(results: dict[str, dict], submissions: int) -> None:
    """The table, then each phase's timeline; exit status 1 on a 5xx, a submission not saved
    once, or a job not done."""
    baseline = percentile(results[PHASES[0][0]]["search_seconds"], 0.95)
    print(f"\n{'':18} {'search p50':>10} {'p95':>7} {'p95/base':>8} {'5xx':>4} {'saved':>7} "
          f"{'confirm':>8} {'report':>7} {'import':>8} {'export':>8} {'both':>8}")  # fmt: skip
    failed = False
    for label, result in results.items():
        seconds, official = result["search_seconds"], result["official_seconds"]
        p95 = percentile(seconds, 0.95)
        saved = submissions - len(result["not_saved_once"])
        posts = [f"{official[k] * 1000:.0f}ms" if k in official else "–"
                 for k in ("confirm", "export")]  # fmt: skip
        ends = [result["jobs"].get(k, {}).get("ended") for k in ("import", "export")]
        if all(ends):
            ends.append(max(ends))
        ends = [f"{end:.1f}s" if end else "–" for end in ends] + ["–"] * (3 - len(ends))
        print(f"{label:18} {statistics.median(seconds) * 1000:8.0f}ms {p95 * 1000:5.0f}ms "
              f"{p95 / baseline:8.2f} {result['server_errors']:4} {saved:3}/{submissions:<3} "
              f"{posts[0]:>8} {posts[1]:>7} {ends[0]:>8} {ends[1]:>8} {ends[2]:>8}")  # fmt: skip
        failed |= bool(result["server_errors"] or result["not_saved_once"])
        failed |= any(job["state"] != "succeeded" for job in result["jobs"].values())
    print("\nconfirm, report: the official's POSTs that queue the import and the report (target "
          "< 1 s); import, export, both: seconds from the confirming POST until each job "
          "(both) succeeded")  # fmt: skip
    ran = [r for r in results.values() if r["jobs"]]
    if len(ran) == 2:
        one, two = (max(job["ended"] for job in r["jobs"].values()) for r in ran)
        print(f"both done, 2 task workers / 1: {two / one:.2f}")
    for label, result in results.items():
        official = ", ".join(f"{k} {v:.2f} s" for k, v in result["official_seconds"].items())
        print(f"\n{label}: " + (f"the official's requests: {official}" if official else ""))
        start, end = result["load_window"]
        averages = ", ".join(f"{n:.1f}" for n in result["load_average"])
        print(f"  load from {start:.1f} to {end:.1f} s; machine load average then {averages}")
        for kind, job in [
            *result["jobs"].items(),
            *((j["handler"], j) for j in result["other_jobs"]),
        ]:
            ended = f"{job['ended']:.1f}" if job["ended"] is not None else "…"
            began = f"{job['started']:.1f}" if job["started"] is not None else "…"
            print(f"  {kind}: {job['state']}, ran {began}–{ended} s; {job['result'] or ''}")
        for problem in result["not_saved_once"][:5]:
            print("  ", problem)
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
