"""The shape the house style promises: pure cores need no Django settings, and the
catalogue never depends on the apps built on it."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE = [
    "catalogue.hscodes",
    "catalogue.sector_ranges",
    "catalogue.lib.normalise",
    "catalogue.lib.hs_files",
    "catalogue.lib.sentence_case",
    "catalogue.lib.slugs",
    "catalogue.lib.units",
    "catalogue.suggest.engine",
    "catalogue.suggest.text",
    "catalogue.importing.headers",
    "catalogue.importing.values",
    "catalogue.importing.records",
    "catalogue.importing.sheet_reader",
    "catalogue.importing.sources",
    "catalogue.importing.sandbox",
    "catalogue.importing.xlsx_package",
    "catalogue.importing.ods_package",
    "catalogue.importing.same_product",
    "catalogue.importing.product_names",
    "catalogue.importing.product_dictionary",
    "catalogue.search.query",
    "catalogue.search.completions",
    "catalogue.search.reading",
    "catalogue.search.ranking",
    "catalogue.search.sizes",
    "catalogue.search.grades",
    "matching.scoring",
    "missions.scheduling",
    "missions.calendar",
]
# Packages whose __init__ is a Django-backed interface over pure modules inside them
# (catalogue.search: search() and reindex() over the query reader): their pure modules
# are imported without that __init__, so what is checked is the module's own imports.
INTERFACE_PACKAGES = ["catalogue.search"]
# Pure cores that import no Django at all, not even its enumerations.
DJANGO_FREE = [
    "catalogue.hscodes",
    "catalogue.sector_ranges",
    "catalogue.lib.units",
    "catalogue.search.query",
    "catalogue.search.completions",
    "catalogue.search.reading",
    "catalogue.search.ranking",
    "catalogue.search.sizes",
    "catalogue.search.grades",
    "missions.scheduling",
    "missions.calendar",
]


def _without_interfaces(module: str) -> str:
    """Code that registers the interface packages above a module as bare packages."""
    return "".join(
        f"p = types.ModuleType({package!r}); "
        f"p.__path__ = [{str(ROOT / package.replace('.', '/'))!r}]; "
        f"sys.modules[{package!r}] = p; "
        for package in INTERFACE_PACKAGES
        if module.startswith(package + ".")
    )


def _run(code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize("module", PURE)
def test_pure_cores_import_without_django_settings(module):
    result = _run(
        f"import sys, types; {_without_interfaces(module)}import {module}; "
        "from django.conf import settings; "
        "sys.exit('settings were read' if settings.configured else 0)"
    )
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.parametrize("module", DJANGO_FREE)
def test_some_pure_cores_import_no_django_at_all(module):
    result = _run(
        f"import sys, types; {_without_interfaces(module)}import {module}; "
        "sys.exit(sorted(m for m in sys.modules if m.split('.')[0] == 'django')[:5] or 0)"
    )
    assert result.returncode == 0, result.stderr[-2000:]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "app, never",
    [
        ("access", ("catalogue", "matching", "missions", "about")),  # rules on codes, at the bottom
        ("catalogue", ("matching", "missions", "about")),
        ("matching", ("missions", "about")),  # the About page sits on top, read by none
    ],
)
def test_dependencies_run_one_way(app, never):
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for name in imported_modules(path)
        if name.split(".")[0] in never
    ]
    assert wrong == []


def test_the_web_never_loads_the_mission_solver():
    """OR-Tools takes half a second and tens of megabytes to load: the worker that schedules
    loads it, not every web process with every page and the admin."""
    result = _run(
        "import os, sys; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; "
        "import django; django.setup(); "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        "from django.contrib import admin; admin.site.get_urls(); "
        "sys.exit('OR-Tools loaded' if 'ortools' in sys.modules else 0)"
    )
    assert result.returncode == 0, result.stderr or result.stdout
