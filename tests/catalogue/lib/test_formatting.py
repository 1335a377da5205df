import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from catalogue.choices import Unit
from catalogue.lib.formatting import (
    QUANTITIES,
    format_date,
    format_money,
    format_number,
    format_quantity,
    unit_symbol,
)
from catalogue.lib.units import UNIT_WORDS

NBSP = "\xa0"
AMOUNTS = ["1", "2", "5", "11", "21", "22", "0", "2.5", "5000", "1250000.5"]


def said(language: str, function, *args) -> str:
    with translation.override(language):
        return function(*args)


def test_every_unit_of_the_catalogue_is_said_with_its_number():
    assert set(QUANTITIES) == set(Unit.values) == set(UNIT_WORDS)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["1", "2", "5", "11", "21", "22", "0", "2.5", "5,000", "1,250,000.5"]),
        ("ru", ["1", "2", "5", "11", "21", "22", "0", "2,5", f"5{NBSP}000",
                f"1{NBSP}250{NBSP}000,5"]),
        ("kk", ["1", "2", "5", "11", "21", "22", "0", "2,5", f"5{NBSP}000",
                f"1{NBSP}250{NBSP}000,5"]),
    ],
)  # fmt: skip
def test_numbers_group_thousands_in_every_language(language, expected, settings):
    settings.USE_THOUSAND_SEPARATOR = False
    assert [said(language, format_number, Decimal(a)) for a in AMOUNTS] == expected


def test_numbers_keep_their_significant_digits_and_no_trailing_zero():
    assert format_number(Decimal("2.500")) == "2.5"
    assert format_number(Decimal("5000.000")) == "5,000"
    assert format_number(Decimal("5E+3")) == "5,000"
    assert format_number(12.25) == "12.25"
    assert format_number(7) == "7"
    assert format_number(None) == "" and format_number("") == ""
    assert format_number(Decimal("2.5"), 2) == "2.50"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["1 tonne", "2 tonnes", "5 tonnes", "11 tonnes", "21 tonnes", "22 tonnes",
                "0 tonnes", "2.5 tonnes", "5,000 tonnes", "1,250,000.5 tonnes"]),
        ("ru", ["1 тонна", "2 тонны", "5 тонн", "11 тонн", "21 тонна", "22 тонны", "0 тонн",
                "2,5 тонны", f"5{NBSP}000 тонн", f"1{NBSP}250{NBSP}000,5 тонны"]),
        ("kk", ["1 тонна", "2 тонна", "5 тонна", "11 тонна", "21 тонна", "22 тонна",
                "0 тонна", "2,5 тонна", f"5{NBSP}000 тонна", f"1{NBSP}250{NBSP}000,5 тонна"]),
    ],
)  # fmt: skip
def test_tonnes_take_the_plural_form_of_their_number(language, expected):
    assert [said(language, format_quantity, Decimal(a), "t") for a in AMOUNTS] == expected


# Each unit with 1, 2, 5 and a fraction: the three Russian forms and the genitive singular.
@pytest.mark.parametrize(
    ("unit", "english", "russian", "kazakh"),
    [
        ("t", ["1 tonne", "2 tonnes", "5 tonnes", "2.5 tonnes"],
         ["1 тонна", "2 тонны", "5 тонн", "2,5 тонны"],
         ["1 тонна", "2 тонна", "5 тонна", "2,5 тонна"]),
        ("kg", ["1 kilogram", "2 kilograms", "5 kilograms", "2.5 kilograms"],
         ["1 килограмм", "2 килограмма", "5 килограммов", "2,5 килограмма"],
         ["1 килограмм", "2 килограмм", "5 килограмм", "2,5 килограмм"]),
        ("bbl", ["1 barrel", "2 barrels", "5 barrels", "2.5 barrels"],
         ["1 баррель", "2 барреля", "5 баррелей", "2,5 барреля"],
         ["1 баррель", "2 баррель", "5 баррель", "2,5 баррель"]),
        ("m3", ["1 cubic metre", "2 cubic metres", "5 cubic metres", "2.5 cubic metres"],
         ["1 кубометр", "2 кубометра", "5 кубометров", "2,5 кубометра"],
         ["1 текше метр", "2 текше метр", "5 текше метр", "2,5 текше метр"]),
        ("l", ["1 litre", "2 litres", "5 litres", "2.5 litres"],
         ["1 литр", "2 литра", "5 литров", "2,5 литра"],
         ["1 литр", "2 литр", "5 литр", "2,5 литр"]),
        ("pcs", ["1 piece", "2 pieces", "5 pieces", "2.5 pieces"],
         ["1 штука", "2 штуки", "5 штук", "2,5 штуки"],
         ["1 дана", "2 дана", "5 дана", "2,5 дана"]),
        ("containers", ["1 container", "2 containers", "5 containers", "2.5 containers"],
         ["1 контейнер", "2 контейнера", "5 контейнеров", "2,5 контейнера"],
         ["1 контейнер", "2 контейнер", "5 контейнер", "2,5 контейнер"]),
    ],
)  # fmt: skip
def test_each_unit_is_said_in_the_form_its_number_takes(unit, english, russian, kazakh):
    amounts = [Decimal(a) for a in ("1", "2", "5", "2.5")]
    for language, expected in (("en", english), ("ru", russian), ("kk", kazakh)):
        assert [said(language, format_quantity, a, unit) for a in amounts] == expected, language


