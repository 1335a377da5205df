"""What an official's single category save costs once matches follow it, with 1,000 open
interests spread over many HS headings.

    python bench/rematch_scope.py                      # SQLite, var/bench/rematch.sqlite3
    DATABASE_URL=postgres://.../scratch python bench/rematch_scope.py

DATABASE_URL must name a scratch database with no catalogue in it: the script migrates it
and fills it. 200 categories, one per HS heading, the headings spread over the chapters; 600
offers of 100 exporters; 1,000 open interests (one line each: a category, or the buyer's
words with a suggested code), matched once with `manage.py rematch`. Then each of
12 categories is saved as an official saves it (a name edit in a transaction, committed),
and 12 others get a new primary code in another chapter (`confirm_category_code`); each
time is from the start of the transaction to the end of its on-commit work (the rematch),
with the queries it sent. The baseline, in the same run: the same saves with matching's
receiver replaced by one that rematches every open interest, as every change did before
matching/receivers.py (12 other categories of each kind).
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import SCRATCH, setup_django  # noqa: E402

CATEGORIES = 200
OFFERS_PER_CATEGORY = 3
EXPORTERS = 100
INTERESTS = 1000
SAVES = 12


def build() -> list[int]:
    """The catalogue and the interests, written without signals; returns the category ids."""
    from django.utils import timezone

    from catalogue import search
    from catalogue.models import CategoryCode, Exporter, HSCode, Offer, ProductCategory
    from catalogue.sectors import assign_sectors
    from matching.models import Buyer, Interest, InterestLine

    rng = random.Random(2026)
    headings = list(HSCode.objects.headings().order_by("code").values_list("code", flat=True))
    chosen = sorted(rng.sample(headings, CATEGORIES))
    leaf = {}
    for code in HSCode.objects.subheadings().order_by("code").values_list("code", flat=True):
        leaf.setdefault(code[:4], code)
    codes = [leaf.get(heading, heading) for heading in chosen]
    ProductCategory.objects.bulk_create(
        ProductCategory(name=f"Product {code}", slug=f"product-{code}", code_key=code,
                        name_key=f"product {code}")
        for code in codes
    )  # fmt: skip
    categories = dict(ProductCategory.objects.values_list("code_key", "pk"))
    CategoryCode.objects.bulk_create(
        CategoryCode(category_id=categories[code], hs_code_id=code, status="confirmed")
        for code in codes
    )
    assign_sectors()
    Exporter.objects.bulk_create(
        Exporter(name=f"Exporter {n} LLP", name_key=f"exporter {n} llp", slug=f"exporter-{n}")
        for n in range(EXPORTERS)
    )
    exporters = list(Exporter.objects.values_list("pk", flat=True))
    Offer.objects.bulk_create(
        Offer(exporter_id=exporter, category_id=categories[code], capacity=rng.choice([50, 5000]),
              unit="t", incoterms=rng.choice(["FCA", "CPT DAP", ""]))
        for code in codes
        for exporter in rng.sample(exporters, OFFERS_PER_CATEGORY)
    )  # fmt: skip
    Buyer.objects.bulk_create(
        Buyer(company_name=f"Lagos Mills {n} Ltd", state="LA", city="Ikeja",
              contact_name="Ada Obi", email=f"buyer{n}@example.ng", phone="+2348031234567")
        for n in range(INTERESTS // 5)
    )  # fmt: skip
    buyers = list(Buyer.objects.values_list("pk", flat=True))
    now = timezone.now()
    statuses = ["confirmed", "contacted", "matched"]
    Interest.objects.bulk_create(
        Interest(buyer_id=buyers[n % len(buyers)], reference=f"KZNG-BENCH-{n:06d}",
                 status=statuses[n % 3], confirmed_at=now)
        for n in range(INTERESTS)
    )  # fmt: skip
    lines = []
    for n, interest in enumerate(Interest.objects.values_list("pk", flat=True)):
        code = rng.choice(codes)
        if n % 10 < 7:
            lines.append(InterestLine(interest_id=interest, category_id=categories[code]))
        else:
            lines.append(
                InterestLine(interest_id=interest, free_text="goods", suggested_hs_id=code)
            )
        lines[-1].quantity, lines[-1].unit, lines[-1].frequency = 100, "t", "monthly"
    InterestLine.objects.bulk_create(lines)
    search.reindex()
    return list(categories.values())


def timed_commit(work) -> tuple[float, int]:
    """Seconds and queries from the start of a transaction to the end of its on-commit work."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        with transaction.atomic():
            work()
        elapsed = time.perf_counter() - started
    return elapsed, len(queries.captured_queries)


