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
    "catalogue.lib.normalise",
    "catalogue.lib.slugs",
    "catalogue.suggest.engine",
    "catalogue.suggest.text",
    "catalogue.importing.headers",
    "catalogue.importing.values",
    "catalogue.importing.records",
    "catalogue.importing.sheet_reader",
    "catalogue.importing.sources",
    "catalogue.importing.sandbox",
    "catalogue.importing.xlsx_package",
    "matching.scoring",
]


@pytest.mark.parametrize("module", PURE)
def test_pure_cores_import_without_django_settings(module):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    check = (
        f"import {module}, sys; from django.conf import settings; "
        "sys.exit('settings were read' if settings.configured else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=ROOT, env=env, capture_output=True, text=True
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
    [("catalogue", ("matching", "missions")), ("matching", ("missions",))],
)
def test_dependencies_run_one_way(app, never):
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for name in imported_modules(path)
        if name.split(".")[0] in never
    ]
    assert wrong == []