def test_a_quantity_keeps_its_significant_digits():
    assert format_quantity(Decimal("640000.000"), "t") == "640,000 tonnes"
    assert said("ru", format_quantity, Decimal("2.500"), "kg") == "2,5 килограмма"
    assert said("ru", format_quantity, Decimal("1.5"), "t") == "1,5 тонны"


def test_an_amount_without_a_unit_is_a_bare_number_and_no_amount_says_nothing():
    assert format_quantity(Decimal(7), "") == "7"
    assert format_quantity(None, "t") == ""
    assert format_quantity(Decimal(3), "bags") == "3 bags"  # not a catalogue unit: as stored


@pytest.mark.parametrize(
    ("language", "whole", "with_cents"),
    [
        ("en", "USD 1,250,000", "NGN 1,250,000.50"),
        ("ru", f"1{NBSP}250{NBSP}000 USD", f"1{NBSP}250{NBSP}000,50 NGN"),
        ("kk", f"1{NBSP}250{NBSP}000 USD", f"1{NBSP}250{NBSP}000,50 NGN"),
    ],
)
def test_money_is_its_currency_code_and_a_grouped_amount(language, whole, with_cents):
    assert said(language, format_money, Decimal("1250000.00"), "USD") == whole
    assert said(language, format_money, Decimal("1250000.5"), "NGN") == with_cents


def test_money_without_a_currency_is_the_amount_alone():
    assert format_money(Decimal(1150), "") == "1,150"
    assert said("kk", format_money, 5000, "KZT") == f"5{NBSP}000 KZT"
    assert format_money(None, "EUR") == ""


def test_dates_are_in_the_languages_date_format():
    day = dt.date(2026, 12, 3)
    assert said("en", format_date, day) == "3 Dec 2026"
    assert said("ru", format_date, day) == "3 декабря 2026 г."
    assert said("kk", format_date, day) == "2026 жылғы 3 желтоқсан"
    assert said("kk", format_date, day, "YEAR_MONTH_FORMAT") == "2026 жылғы желтоқсан"
    assert said("ru", format_date, day, "YEAR_MONTH_FORMAT") == "Декабрь 2026 г."
    assert format_date(None) == ""


def test_a_moment_is_dated_on_the_sites_clock(settings):
    settings.TIME_ZONE = "Africa/Lagos"
    # 23:30 in UTC on the 2nd is half past midnight on the 3rd in Lagos.
    moment = dt.datetime(2026, 12, 2, 23, 30, tzinfo=dt.UTC)
    with timezone.override("Africa/Lagos"):
        assert said("ru", format_date, moment) == "3 декабря 2026 г."


def test_templates_say_values_through_the_same_functions():
    template = Template(
        "{% load formatting %}{{ q|quantity:unit }} · {{ p|money:'USD' }} · {{ d|local_date }}"
        " · {{ n|number }}"
    )
    context = Context(
        {"q": Decimal("5000.000"), "unit": "t", "p": Decimal(1150), "d": dt.date(2026, 12, 3),
         "n": 12000}
    )  # fmt: skip
    with translation.override("ru"):
        assert template.render(context) == (
            f"5{NBSP}000 тонн · 1{NBSP}150 USD · 3 декабря 2026 г. · 12{NBSP}000"
        )


@pytest.mark.parametrize("value", ["1e30", Decimal("123456789012345678901234567890")])
def test_numbers_past_28_digits_are_still_written_out(value):
    with translation.override("ru"):
        assert format_number(value).replace("\xa0", "").startswith("1")
        assert format_quantity(value, "t").endswith("тонн")


@pytest.mark.parametrize("value", ["NaN", Decimal("Infinity"), float("-inf")])
def test_what_is_not_a_number_is_refused_plainly(value):
    with pytest.raises(ValueError):
        format_number(value)


def test_a_unit_is_named_by_its_symbol_in_the_active_language():
    with translation.override("ru"):
        assert [unit_symbol(u) for u in ("t", "m3", "kg")] == ["т", "м³", "кг"]
    assert unit_symbol("t") == "t" and unit_symbol("containers") == "containers"
    assert unit_symbol("furlong") == "furlong"