def main() -> None:
    if "DATABASE_URL" not in os.environ:
        (SCRATCH / "rematch.sqlite3").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH / 'rematch.sqlite3'}"
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from catalogue.models import HSCode, ProductCategory
    from catalogue.services import confirm_category_code
    from matching.models import Match

    if ProductCategory.objects.exists():
        raise SystemExit("DATABASE_URL must name a scratch database with no catalogue in it")
    category_ids = build()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    out = io.StringIO()
    started = time.perf_counter()
    call_command("rematch", stdout=out)
    everything = time.perf_counter() - started
    print(f"{connection.vendor}: {len(category_ids)} categories, {INTERESTS} open interests, "
          f"{Match.objects.count()} matches")  # fmt: skip
    print(f"rematch of every open interest: {everything * 1000:.0f} ms ({out.getvalue().strip()})")

    rng = random.Random(7)
    official = get_user_model().objects.create_user("bench-official")
    spare = list(HSCode.objects.subheadings().values_list("code", flat=True))

    def rename(pk: int):
        def work():
            category = ProductCategory.objects.get(pk=pk)
            category.name += " (edited)"
            category.save()

        return work

    def recode(pk: int):
        def work():
            category = ProductCategory.objects.get(pk=pk)
            current = category.codes.get(is_primary=True).hs_code_id
            code = rng.choice([c for c in spare if c[:2] != current[:2]])
            confirm_category_code(
                category=category, hs_code=HSCode.objects.get(code=code), user=official
            )

        return work

    print(f"{'change':<40} {'rematched':<30} {'median':>7} {'max':>7} {'queries':>7}")
    for label, work in [("name edited (category.save())", rename),
                        ("primary code moved to another chapter", recode)]:  # fmt: skip
        sample = rng.sample(category_ids, 2 * SAVES)
        samples = iter([sample[0::2], sample[1::2]])  # other categories for each scope
        for scope, listener in [("every open interest (before)", rematch_everything),
                                ("the interests near (now)", None)]:  # fmt: skip
            with rematching(listener):
                runs = [timed_commit(work(pk)) for pk in next(samples)]
            times = sorted(seconds * 1000 for seconds, _ in runs)
            queries = statistics.median(q for _, q in runs)
            print(f"{label:<40} {scope:<30} {statistics.median(times):>5.0f}ms "
                  f"{times[-1]:>5.0f}ms {queries:>7.0f}")  # fmt: skip


def rematch_everything(sender, **kwargs) -> None:
    """What every committed change did before matching/receivers.py: all open interests."""
    from matching.matcher import rematch
    from matching.models import Interest

    rematch(Interest.objects.open())


@contextlib.contextmanager
def rematching(listener):
    """Matching's own receiver, or this listener in its place (None: matching's)."""
    from catalogue.changes import change_committed
    from matching.receivers import rematch_near_change

    if listener is None:
        yield
        return
    change_committed.disconnect(rematch_near_change, dispatch_uid="matching.rematch_near_change")
    change_committed.connect(listener, dispatch_uid="bench.rematch_everything")
    try:
        yield
    finally:
        change_committed.disconnect(dispatch_uid="bench.rematch_everything")
        change_committed.connect(rematch_near_change, dispatch_uid="matching.rematch_near_change")


if __name__ == "__main__":
    main()
