"""Search latency at 300, 10,000 and 100,000 categories, and the catalogue page's weight.

    python bench/search_latency.py                     # SQLite
    DATABASE_URL=postgres://... python bench/search_latency.py
    python bench/search_latency.py --reuse --sizes 100000   # time a grown database again

The demo catalogue (482 categories) is loaded into a scratch database, then
grown with generated variants of its categories ("Durum wheat, lot 17",
same HS codes) to each size. At each size every query below is sent three
times to /api/categories/ (search, filters, page of 20, JSON) and to
/healthz (a trivial view: one SELECT 1) through Django's test client, in
the same run; p50 and p95 of each are printed. So are those of /api/complete/
(the search box's suggestions) for the first 2, 3 and 5 characters of each
query, as a buyer types them, and the first of those calls, which builds the
suggestions' index after the catalogue changed.

--reuse keeps the categories a previous run grew (no re-import, no growing past what is
there), so the measuring part alone can be repeated; --sizes picks the sizes measured.
--busy measures with background work beside the searches, as a task worker on the same
machine gives it: the demo catalogue imported again and again, into a database of its own
(so it takes CPU and disk, not the searched database's write lock).
On PostgreSQL each size is measured after VACUUM ANALYZE, as autovacuum would leave the
tables after a bulk insert (fresh statistics, GIN pending lists merged).
"""

from __future__ import annotations

import argparse
import atexit
import gzip
import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import percentile, setup_django  # noqa: E402

SIZES = (482, 10_000, 100_000)
QUERIES = [
    "AGO", "PMS", "LPG", "iron rods", "roofing sheets", "cooking oil", "vegetable oil", "wheat",
    "durum wheat", "wheat flour", "cement", "urea", "NPK fertilizer", "copper cathodes",
    "sunflowr oil", "portand cement", "ferro chrome", "pp granules", "frozen chicken", "maize",
    "tomato paste", "power cables", "tractors", "railway wagons", "steel pipes", "oil", "steel",
    "пшеница", "мука пшеничная", "масло подсолнечное", "цемент", "карбамид", "арматура",
    "7214.20", "2710.19.00", "1512", "1001 99 000 0", "groundnut oil", "cocoa beans", "kerosene",
]  # fmt: skip
QUALIFIERS = ["export grade", "premium", "standard", "bulk", "packed", "first grade", "GOST", "lot"]


def grow_to(size: int) -> None:
    from types import SimpleNamespace

    from django.utils import timezone

    from catalogue import search
    from catalogue.lib.bulk_insert import insert_rows
    from catalogue.lib.collation import name_orders
    from catalogue.lib.normalise import name_key
    from catalogue.models import CategoryCode, ProductCategory

    have = ProductCategory.objects.count()
    if have >= size:
        return
    bases = list(
        ProductCategory.objects.filter(codes__is_primary=True)
        .values_list("name", "name_ru", "codes__hs_code_id", "sector_id")
        .order_by("pk")[:482]
    )
    rng = random.Random(size)
    now = timezone.now()
    rows = []
    for n in range(have, size):
        name, name_ru, code, sector = bases[n % len(bases)]
        names = {"name": f"{name}, {rng.choice(QUALIFIERS)} {n}", "name_ru": f"{name_ru} {n}"}
        rows.append(
            {
                **names,
                **name_orders(SimpleNamespace(**names, name_kk="")),
                "slug": f"bench-{n}",
                "code_key": code,
                "name_key": name_key(names["name"]),
                "sector": sector,
            }
        )
    same = {
        "name_kk": "",
        "description": "",
        "description_ru": "",
        "description_kk": "",
        "is_published": True,
        "created_at": now,
        "updated_at": now,
    }
    insert_rows(ProductCategory, rows, same=same)
    new = dict(ProductCategory.objects.filter(slug__startswith="bench-").values_list("slug", "pk"))
    codes = [{"category": new[row["slug"]], "hs_code": row["code_key"]} for row in rows]
    same = {"status": "confirmed", "confidence": 1.0, "is_primary": True}
    insert_rows(CategoryCode, codes, same=same)
    search.reindex([new[row["slug"]] for row in rows])


