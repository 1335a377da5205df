"""Load on a real server: gunicorn with several workers on loopback, production settings.

    python bench/load.py                               # SQLite (WAL), local-memory cache
    DATABASE_URL=postgres://.../scratch REDIS_URL=redis://... python bench/load.py

DATABASE_URL must name a scratch database: the script migrates it, loads the
demo catalogue into it if it is empty, and leaves its test buyers behind.

Phase 1 sends 200 interest submissions at once (each buyer loads the form, then
all 200 post together) while 2,000 catalogue searches run beside them, and
checks: no 5xx, every submission answered with its "sent" page and saved
exactly once. The baseline is the same server idle: /healthz (one SELECT 1)
and the catalogue page, measured one request at a time before the load.
Phase 2, with REDIS_URL only: a server limited to 50 submissions an hour per
address gets 120 at once across its workers; exactly 50 must get through.

The test suite runs the same code at a smaller size (tests/test_load.py).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.harness import percentile  # noqa: E402
from bench.search_latency import QUERIES  # noqa: E402

WORKERS = 4


@dataclass
class Reply:
    status: int
    seconds: float
    body: str = ""
    cookies: dict[str, str] = field(default_factory=dict)
    location: str = ""


def request(port: int, method: str, path: str, form: dict | None = None, cookies=None) -> Reply:
    """One HTTP request on a fresh connection, as a separate browser would make it."""
    headers = {"Host": "127.0.0.1"}
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
    finally:
        connection.close()
    seconds = time.perf_counter() - started
    jar = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            jar[pair.split("=", 1)[0]] = pair.split("=", 1)[1]
    return Reply(response.status, seconds, text, jar, response.getheader("Location") or "")


class _HiddenInputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name"):
            self.values[attrs["name"]] = attrs.get("value") or ""


def hidden_inputs(html: str) -> dict[str, str]:
    parser = _HiddenInputs()
    parser.feed(html)
    return parser.values


def buyer_fields(tag: str, n: int) -> dict[str, str]:
    """What a buyer types into the register-interest form: one line, wheat."""
    return {
        "company_name": f"Load {tag} Mills {n} Ltd",
        "state": "LA",
        "city": "Apapa",
        "contact_name": "Ada Obi",
        "email": f"load-{tag}-{n}@lagosmills.ng",
        "phone": "0803 123 4567",
        "consent": "on",
        "website": "",
        "lines-0-product": "durum wheat",
        "lines-0-quantity": str(1000 + n),
        "lines-0-unit": "t",
        "lines-0-incoterm": "CIF",
        "lines-0-port": "apapa",
    }


def submissions(port: int, tag: str, count: int) -> list[Reply]:
    """`count` buyers open the form, then all post it at the same moment."""
    together = threading.Barrier(count)

    def one(n: int) -> Reply:
        try:
            form = request(port, "GET", "/interest/")
        except OSError:
            together.abort()  # the others stop waiting for this buyer
            raise
        if form.status != 200:
            together.abort()
            return form
        fields = {**hidden_inputs(form.body), **buyer_fields(tag, n)}
        together.wait(timeout=120)
        return request(port, "POST", "/interest/", fields, cookies=form.cookies)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


def searches(port: int, count: int, concurrency: int = 16) -> list[Reply]:
    rng = random.Random(count)
    paths = []
    for n in range(count):
        query = urllib.parse.quote(rng.choice(QUERIES))
        paths.append(f"/?q={query}" if n % 2 else f"/api/categories/?q={query}")
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(lambda path: request(port, "GET", path), paths))


def mixed(port: int, tag: str, posts: int, finds: int) -> tuple[list[Reply], list[Reply]]:
    """`posts` submissions at once while `finds` searches run beside them."""
    with ThreadPoolExecutor(max_workers=2) as both:
        posted = both.submit(submissions, port, tag, posts)
        found = both.submit(searches, port, finds)
        return posted.result(), found.result()


def server_env(database_url: str, redis_url: str | None, **settings: str) -> dict[str, str]:
    """Production settings on plain HTTP loopback, with a cache-key prefix of its own:
    the server gets these variables and no others."""
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        "CACHE_KEY_PREFIX": f"load-{secrets.token_hex(4)}",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        **settings,
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int = WORKERS, log: Path | None = None) -> Iterator[int]:
    """Serve the app with gunicorn on a free loopback port; yield the port."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    # The socket is bound here and handed over, so no other process can take the port.
    with (
        socket.create_server(("127.0.0.1", 0), backlog=2048) as listener,
        open(log or os.devnull, "w") as out,
    ):
        port = listener.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(workers),
             "--bind", f"fd://{listener.fileno()}", "--timeout", "120"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            pass_fds=[listener.fileno()],
        )  # fmt: skip
        try:
            _wait_until_up(server, port)
            yield port
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_up(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode}")
        with contextlib.suppress(OSError):
            if request(port, "GET", "/healthz").status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def wait_clear_of_the_hour(margin: float = 30) -> None:
    """Rate limits count in fixed hourly windows: start well inside one."""
    into_hour = time.time() % 3600
    if into_hour > 3600 - margin:
        time.sleep(3600 - into_hour + 1)


