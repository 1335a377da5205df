"""Which range decides a code's sector: pure, no database."""

import pytest

from catalogue.sector_ranges import HSRange, RangeError, covering, read_range

RANGES = [
    (read_range("01-24"), "food"),
    (read_range("25-26"), "mining"),
    (read_range("71-83"), "mining"),
    (read_range("2520-2523"), "construction"),
    (read_range("7213-7214"), "construction"),
    (read_range("7308"), "construction"),
]


@pytest.mark.parametrize(
    ("code", "sector"),
    [
        ("252329", "construction"),  # cement: its heading range beats chapter 25
        ("2523", "construction"),
        ("260300", "mining"),  # copper ore: chapter 26
        ("251710", "mining"),  # crushed stone: chapter 25 beyond the cement headings
        ("721420", "construction"),  # rods
        ("721399", "construction"),
        ("721500", "mining"),
        ("730890", "construction"),
        ("100119", "food"),
        ("24", "food"),
        ("940360", None),  # furniture: no range covers chapter 94
        ("27", None),
    ],
)
def test_the_most_specific_range_covering_a_code_decides(code, sector):
    assert covering(code, RANGES) == sector


def test_of_two_ranges_of_one_level_the_narrower_decides_and_then_the_first_listed():
    ranges = [(read_range("84-90"), "machinery"), (read_range("86"), "rail")]
    assert covering("860610", ranges) == "rail"
    assert covering("850440", ranges) == "machinery"
    tied = [(read_range("01-02"), "first"), (read_range("02-03"), "second")]
    assert covering("0201", tied) == "first"


def test_a_subheading_range_beats_a_heading_range():
    ranges = [(read_range("2710"), "fuels"), (read_range("271012-271019"), "light oils")]
    assert covering("271019", ranges) == "light oils"
    assert covering("271020", ranges) == "fuels"


@pytest.mark.parametrize("text", ["1-24", "01-2401", "25-24", "252", "ab", "", "01-24-30"])
def test_a_range_is_two_codes_of_one_level_in_order(text):
    with pytest.raises(RangeError):
        read_range(text)


def test_a_range_reads_with_either_dash_and_prints_as_people_write_it():
    assert read_range("01–24") == HSRange("01", "24")
    assert str(read_range(" 2523 ")) == "2523"
    assert str(read_range("68-70")) == "68–70"
