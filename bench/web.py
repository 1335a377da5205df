"""Throughput of the public pages on a real server, as ratios to /healthz in the same run.

    python bench/web.py                                  # SQLite (WAL), local-memory cache
    DATABASE_URL=postgres://.../scratch python bench/web.py
    python bench/web.py --seconds 5 --rounds 1           # a quick look

gunicorn serves the app with 2 sync workers and production settings; wrk (Debian's
`wrk` package) sends requests over 4 keep-alive connections as browsers would, asking
for compressed answers. Each kind of request picks at random among many URLs (40
searches, every published product...), not one URL again and again. Each kind gets
`--rounds` runs of `--seconds`, interleaved with the others so a busy moment of the
machine falls on all of them; the table gives the median round's requests per second,
p50 and p95, and requests per second as a ratio to /healthz (one SELECT 1), the figure
that carries from one machine to another.

Two servers are measured in turn: one as deployed, which keeps the pages it rendered
for the catalogue's current version (catalogue.pages.kept), and one with PAGES_KEPT_MB=0,
which renders every request: what a page costs the first time it is asked for.
Last, Chromium (Debian's) opens /?q=oil with an empty cache on the server as deployed,
and the bytes it received for the page and everything the page loads are counted.
The scratch database gets the demo catalogue when it is empty.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load import gunicorn, server_env  # noqa: E402
from bench.search_latency import QUERIES  # noqa: E402

WORKERS = 2
CONNECTIONS = 4
BROWSER_HEADERS = ["Accept-Encoding: gzip, deflate, br", "Accept-Language: en"]

# Picks each request's path at random (buyers do not go round the catalogue in order,
# which no bounded cache would hold); prints the percentiles the table needs (wrk prints
# p50 and p99).
SCRIPT = """
paths = {%s}
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
init = function(args)
  math.randomseed(os.time() * 100 + id)
end
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95)))
  local e = summary.errors
  io.write(string.format("ERRORS %%d %%d %%d %%d %%d\\n", e.connect, e.read, e.write,
    e.status, e.timeout))
