import pytest

from matching.nigeria import State, normalise_cac_number, normalise_phone


@pytest.mark.parametrize(
    "text",
    ["0803 123 4567", "08031234567", "+234 803 123 4567", "2348031234567", "+234 (0) 803 123 4567",
     "00234-803-123-4567", "234 803.123.4567"],
)  # fmt: skip
def test_nigerian_phone_forms_are_stored_the_same_way(text):
    assert normalise_phone(text) == "+2348031234567"


@pytest.mark.parametrize(
    "text", ["", "12345", "0803 123 456", "+44 20 7946 0958", "0803-CALL-NOW", "080312345678"]
)
def test_phones_that_are_not_nigerian_numbers_are_refused(text):
    with pytest.raises(ValueError, match="Nigerian number|digits only"):
        normalise_phone(text)


@pytest.mark.parametrize(
    ("text", "stored"),
    [("RC 1234567", "RC1234567"), ("rc1234567", "RC1234567"), ("BN-2345678", "BN2345678"),
     ("IT 12345", "IT12345"), ("LLP 0001234", "LLP0001234"), ("LP 98765", "LP98765")],
)  # fmt: skip
def test_cac_numbers(text, stored):
    assert normalise_cac_number(text) == stored


@pytest.mark.parametrize("text", ["1234567", "RC", "XX 123", "RC 12A45", "RC 123456789"])
def test_bad_cac_numbers_are_refused(text):
    with pytest.raises(ValueError, match="RC, BN, IT, LP or LLP"):
        normalise_cac_number(text)


def test_all_36_states_and_the_fct():
    assert len(State.choices) == 37
    assert State.FC.label.startswith("Federal Capital Territory")
