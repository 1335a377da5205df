"""Units and numbers as people write them, in spreadsheets and in search boxes. Pure.

One table of unit words for the importer (the unit a capacity or minimum order is kept
in) and for buyers' queries, which also name measures of one item: a bar's diameter,
a bag's weight, a generator's rating.
"""

from __future__ import annotations

import re
from decimal import Decimal

from catalogue.lib.normalise import fold, name_key

# The units catalogue quantities are kept in; the keys are catalogue.choices.Unit's values
# (tests/catalogue/lib/test_units.py keeps the two in step).
UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "t": (
        "t",
        "т",
        "tn",
        "тн",
        "mt",
        "mts",
        "tonne",
        "tonnes",
        "ton",
        "tons",
        "metric ton",
        "metric tons",
        "metric tonnes",
        "тонна",
        "тонн",
        "тонны",
        "тонну",
        "tonna",
    ),
    "kg": ("kg", "kgs", "кг", "kilo", "kilos", "kilogram", "kilograms", "килограмм", "килограммов"),
    "bbl": ("bbl", "barrel", "barrels", "барр", "баррель", "баррелей"),
    "m3": (
        "m3",
        "м3",
        "m³",
        "м³",
        "cbm",
        "куб м",
        "кубометр",
        "кубометров",
        "cubic metres",
        "cubic meters",
    ),
    "l": (
        "l",
        "л",
        "lt",
        "ltr",
        "ltrs",
        "litre",
        "litres",
        "liter",
        "liters",
        "литр",
        "литра",
        "литров",
        "дал",
    ),
    "pcs": (
        "pcs",
        "pc",
        "шт",
        "штук",
        "piece",
        "pieces",
        "units",
        "unit",
        "ед",
        "единиц",
        "комплект",
        "set",
        "sets",
    ),
    "containers": ("container", "containers", "контейнер", "контейнеров", "teu", "feu"),
}
# Keys are name keys: case, punctuation and spacing do not count ("M³", "куб. м").
UNIT_BY_KEY = {name_key(word): unit for unit, words in UNIT_WORDS.items() for word in words}
MULTIPLIERS = {
    "тыс": 1000,
    "тысяч": 1000,
    "thousand": 1000,
    "k": 1000,
    "млн": 1_000_000,
    "million": 1_000_000,
    "mln": 1_000_000,
}

# Measures of one item, which no catalogue quantity is kept in. The Cyrillic "в" is not
# a volt here: in a query it is "in" far more often.
MEASURE_WORDS: dict[str, tuple[str, ...]] = {
    "mm": ("mm", "мм", "millimetre", "millimetres", "millimeter", "millimeters"),
    "cm": ("cm", "см", "centimetre", "centimetres", "centimeter", "centimeters"),
    "m": ("m", "м", "metre", "metres", "meter", "meters", "метр", "метра", "метров"),
    "in": ("inch", "inches", '"', "″", "”", "дюйм", "дюйма", "дюймов"),
    "ft": ("ft", "feet", "foot", "фут", "фута", "футов"),
    "µm": ("µm", "μm", "mic", "micron", "microns", "мкм", "микрон"),
    "g": ("g", "gr", "gram", "grams", "gramme", "grammes", "г", "гр", "грамм"),
    "ml": ("ml", "мл", "millilitre", "millilitres", "milliliter", "milliliters"),
    "kW": ("kw", "квт"),
    "kV": ("kv", "кв"),
    "kVA": ("kva", "ква"),
    "W": ("w", "watt", "watts", "вт"),
    "V": ("v", "volt", "volts"),
    "hp": ("hp", "л.с", "лс"),
}
# Folded, not name keys: the inch mark is punctuation to name_key.
MEASURE_BY_KEY = {fold(word): unit for unit, words in MEASURE_WORDS.items() for word in words}


# The largest amount a query carries as a number: a trillion of any unit is more than
# anyone trades, and more digits are a slip of the keyboard, shown as typed.
LARGEST_AMOUNT = Decimal(10) ** 12
# "5.000" as a price list in Russian or German writes five thousand.
_DOT_GROUPED = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")


def read_number(text: str, *, dot_groups: bool = False) -> Decimal:
    """A number as written: '250 000', '5,000', '1,5', '1 200,5', '3.000.000', "5'000".

    A comma before exactly three digits groups thousands; any other comma is a decimal
    comma. With dot_groups (a buyer's query), so does one dot: '5.000' is 5000; in a
    spreadsheet cell '1.500' is a quantity kept to three decimals. Raises
    decimal.InvalidOperation for what is not a number.
    """
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    text = text.replace("'", "").replace("\u2019", "").strip()
    text = re.sub(r"(?<=\d) (?=\d{3}\b)", "", text).replace(" ", "")
    if dot_groups and _DOT_GROUPED.fullmatch(text):
        return Decimal(text.replace(".", ""))
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in text:
        whole, _, fraction = text.rpartition(",")
        text = (
            text.replace(",", "")
            if len(fraction) == 3 and whole.replace(",", "").isdigit() and "," not in fraction
            else text.replace(",", ".")
        )
    elif text.count(".") > 1:
        text = text.replace(".", "")
    return Decimal(text)