end
"""
RESULT = re.compile(r"RESULT (\d+) (\d+) (\d+) (\d+)\nERRORS (\d+) (\d+) (\d+) (\d+) (\d+)")


def kinds() -> list[tuple[str, list[str]]]:
    """What is measured: the baseline first, then what buyers ask for most."""
    from catalogue.models import ProductCategory

    searched = [urllib.parse.quote(q) for q in QUERIES]
    products = ProductCategory.objects.published().order_by("pk")
    return [
        ("/healthz (baseline)", ["/healthz"]),
        ("catalogue search /?q=", [f"/?q={q}" for q in searched]),
        ("catalogue page /?page=", [f"/?page={n}" for n in range(1, 11)]),
        ("search API", [f"/api/categories/?q={q}" for q in searched]),
        ("product page", [p.get_absolute_url() for p in products]),
        ("suggestion API", [f"/api/hs/suggest/?q={q}" for q in searched]),
    ]


def wrk(port: int, script: Path, seconds: int) -> dict[str, float]:
    headers = [arg for header in BROWSER_HEADERS for arg in ("-H", header)]
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "-s", str(script), *headers,
         f"http://127.0.0.1:{port}/"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    found = RESULT.search(out)
    if found is None:
        raise RuntimeError(f"wrk gave no result for {script}:\n{out}")
    requests, micros, p50, p95, *errors = map(int, found.groups())
    # Answers other than 2xx and 3xx count as errors: a page that fails fast must not
    # look fast.
    if any(errors):
        raise RuntimeError(f"{script}: wrk counted errors (connect, read, write, status, "
                           f"timeout) {errors}")  # fmt: skip
    return {"rps": requests / (micros / 1e6), "p50": p50 / 1000, "p95": p95 / 1000}


def measure(env: dict[str, str], scripts: dict[str, Path], args, log: Path) -> dict[str, dict]:
    """The median round of each kind, and the requests per second of every round."""
    runs: dict[str, list[dict[str, float]]] = {label: [] for label in scripts}
    with gunicorn(env, workers=WORKERS, log=log) as port:
        for script in scripts.values():  # every worker warms up before anything is timed
            wrk(port, script, 2)
        for _ in range(args.rounds):
            for label, script in scripts.items():
                runs[label].append(wrk(port, script, args.seconds))
    medians = {}
    for label, rounds in runs.items():
        ordered = sorted(rounds, key=lambda run: run["rps"])
        medians[label] = {**ordered[len(ordered) // 2], "rounds": [r["rps"] for r in rounds]}
    return medians


def report(title: str, medians: dict[str, dict]) -> None:
    baseline = medians["/healthz (baseline)"]["rps"]
    print(f"\n{title}")
    print(f"{'':26} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'x /healthz':>10}  rounds (req/s)")
    for label, run in medians.items():
        rounds = " ".join(f"{rps:.0f}" for rps in run["rounds"])
        print(f"{label:26} {run['rps']:7.0f} {run['p50']:7.1f} {run['p95']:7.1f} "
              f"{run['rps'] / baseline:10.3f}  {rounds}")  # fmt: skip


def first_visit(env: dict[str, str], path: str) -> list[tuple[str, int]]:
    """The bytes Chromium received (headers and compressed bodies) for each request of a
    first visit to path: the page, its styles, scripts and icon."""
    from playwright.sync_api import sync_playwright

    received: dict[str, int] = {}
    urls: dict[str, str] = {}
    with gunicorn(env, workers=WORKERS) as port, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
        page = browser.new_context().new_page()
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.setCacheDisabled", {"cacheDisabled": True})
        session.on(
            "Network.requestWillBeSent",
            lambda e: urls.update({e["requestId"]: e["request"]["url"]}),
        )
        session.on(
            "Network.loadingFinished",
            lambda e: received.update({e["requestId"]: e["encodedDataLength"]}),
        )
        page.goto(f"http://127.0.0.1:{port}{path}", wait_until="networkidle")
        browser.close()
    return [(urls[request].split(str(port), 1)[1], size) for request, size in received.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")

    from bench.harness import SCRATCH, setup_django

    setup_django(f"sqlite:///{SCRATCH / 'web.sqlite3'}")
    from django.conf import settings
    from django.core.management import call_command

    from catalogue.models import ProductCategory

    if not ProductCategory.objects.exists():
        call_command("load_demo", verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    redis_url = os.environ.get("REDIS_URL")
    print(f"database: {engine}, cache: {'Redis' if redis_url else 'the database'}, "
          f"{WORKERS} gunicorn workers, wrk with {CONNECTIONS} connections, "
          f"{args.rounds} x {args.seconds} s per kind, {os.cpu_count()} cores")  # fmt: skip

    with tempfile.TemporaryDirectory() as folder:
        scripts = {}
        for n, (label, paths) in enumerate(kinds()):
            scripts[label] = Path(folder, f"{n}.lua")
            scripts[label].write_text(SCRIPT % ", ".join(f'"{p}"' for p in paths))
        env = server_env(os.environ["DATABASE_URL"], redis_url)
        kept = measure(env, scripts, args, SCRATCH / "web-gunicorn.log")
        rendered = measure(
            {**env, "PAGES_KEPT_MB": "0"}, scripts, args, SCRATCH / "web-gunicorn.log"
        )
    report("As deployed: pages kept for the catalogue's version", kept)
    report("PAGES_KEPT_MB=0: every request rendered", rendered)
    visit = first_visit(env, "/?q=oil")
    print("\nFirst visit to /?q=oil in Chromium, empty cache: bytes received (headers included)")
    for url, size in visit:
        print(f"  {size:6d}  {url}")
    print(f"  {sum(size for _, size in visit):6d}  in all")


if __name__ == "__main__":
    main()
