import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.hscodes import (
    CodeError,
    check_known,
    code_at,
    code_prefix,
    dotted,
    looks_like_code,
    normalise_hs_code,
    zero_pad_width,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1001 99 000 0", "100199"),
        ("1001990000", "100199"),
        ("0201 10 000 2", "020110"),
        ("3004.90", "300490"),
        ("2710.19.00", "271019"),
        ("7214.20", "721420"),
        ("0402", "0402"),
        ("20500", "020500"),
        (20500, "020500"),
        ("713105000", "071310"),
        (713105000, "071310"),
        (713105000.0, "071310"),
        ("402210000.0", "040221"),
        ("4.0221E+08", "040221"),
        (3004.9, "300490"),
        (402.1, "040210"),
        ("402 21", "040221"),
        ("0402-21", "040221"),
        ("\u00a00402\u00a021 ", "040221"),
        ("'0402", "0402"),
        ("10019900", "100199"),
    ],
)
def test_normalise_hs_code_reads_what_spreadsheets_do_to_codes(value, expected):
    assert normalise_hs_code(value).code == expected


def test_restored_leading_zero_is_noted():
    assert "restored a lost leading zero" in normalise_hs_code("20500").notes


def test_number_format_restores_leading_zeros():
    reading = normalise_hs_code(402.0, "0000")
    assert reading.code == "0402"
    assert reading.is_heading
    assert normalise_hs_code(201100002, '0000" "00" "000" "0').code == "020110"


@pytest.mark.parametrize(
    ("number_format", "width"),
    [
        ("0000", 4),
        ("000000", 6),
        ('0000" "00" "000" "0', 10),
        ("General", 0),
        ("0.00", 0),
        ("#,##0", 0),
    ],
)
def test_zero_pad_width(number_format, width):
    assert zero_pad_width(number_format) == width


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12", "only an HS chapter"),
        ("abc", "only digits"),
        ("0000", "no HS chapter starts with 00"),
        ("123456789012", "too long"),
        ("", "empty"),
        (True, "true/false"),
    ],
)
def test_unrepairable_codes_are_refused_with_a_reason(value, message):
    with pytest.raises(CodeError, match=message):
        normalise_hs_code(value)


def test_check_known_says_when_only_the_heading_exists():
    known = {"0402", "040221"}
    check_known(normalise_hs_code("0402.21"), known)
    with pytest.raises(CodeError, match="heading 0402 exists"):
        check_known(normalise_hs_code("0402.95"), known)
    with pytest.raises(CodeError, match="not in the HS 2022 nomenclature"):
        check_known(normalise_hs_code("9999.99"), known)


def test_code_like_text_is_told_from_words():
    assert looks_like_code("7214.20")
    assert looks_like_code("0201 10 000 2")
    assert not looks_like_code("wheat 2024")
    assert not looks_like_code("12")
    assert code_prefix("2710.19.00") == "271019"
    assert code_prefix("1512") == "1512"
    assert code_prefix("iron rods") is None


hs6 = st.from_regex(r"^(0[1-9]|[1-8][0-9]|9[0-7])[0-9]{4}$", fullmatch=True)


@given(hs6)
def test_dotted_and_spaced_forms_read_back_to_the_same_code(code):
    assert normalise_hs_code(dotted(code)).code == code
    assert normalise_hs_code(f"{code[:4]} {code[4:]}").code == code


@given(hs6, st.from_regex(r"^[0-9]{4}$", fullmatch=True))
def test_tn_ved_codes_cut_to_their_hs6(code, national):
    ten = code + national
    assert normalise_hs_code(ten).code == code
    assert normalise_hs_code(f"{ten[:4]} {ten[4:6]} {ten[6:9]} {ten[9]}").code == code


@given(hs6, st.sampled_from(["", "0000"]))
def test_a_code_stored_as_a_number_gets_its_zero_back(code, national):
    assert normalise_hs_code(int(code + national)).code == code
    assert normalise_hs_code(float(int(code + national))).code == code


@given(st.text(max_size=30))
def test_any_text_is_read_or_refused_cleanly(text):
    try:
        reading = normalise_hs_code(text)
    except CodeError:
        return
    assert reading.code.isdigit() and len(reading.code) in (4, 6)


@pytest.mark.parametrize("text", ["1e9999999", "1E+999999", "7" * 5000 + "e5", "1" * 41])
def test_codes_that_would_be_huge_numbers_are_refused_at_once(text):
    with pytest.raises(CodeError):
        normalise_hs_code(text)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("HS 7214.20", ("721420", 2)),
        ("HS code 1001", ("1001", 3)),
        ("hs:7214 rods", ("7214", 1)),
        ("HS7214.20", ("721420", 1)),
        ("ТН ВЭД 1001 99 000 0", ("100199", 6)),
        ("code 1512190000", ("151219", 2)),
        ("chapter 72", ("72", 2)),
        ("Chapter 7 steel", ("07", 2)),
        ("ch. 27", ("27", 2)),
        ("ch27", ("27", 1)),
        ("глава 72", ("72", 2)),
        ("гл.72", ("72", 1)),
        ("группа 72", ("72", 2)),
        ("HS 72", ("72", 2)),
        ("7214.20 rods", ("721420", 1)),
        ("2710.19.00", ("271019", 1)),
        ("1001 99 000 0 wheat", ("100199", 4)),
        ("1512190000", ("151219", 1)),
    ],
)
def test_codes_typed_among_words_are_read_with_their_length(words, expected):
    assert code_at(words.split()) == expected


@pytest.mark.parametrize(
    "words",
    ["72 tons", "7214 rods", "wheat", "5 000 t", "2024", "chapter 98", "chapter 7214", "HS", ""],
)
def test_numbers_in_a_sentence_are_not_codes(words):
    assert code_at(words.split()) is None


def test_a_bare_chapter_or_heading_is_a_code_only_when_typed_alone():
    assert code_at(["72"], alone=True) == ("72", 1)
    assert code_at(["7214"], alone=True) == ("7214", 1)
    assert code_at(["72"]) is None
    assert code_at(["72", "tons"], alone=True) is None


def test_a_code_is_read_from_any_position():
    assert code_at(["rods", "HS", "7214", "12mm"], 1) == ("7214", 2)
