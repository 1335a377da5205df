"""Load the shipped snapshot of Nigeria's import prohibition list (access/data/SOURCE.md)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from django.db import transaction

from access.models import ImportRule, RuleSource

DATA = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def scope(note: str) -> dict[str, str]:
    """A row's scope note as conditions buyers read and a note for officials: the parts
    about the missing or candidate HS range are the officials' alone."""
    parts = [part.strip() for part in note.split(";") if part.strip()]
    internal = [part for part in parts if "HS range" in part]
    return {
        "conditions": "; ".join(p for p in parts if p not in internal),
        "note": "; ".join(internal),
    }


def hs6(code: str) -> str:
    """ "0105.11" -> "010511"; anything else is an error in the shipped data."""
    digits = code.replace(".", "").strip()
    if len(digits) != 6 or not digits.isascii() or not digits.isdigit():
        raise ValueError(f"not an HS6 code: {code!r}")
    return digits


@transaction.atomic
def load_rules() -> tuple[int, int]:
    """The sources and rules of the snapshot that are not stored yet: ranges as given, the
    items the list names without a range as rules awaiting an official's range (never
    guessed). Rules already stored, by source, goods and range, stay as officials keep
    them. Returns (created, already stored)."""
    sources = {
        row["key"]: RuleSource.objects.get_or_create(
            key=row["key"],
            defaults={
                "title": row["title"],
                "url": row["url"],
                "date": date.fromisoformat(row["date"]),
            },
        )[0]
        for row in _rows("sources.csv")
    }
    wanted = [
        {
            "source": sources[row["source"]], "item": row["item"],
            "hs_from": hs6(row["hs_from"]), "hs_to": hs6(row["hs_to"]),
            "defaults": {
                "kind": ImportRule.Kind.PROHIBITED, **scope(row["scope_note"]),
                "excluding": " ".join(hs6(code) for code in row["excluding"].split()),
            },
        }
        for row in _rows("prohibited.csv")
    ] + [
        {
            "source": sources[row["source"]], "item": row["item"], "hs_from": "", "hs_to": "",
            "defaults": {"kind": ImportRule.Kind.PROHIBITED, **scope(row["scope_note"])},
        }
        for row in _rows("prohibited-without-codes.csv")
    ]  # fmt: skip
    created = sum(ImportRule.objects.get_or_create(**rule)[1] for rule in wanted)
    return created, len(wanted) - created
