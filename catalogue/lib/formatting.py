"""Numbers, quantities, money and dates as the reader's language writes them.

The one road for every value a page, an e-mail or a workbook shows as text: `5,000
tonnes` in English, «5 000 тонн» in Russian, «5 000 тонна» in Kazakh. Thousands are
grouped in every language (whatever USE_THOUSAND_SEPARATOR says), with the separators of
the active language's formats (Django's, or config/formats/<language>/formats.py).
Templates reach these functions through the `formatting` template library.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import npgettext_lazy, pgettext, pgettext_lazy

from catalogue.choices import Unit

Number = Decimal | int | float | str

# How a quantity of each unit of catalogue.choices.Unit is said; the keys are the units
# of catalogue.lib.units.UNIT_WORDS (tests/catalogue/lib/test_formatting.py keeps the
# three in step). These are not the units' names in forms ("tonnes (t)"): a quantity
# needs the word in the plural form its number takes.
QUANTITIES = {
    "t": npgettext_lazy("quantity", "%(amount)s tonne", "%(amount)s tonnes", "count"),
    "kg": npgettext_lazy("quantity", "%(amount)s kilogram", "%(amount)s kilograms", "count"),
    "bbl": npgettext_lazy("quantity", "%(amount)s barrel", "%(amount)s barrels", "count"),
    "m3": npgettext_lazy("quantity", "%(amount)s cubic metre", "%(amount)s cubic metres", "count"),
    "l": npgettext_lazy("quantity", "%(amount)s litre", "%(amount)s litres", "count"),
    "pcs": npgettext_lazy("quantity", "%(amount)s piece", "%(amount)s pieces", "count"),
    "containers": npgettext_lazy(
        "quantity", "%(amount)s container", "%(amount)s containers", "count"
    ),
}


# Each unit's symbol after a number, where a column or a label names the unit once
# ("Quantity (t)", «Количество (т)»); "containers" has none.
UNIT_SYMBOLS = {
    "t": pgettext_lazy("unit symbol", "t"),
    "kg": pgettext_lazy("unit symbol", "kg"),
    "bbl": pgettext_lazy("unit symbol", "bbl"),
    "m3": pgettext_lazy("unit symbol", "m³"),
    "l": pgettext_lazy("unit symbol", "l"),
    "pcs": pgettext_lazy("unit symbol", "pcs"),
}


def unit_symbol(unit: str) -> str:
    """The symbol of a unit of catalogue.choices.Unit in the active language: t, «т»; the
    unit's name where it has no symbol (containers); an unknown code as it is."""
    if unit in UNIT_SYMBOLS:
        return str(UNIT_SYMBOLS[unit])
    return str(Unit(unit).label) if unit in Unit.values else unit


def _decimal(value: Number) -> Decimal:
    """The value without trailing zeros and without an exponent: 2.500 → 2.5, 5E+3 → 5000."""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    number = number.normalize()
    # int() rather than quantize(), which fails past the context's 28 digits.
    return Decimal(int(number)) if number == number.to_integral_value() else number


def plural_count(number: Decimal) -> int:
    """The n that picks a plural form for a number. A fraction takes the form of 2: the
    genitive singular in Russian («2,5 тонны»), the plural in English («2.5 tonnes»)."""
    return int(number) if number == number.to_integral_value() else 2


def format_number(value: Number | None, decimal_places: int | None = None) -> str:
    """A number with grouped thousands: `5,000`, «5 000», «2,5»; "" for None. Without
    decimal_places, every significant digit and no trailing zero."""
    if value is None or value == "":
        return ""
    number = _decimal(value)
    return number_format(number, decimal_pos=decimal_places, force_grouping=True)


def format_quantity(amount: Number | None, unit: str) -> str:
    """An amount in a unit of catalogue.choices.Unit, the unit's word in the form its number
    takes: `1 tonne`, `5,000 tonnes`, «21 тонна», «2,5 тонны», «5 000 тонн». An amount
    without a unit is a bare number; "" for no amount."""
    if amount is None or amount == "":
        return ""
    number = _decimal(amount)
    said = format_number(number)
    if unit not in QUANTITIES:
        return f"{said} {unit}".rstrip()
    return str(QUANTITIES[unit] % {"count": plural_count(number), "amount": said})


def format_money(amount: Number | None, currency: str) -> str:
    """An amount of money and its currency code (USD, NGN, KZT, EUR) in the active language:
    `USD 1,250,000`, «1 250 000 USD». Cents are shown only when there are some, and then
    both (1,250,000.50)."""
    if amount is None or amount == "":
        return ""
    number = _decimal(amount)
    said = format_number(number, 0 if number == number.to_integral_value() else 2)
    if not currency:
        return said
    return pgettext("money", "%(currency)s %(amount)s") % {"currency": currency, "amount": said}


def format_date(value: dt.date | dt.datetime | None, format: str = "DATE_FORMAT") -> str:
    """A date, or a moment on the site's clock, in the active language's DATE_FORMAT (or
    another of its formats, such as YEAR_MONTH_FORMAT): `3 Dec 2026`, «3 декабря 2026 г.»."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, format)