def p95(seconds: list[float]) -> float:
    return percentile(seconds, 0.95)


def saved_once(tag: str, count: int) -> list[str]:
    """Problems with what the database holds for the submissions tagged `tag`."""
    from matching.models import Buyer, Interest, InterestLine

    problems = []
    for n in range(count):
        email = f"load-{tag}-{n}@lagosmills.ng"
        buyers = Buyer.objects.filter(email=email).count()
        interests = Interest.objects.filter(buyer__email=email).count()
        lines = list(
            InterestLine.objects.filter(interest__buyer__email=email).values_list(
                "quantity", flat=True
            )
        )
        if (buyers, interests, lines) != (1, 1, [1000 + n]):
            problems.append(f"{email}: {buyers} buyers, {interests} interests, lines {lines}")
    return problems


def main() -> None:
    from bench.harness import SCRATCH, setup_django

    scratch_db = SCRATCH / "load.sqlite3"
    if "DATABASE_URL" not in os.environ:
        for leftover in SCRATCH.glob("load.sqlite3*"):
            leftover.unlink()
    setup_django(f"sqlite:///{scratch_db}")
    from django.conf import settings
    from django.core.management import call_command

    from catalogue.models import ProductCategory

    if not ProductCategory.objects.exists():
        call_command("import_catalogue", str(ROOT / "catalogue/data/demo-catalogue.xlsx"))
    database_url = os.environ["DATABASE_URL"]
    redis_url = os.environ.get("REDIS_URL")
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}, cache: {'Redis' if redis_url else 'local memory'}, "
          f"{WORKERS} gunicorn workers, {os.cpu_count()} cores")  # fmt: skip

    env = server_env(database_url, redis_url, INTEREST_MIN_FILL_SECONDS="0",
                     INTEREST_LIMIT_PER_IP_HOUR="100000")  # fmt: skip
    tag = secrets.token_hex(3)
    with gunicorn(env, log=SCRATCH / "load-gunicorn.log") as port:
        searches(port, 64)  # each worker builds its caches before anything is timed
        idle_health = [request(port, "GET", "/healthz").seconds for _ in range(200)]
        idle_search = [request(port, "GET", "/?q=wheat").seconds for _ in range(100)]
        started = time.perf_counter()
        posts, finds = mixed(port, tag, 200, 2000)
        elapsed = time.perf_counter() - started
    replies = posts + finds
    errors = [r.status for r in replies if r.status >= 500]
    sent = [r for r in posts if r.status == 302 and "/interest/sent/" in r.location]
    problems = saved_once(tag, 200)
    print(f"\n{len(replies)} requests in {elapsed:.1f} s: {len(replies) / elapsed:.0f} requests/s")
    print(f"5xx responses: {len(errors)}; submissions answered 'sent': {len(sent)}/200; "
          f"saved exactly once: {200 - len(problems)}/200")  # fmt: skip
    baseline = statistics.median(idle_health)
    rows = [
        ("/healthz, idle (baseline)", idle_health),
        ("catalogue search, idle", idle_search),
        ("catalogue search, under load", [r.seconds for r in finds]),
        ("interest submission (POST), under load", [r.seconds for r in posts]),
    ]
    print(f"\n{'':42} {'p50 ms':>8} {'p95 ms':>8} {'p95 / baseline':>15}")
    for label, seconds in rows:
        print(f"{label:42} {statistics.median(seconds) * 1000:8.1f} {p95(seconds) * 1000:8.1f} "
              f"{p95(seconds) / baseline:15.1f}")  # fmt: skip
    for problem in problems[:10]:
        print("  ", problem)

    accepted = 50
    if redis_url:
        limited = server_env(database_url, redis_url, INTEREST_MIN_FILL_SECONDS="0",
                             INTEREST_LIMIT_PER_IP_HOUR="50")  # fmt: skip
        with gunicorn(limited, log=SCRATCH / "load-gunicorn-limited.log") as port:
            wait_clear_of_the_hour()
            burst = submissions(port, secrets.token_hex(3), 120)
        accepted = sum(r.status == 302 for r in burst)
        refused = sum(r.status == 429 for r in burst)
        print(f"\nrate limit 50/hour, 120 at once over {WORKERS} workers: "
              f"{accepted} accepted, {refused} refused with 429")  # fmt: skip
    if errors or problems or len(sent) != 200 or accepted != 50:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
