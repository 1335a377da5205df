"""Random and mutated files into the importer: never an unhandled error, never a partial write,
never past a limit without that limit's message."""

import io
import random
import zipfile

import openpyxl
import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from catalogue.importing import xlsx_package
from catalogue.importing.report import FileReport
from catalogue.importing.service import import_catalogue_file
from catalogue.models import Exporter, ImportBatch, Offer, ProductCategory
from tests.conftest import DEMO
from tests.spreadsheets import MINISTRY_HEADER, csv_bytes, mutants, xlsx

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


def check(data: bytes, name: str, where: str = "") -> FileReport:
    before = snapshot()
    report = import_catalogue_file(data=data, file_name=name)  # must not raise
    if not report.written:
        assert snapshot() == before, f"{where}: nothing is written when errors stop an import"
        assert ImportBatch.objects.get(pk=report.batch_id).status == ImportBatch.Status.REJECTED
    for issue in report.issues:
        assert issue.message and issue.level in ("error", "warning", "info"), where
    return report


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


@pytest.mark.parametrize("seed", range(3))
def test_seeded_mutants_of_every_format_are_refused_cleanly_within_the_limits(hs, seed):
    """A hundred mutants a seed (xlsx, xls, ods, csv in turn): bytes flipped, cut, spliced;
    parts damaged or dropped; far cells, vast dimensions and shared-string counts, deep and
    huge XML, repeated rows. Each file over a limit must be refused with that limit's name."""
    for number, mutant in enumerate(mutants(seed, 100, max_cells=django_settings.IMPORT_MAX_CELLS)):
        where = f"seed {seed}, mutant {number}: {mutant.kind} {mutant.how}"
        report = check(mutant.data, f"mutant.{mutant.kind}", where)
        if mutant.over:
            assert not report.written, where
            assert any(limit in e.message for e in report.errors for limit in mutant.over), (
                f"{where}: no error names {mutant.over}: {[e.message for e in report.errors]}"
            )


FORMATS = ["General", "0000", "000000", "0000000000", '0000" "00" "000" "0', "@", "#,##0",
           "0.00", "dd.mm.yyyy", "[$-419]General"]  # fmt: skip


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date")  # openpyxl, on huge serials
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.tuples(
            st.one_of(st.integers(0, 10**10), st.floats(0, 1e6), st.sampled_from(["0402", ""])),
            st.sampled_from(FORMATS),
        ),
        min_size=1,
        max_size=15,
    )
)
def test_number_formats_are_read_as_openpyxl_reads_them(cells):
    """The regex reader of xlsx_package against openpyxl, which the importer used before."""
    data = xlsx(("Лист1", [["x", "y", "z", v] for v, _ in cells]),
                formats={f"D{row}": f for row, (_, f) in enumerate(cells, start=1)})  # fmt: skip
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    expected = {
        index: cell.number_format
        for index, (cell,) in enumerate(book["Лист1"].iter_rows(min_col=4, max_col=4))
        if getattr(cell, "data_type", None) == "n" and cell.number_format != "General"
    }
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert xlsx_package.column_number_formats(archive, "Лист1", "D") == expected
