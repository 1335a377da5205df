"""Shared pieces of the benchmarks: a scratch database and peak-memory measurement."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / "var" / "bench"


def setup_django(database_url: str | None = None) -> None:
    """Point Django at a scratch database (SQLite unless DATABASE_URL says so) and migrate."""
    SCRATCH.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", database_url or f"sqlite:///{SCRATCH / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from catalogue.nomenclature import load_nomenclature

    load_nomenclature()
    try:  # Nigeria's import rules, which the import flags products against
        from access.loader import load_rules
    except ImportError:  # code from before the rules
        return
    load_rules()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(script: Path, *args: str) -> dict:
    """Run one measurement in a fresh interpreter so its peak memory is its own."""
    result = subprocess.run(
        [sys.executable, str(script), "--child", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (nearest rank): 0.5, 0.95..."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    value = function(*args, **kwargs)
    return time.perf_counter() - started, value