def background_imports() -> None:
    """Import the demo catalogue again and again into a scratch SQLite database of its
    own, in another process, until this one ends."""
    from bench.harness import SCRATCH

    for leftover in SCRATCH.glob("busy.sqlite3*"):
        leftover.unlink()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{SCRATCH / 'busy.sqlite3'}"}
    command = (
        f"{sys.executable} manage.py migrate -v0 && {sys.executable} manage.py load_hs -v0 && "
        f"while true; do {sys.executable} manage.py import_catalogue "
        f"catalogue/data/demo-catalogue.xlsx > /dev/null 2>&1; "
        f"{sys.executable} manage.py shell -c "
        f"'from catalogue.models import ProductCategory as P; P.objects.all().delete()'; done"
    )
    busy = subprocess.Popen(["bash", "-c", command], cwd=ROOT, env=env, start_new_session=True)
    atexit.register(os.killpg, busy.pid, signal.SIGTERM)
    time.sleep(20)  # past migrate and load_hs, into the imports


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95, in milliseconds."""
    return percentile(samples, 0.5) * 1000, percentile(samples, 0.95) * 1000


def measure_completions(client) -> tuple[float, list[float]]:
    """The first call (the index is built) and every call after it, in seconds."""
    started = time.perf_counter()
    client.get("/api/complete/", {"q": "wh"})
    first = time.perf_counter() - started
    times = []
    for _ in range(3):
        for typed in (q[:n] for q in QUERIES for n in (2, 3, 5)):
            started = time.perf_counter()
            response = client.get("/api/complete/", {"q": typed})
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (typed, response.status_code)
    return first, times


def measure(client) -> tuple[list[float], list[float]]:
    for query in QUERIES:  # warm the caches: suggester, vocabulary, query plans
        client.get("/api/categories/", {"q": query})
    search_times, trivial_times = [], []
    for _ in range(3):
        for query in QUERIES:
            started = time.perf_counter()
            response = client.get("/api/categories/", {"q": query})
            search_times.append(time.perf_counter() - started)
            assert response.status_code == 200, (query, response.status_code)
            started = time.perf_counter()
            client.get("/healthz")
            trivial_times.append(time.perf_counter() - started)
    return search_times, trivial_times


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--reuse", action="store_true", help="keep a previous run's categories")
    arguments.add_argument(
        "--sizes", type=int, nargs="+", default=list(SIZES), metavar="N", help="sizes measured"
    )
    arguments.add_argument(
        "--busy", action="store_true", help="an import runs again and again beside the searches"
    )
    options = arguments.parse_args()
    # What a search costs, not the answers a server keeps for queries asked before
    # (catalogue.pages.kept; bench/web.py measures both).
    os.environ["PAGES_KEPT_MB"] = "0"
    setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    from catalogue.models import ProductCategory

    if not options.reuse:
        ProductCategory.objects.filter(slug__startswith="bench-").delete()  # a previous run's
        call_command(
            "import_catalogue",
            str(ROOT / "catalogue/data/demo-catalogue.xlsx"),
            stdout=io.StringIO(),
        )
    client = Client(HTTP_HOST="localhost")
    page = client.get("/", {"q": "oil"}).content
    static = [
        ROOT / f"static/{path}" for path in ("css/site.css", "js/site.js", "js/search-complete.js")
    ]
    weight = len(gzip.compress(page)) + sum(len(gzip.compress(p.read_bytes())) for p in static)
    print(f"catalogue page, 20 results for 'oil': HTML {len(page) / 1024:.1f} KB, "
          f"{weight / 1024:.1f} KB compressed with its CSS and JS")  # fmt: skip
    if options.busy:
        background_imports()
    print(f"\n{connection.vendor}: {len(QUERIES)} queries × 3 per size"
          f"{', an import running beside them' if options.busy else ''}")  # fmt: skip
    columns = ("search p50", "search p95", "trivial p50", "trivial p95", "complete p50",
               "complete p95", "first")  # fmt: skip
    print(f"{'categories':>10} " + " ".join(f"{c:>11}" for c in columns))
    for size in options.sizes:
        with transaction.atomic():
            grow_to(size)
        with connection.cursor() as cursor:
            # Fresh planner statistics, and on PostgreSQL the GIN indexes' pending lists
            # merged, as autovacuum would leave them after a bulk insert.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        count = ProductCategory.objects.count()
        first, complete_times = measure_completions(client)
        search_times, trivial_times = measure(client)
        s50, s95 = percentiles(search_times)
        t50, t95 = percentiles(trivial_times)
        c50, c95 = percentiles(complete_times)
        print(f"{count:>10,} {s50:>9.1f}ms {s95:>9.1f}ms {t50:>10.2f}ms {t95:>10.2f}ms "
              f"{c50:>10.2f}ms {c95:>10.2f}ms {first * 1000:>9.0f}ms")  # fmt: skip


if __name__ == "__main__":
    main()
