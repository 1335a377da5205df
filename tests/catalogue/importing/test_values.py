from decimal import Decimal

import pytest

from catalogue.importing.values import (
    cell_text,
    normalise_region,
    normalise_unit,
    parse_bin,
    parse_certifications,
    parse_contact,
    parse_incoterms,
    parse_quantity,
    unit_and_scale,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("250 000", (Decimal(250000), "")),
        ("250,000", (Decimal(250000), "")),
        ("1 200,5", (Decimal("1200.5"), "")),
        ("2,5", (Decimal("2.5"), "")),
        ("до 5 000 т", (Decimal(5000), "t")),
        ("1,5 тыс. т", (Decimal(1500), "t")),
        ("12 000 MT", (Decimal(12000), "t")),
        ("3.000.000", (Decimal(3000000), "")),
        (250000.0, (Decimal(250000), "")),
        ("500 bbl", (Decimal(500), "bbl")),
        ("40 шт", (Decimal(40), "pcs")),
    ],
)
def test_quantities_as_people_write_them(value, expected):
    assert parse_quantity(value) == expected


@pytest.mark.parametrize("value", ["abc", "10-20", "5000 apples", True, -5])
def test_bad_quantities_are_refused(value):
    with pytest.raises(ValueError):
        parse_quantity(value)


def test_units_and_scales_in_headers():
    assert unit_and_scale("Мощность, тыс. тонн в год") == ("t", 1000)
    assert unit_and_scale("Capacity (t/year)") == ("t", 1)
    assert unit_and_scale("Объём, м3") == ("m3", 1)
    assert normalise_unit("тонн") == "t"
    assert normalise_unit("м³") == "m3"
    with pytest.raises(ValueError, match="unknown unit"):
        normalise_unit("bags")


def test_bin_keeps_twelve_digits_and_restores_a_lost_zero():
    assert parse_bin("123456789012") == "123456789012"
    assert parse_bin("1234 5678 9012") == "123456789012"
    assert parse_bin(10140000123.0) == "010140000123"
    with pytest.raises(ValueError, match="this has 5"):
        parse_bin("12345")


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Костанайская область", "kostanay"),
        ("Костанайская обл.", "kostanay"),
        ("Kostanay region", "kostanay"),
        ("г. Алматы", "almaty"),
        ("Алматинская область", "almaty-region"),
        ("ВКО", "east-kazakhstan"),
        ("Павлодар", "pavlodar"),
        ("Астана", "astana"),
        ("Қарағанды облысы", "karaganda"),
    ],
)
def test_regions_in_three_languages(text, region):
    assert normalise_region(text) == region


def test_unknown_region_is_refused():
    with pytest.raises(ValueError):
        normalise_region("Lagos")


def test_certifications_are_recognised_and_unknown_ones_reported():
    found, unknown = parse_certifications("HALAL ISO9001, ISO 22000; Халал; СТ РК ISO 9001; BRC")
    assert [c.code for c in found] == ["halal", "iso-22000", "iso-9001"]
    assert unknown == ["brc"]


def test_incoterms_are_picked_out_of_free_text():
    assert parse_incoterms("FCA Достык, CPT; dap") == (["CPT", "DAP", "FCA"], [])


def test_contacts_cell_is_split():
    contact = parse_contact("www.kostanay-grain.kz, +7 (7142) 55-12-34, info@kg.kz, Иванов И.И.")
    assert contact.website == "https://www.kostanay-grain.kz"
    assert contact.email == "info@kg.kz"
    assert contact.phone == "+7 (7142) 55-12-34"
    assert contact.name == "Иванов И.И."


def test_cell_text_shows_numbers_as_people_see_them():
    assert cell_text(20500.0) == "20500"
    assert cell_text(1.5) == "1.5"
    assert cell_text("  two   words ") == "two words"
    assert cell_text(None) == ""


def test_a_phone_number_never_runs_across_a_comma():
    # How export_catalogue writes contacts: e-mail, phone, person, comma-separated.
    contact = parse_contact("a@b.kz, +7 701 123 45 67, -2+3")
    assert (contact.phone, contact.name) == ("+7 701 123 45 67", "-2+3")
