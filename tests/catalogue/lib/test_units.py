from decimal import Decimal, InvalidOperation

import pytest

from catalogue.choices import Unit
from catalogue.lib.units import MEASURE_BY_KEY, UNIT_BY_KEY, UNIT_WORDS, read_number


def test_the_unit_table_speaks_of_the_catalogue_units_and_no_other():
    assert set(UNIT_WORDS) == set(Unit.values)


def test_quantity_units_and_measures_do_not_share_a_word():
    assert set(UNIT_BY_KEY) & set(MEASURE_BY_KEY) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("250 000", Decimal(250000)),
        ("5,000", Decimal(5000)),
        ("1,5", Decimal("1.5")),
        ("1 200,5", Decimal("1200.5")),
        ("3.000.000", Decimal(3000000)),
        ("12.25", Decimal("12.25")),
    ],
)
def test_numbers_are_read_as_people_write_them(text, expected):
    assert read_number(text) == expected


def test_what_is_not_a_number_is_refused():
    with pytest.raises(InvalidOperation):
        read_number("1,2,3x")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("7'500", Decimal(7500)), ("7’500", Decimal(7500)), ("1'250'000", Decimal(1250000))],
)
def test_apostrophes_group_thousands(text, expected):
    assert read_number(text) == expected


@pytest.mark.parametrize(
    ("text", "in_a_query", "in_a_cell"),
    [
        ("7.500", Decimal(7500), Decimal("7.5")),
        ("250.000", Decimal(250000), Decimal(250)),
        ("0.750", Decimal("0.75"), Decimal("0.75")),
        ("1250.500", Decimal("1250.5"), Decimal("1250.5")),
        ("12.25", Decimal("12.25"), Decimal("12.25")),
    ],
)
def test_one_dot_groups_thousands_in_a_query_only(text, in_a_query, in_a_cell):
    assert read_number(text, dot_groups=True) == in_a_query
    assert read_number(text) == in_a_cell
