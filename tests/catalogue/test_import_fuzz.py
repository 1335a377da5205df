"""Random and mutated files into the importer: never an unhandled error, never a partial write."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from catalogue.importing.service import import_catalogue_file
from catalogue.models import Exporter, Offer, ProductCategory
from tests.conftest import DEMO
from tests.spreadsheets import MINISTRY_HEADER, csv_bytes, xlsx

pytestmark = pytest.mark.django_db

cell = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "",
            "1001 99 000 0",
            "0402",
            "20500",
            "4.0221E+08",
            "9999.99",
            "123456789012",
            "Костанайская обл.",
            "FCA DAP",
            "HALAL",
            "=1+1",
            "\x00",
            "№",
        ]
    ),  # fmt: skip
)
rows = st.lists(st.lists(cell, min_size=0, max_size=10), min_size=0, max_size=12)
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))


def snapshot() -> tuple[int, int, int]:
    return ProductCategory.objects.count(), Exporter.objects.count(), Offer.objects.count()


def check(data: bytes, name: str) -> None:
    before = snapshot()
    report = import_catalogue_file(data=data, file_name=name)  # must not raise
    if not report.written:
        assert snapshot() == before, "nothing is written when errors stop an import"
    for issue in report.issues:
        assert issue.message and issue.level in ("error", "warning", "info")


@FUZZ
@given(rows)
def test_random_xlsx_sheets(hs, data):
    # Control characters cannot be stored in xlsx at all; the writer would refuse them.
    clean = [
        [ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in r] for r in data
    ]
    check(xlsx(("Лист1", [MINISTRY_HEADER, *clean])), "random.xlsx")


@FUZZ
@given(rows, st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "cp1251"]))
def test_random_csv_files(hs, data, delimiter, encoding):
    text_rows = [[str(c).replace("\x00", "") for c in row] for row in [MINISTRY_HEADER, *data]]
    try:
        payload = csv_bytes(text_rows, delimiter=delimiter, encoding=encoding)
    except UnicodeEncodeError:
        payload = csv_bytes(text_rows, delimiter=delimiter)
    check(payload, "random.csv")


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(hs, data):
    check(data, "noise.xlsx")


@pytest.mark.parametrize("seed", range(12))
def test_mutated_copies_of_a_real_workbook(hs, seed):
    rng = random.Random(seed)
    data = bytearray(DEMO.read_bytes())
    kind = seed % 3
    if kind == 0:  # flip bytes
        for _ in range(rng.randrange(1, 50)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif kind == 1:  # cut short
        data = data[: rng.randrange(len(data))]
    else:  # splice in noise
        at = rng.randrange(len(data))
        data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 500)))
    check(bytes(data), f"mutated-{seed}.xlsx")
