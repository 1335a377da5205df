"""Read one cell's value as a catalogue field: quantities, units, BINs, regions... Pure.

Each reader returns the value or raises ValueError with a message for the user (a
report.Message, shown in the reader's language).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from catalogue.choices import Incoterm, Unit
from catalogue.lib.messages import Message, gettext_noop
from catalogue.lib.normalise import ascii_digits, clean_text, fold, is_ascii_number, name_key
from catalogue.lib.units import LARGEST_AMOUNT, MULTIPLIERS, UNIT_BY_KEY, read_number

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def cell_text(value: object) -> str:
    """A cell as the text a person sees: 20500.0 → '20500', a date → 2025-02-14; control
    characters, which no one sees and no workbook or PostgreSQL column takes, are dropped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return " ".join(clean_text(str(value)).split())


def _mark_key(text: str) -> str:
    return "".join(text.split()).casefold()


# A longer cell is told apart without folding it; no mark may be longer.
_LONGEST_MARK = 40


@cache
def _no_data_marks() -> frozenset[str]:
    marks = [row["mark"] for row in _load_names("import_no_data.csv")]
    if too_long := [mark for mark in marks if len(mark) > _LONGEST_MARK]:
        raise ValueError(f"No-data marks longer than {_LONGEST_MARK} characters: {too_long}")
    return frozenset(map(_mark_key, marks))


def is_no_data(text: str) -> bool:
    """A cell that only says there is nothing to say: '-', 'н/д', 'N/A', 'нет данных'...
    (catalogue/data/import_no_data.csv), whatever its case and spacing. A ditto mark
    ('—//—') says "as above", not "nothing", and 0 is a quantity: neither is one."""
    return (
        len(text) <= _LONGEST_MARK
        and text.lstrip()[:1].casefold() in _first_characters()  # most cells stop here
        and _mark_key(text) in _no_data_marks()
    )


@cache
def _first_characters() -> frozenset[str]:
    return frozenset(mark[0] for mark in _no_data_marks())


# Letters of the Kazakh alphabet that Russian has not.
_KAZAKH_LETTER = re.compile(r"[әғқңөұүһі]", re.I)
_CYRILLIC_LETTER = re.compile(r"[а-яёәғқңөұүһі]", re.I)
_CYRILLIC_WORD = re.compile(r"[а-яёәғқңөұүһі]+", re.I)
_LATIN_LETTER = re.compile(r"[a-z]", re.I)


def name_language(text: str) -> str:
    """The language a product name is written in, as a name field: 'name_kk' when at least
    one word in three has a letter only Kazakh writes (so a Russian name with a Kazakh brand,
    «Ақ Дала», stays Russian); 'name_ru' when it has as many Cyrillic letters as Latin ones
    or more ('Сталь AISI 304'); else 'name_en' ('Steel, ГОСТ 380'). A Kazakh word without
    those letters (Бидай) reads as Russian."""
    if not _CYRILLIC_LETTER.search(text):
        return "name_en"  # nearly every English name, told apart with one search
    if _KAZAKH_LETTER.search(text):
        words = _CYRILLIC_WORD.findall(text)
        kazakh = sum(1 for word in words if _KAZAKH_LETTER.search(word))
        if kazakh * 3 >= len(words):
            return "name_kk"
    if not _LATIN_LETTER.search(text):
        return "name_ru"  # nearly every Russian name
    cyrillic = len(_CYRILLIC_LETTER.findall(text))
    return "name_ru" if cyrillic >= len(_LATIN_LETTER.findall(text)) else "name_en"


_APPROX = re.compile(r"^(до|около|свыше|более|порядка|up to|about|approx\.?|over|~|≈)\s*", re.I)
_NUMBER = re.compile(r"^[+]?\d[\d\s\u00a0\u202f'.,]*")
_YEAR_SUFFIX = re.compile(r"(в|per|/|a|в\s+)?\s*(год|year|yr|annum|г)\.?$")


def normalise_unit(text: str) -> str:
    """A unit as written ('тонн', 'MT', 'м³') → a Unit value; raises ValueError."""
    key = name_key(_YEAR_SUFFIX.sub("", fold(text).strip()))
    if key in UNIT_BY_KEY:
        return UNIT_BY_KEY[key]
    raise ValueError(
        Message(gettext_noop("unknown unit; use one of %(units)s"), units=", ".join(Unit.values))
    )


def unit_and_scale(text: str) -> tuple[str, int]:
    """Unit and multiplier named in a header or cell: 'тыс. тонн в год' → ('t', 1000)."""
    words = name_key(text).split()
    scale = 1
    for word in words:
        scale = MULTIPLIERS.get(word, scale)
    for size in (2, 1):
        for start in range(len(words) - size + 1):
            unit = UNIT_BY_KEY.get(" ".join(words[start : start + size]))
            if unit:
                return unit, scale
    return "", scale


# Capacities and minimum orders are stored with three decimals in columns of 16 digits;
# a trillion of any unit is more than any exporter offers, and fits on every database.
MAX_QUANTITY = LARGEST_AMOUNT
QUANTUM = Decimal("0.001")


def _in_range(number: Decimal) -> Decimal:
    if not number.is_finite():
        raise ValueError(Message(gettext_noop("expected a number")))
    if number < 0:
        raise ValueError(Message(gettext_noop("must not be negative")))
    if number > MAX_QUANTITY:
        message = gettext_noop("larger than %(most)s; check the unit")
        raise ValueError(Message(message, most=MAX_QUANTITY))
    # More decimals than the column keeps would be rounded differently by each database.
    return number.quantize(QUANTUM) if number.as_tuple().exponent < -3 else number


_EXPECTED_NUMBER = Message(gettext_noop("expected a number, for example 25000 or 25 000 t"))


def parse_quantity(value: object, scale: int = 1) -> tuple[Decimal, str]:
    """A quantity cell → (number, unit or ''), from 0 to MAX_QUANTITY; scale is the
    multiplier its column header names ('тыс. т').

    '250 000 т' → (250000, 't'); '1,5 тыс. т' → (1500, 't'); 25000.0 → (25000, '').
    """
    if isinstance(value, bool):
        raise ValueError(Message(gettext_noop("expected a number")))
    if isinstance(value, int | float):
        return _in_range(Decimal(str(value)) * scale), ""
    text = _APPROX.sub("", ascii_digits(cell_text(value))).strip()
    if re.match(r"^[-−]\s*\d", text):
        raise ValueError(Message(gettext_noop("must not be negative")))
    match = _NUMBER.match(text)
    if not match:
        raise ValueError(_EXPECTED_NUMBER)
    rest = text[match.end() :].strip()
    if re.match(r"^[-–—]\s*\d", rest):
        raise ValueError(Message(gettext_noop("give one number, not a range")))
    try:
        number = read_number(match.group(0).rstrip(".,"))
    except InvalidOperation:
        raise ValueError(_EXPECTED_NUMBER) from None
    unit, cell_scale = unit_and_scale(rest) if rest else ("", 1)
    if rest and not unit and cell_scale == 1:
        raise ValueError(Message(gettext_noop("the text after the number is not a unit")))
    return _in_range(number * cell_scale * scale), unit


INCOTERMS = frozenset(Incoterm.values)


def parse_incoterms(text: str) -> tuple[list[str], list[str]]:
    """Incoterms rules named in a cell, sorted, and the words that were not rules."""
    words = re.findall(r"[A-Za-zА-Яа-я]+", text)
    found = sorted({w.upper() for w in words if w.upper() in INCOTERMS})
    unknown = [w for w in words if w.upper() not in INCOTERMS and len(w) > 2 and w.isupper()]
    return found, unknown


def parse_bin(value: object) -> str:
    """A 12-digit Kazakh BIN; a number that lost its leading zero gets it back."""
    digits = re.sub(r"[\s\-]", "", ascii_digits(cell_text(value)))
    if not is_ascii_number(digits):
        raise ValueError(Message(gettext_noop("a BIN has 12 digits")))
    if len(digits) == 11 and not isinstance(value, str):
        digits = "0" + digits
    if len(digits) != 12:
        message = gettext_noop("a BIN has 12 digits, this has %(digits)s")
        raise ValueError(Message(message, digits=len(digits)))
    return digits


@dataclass(frozen=True)
class Contact:
    website: str = ""
    email: str = ""
    phone: str = ""
    name: str = ""


# Contacts cells are read token by token: every pattern below runs once per token or
# once over the text, anchored, so the work grows linearly with the cell.
_PART_SEPARATORS = re.compile(r"[,;|\n]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LABEL = re.compile(r"[\w-]+")
_WEB_SUFFIXES = frozenset(
    ["kz", "ru", "com", "org", "net", "info", "biz", "asia", "eu", "uk", "ng", "io", "co"]
)
_TRAILING = "().:"
# A run of what phone numbers are written with; no nested or overlapping repetition.
_PHONE_RUN = re.compile(r"\+?[\d()\-][\d\s()\-]*")
_CONTACT_WORDS = re.compile(r"(?i)\b(?:tel|тел|phone|e-?mail|сайт|web|site)\b\.?:?")


def _is_web_address(text: str) -> bool:
    """www.example.kz, https://example.com/path: host labels of word characters, a known
    suffix."""
    rest = text.lower()
    for scheme in ("https://", "http://"):
        rest = rest.removeprefix(scheme)
    host, _, path = rest.partition("/")
    labels = host.split(".")
    if len(labels) < 2 or labels[-1] not in _WEB_SUFFIXES or any(c.isspace() for c in path):
        return False
    return all(_LABEL.fullmatch(label) for label in labels)


def _phone_in(text: str) -> str:
    """The first phone number: nine or more characters with at least seven digits."""
    for run in _PHONE_RUN.finditer(text):
        candidate = run.group(0).strip(" ()-")
        if len(candidate) >= 9 and sum(c.isdigit() for c in candidate) >= 7:
            return candidate
    return ""


def parse_contact(text: str) -> Contact:
    """Split a contacts cell into website, e-mail, phone and a person's name.

    Parts are separated by commas, semicolons or bars; a phone number never runs across
    them (an exported "+7 701 123 45 67, -2+3" keeps its name "-2+3").
    """
    email = website = phone = ""
    rest = []
    for part in _PART_SEPARATORS.split(text):
        words = []
        for token in part.split():
            bare = token.strip(_TRAILING)
            if not email and "@" in bare and _EMAIL.fullmatch(bare):
                email = bare.lower()
            elif not website and "." in bare and _is_web_address(bare):
                website = normalise_website(bare)
            else:
                words.append(token)
        remainder = " ".join(words)
        if not phone and (phone := _phone_in(remainder)):
            remainder = remainder.replace(phone, " ", 1)
        rest.append(remainder)
    name = " ".join(_CONTACT_WORDS.sub(" ", ", ".join(r for r in rest if r.strip())).split())
    return Contact(
        website=website,
        email=email,
        phone=" ".join(phone.split()),
        name=name.strip(" ,;:|"),
    )


def normalise_website(text: str) -> str:
    text = text.strip().rstrip("/")
    if not _is_web_address(text):
        raise ValueError(Message(gettext_noop("not a web address")))
    return text if text.lower().startswith(("http://", "https://")) else f"https://{text}"


def _load_names(file_name: str) -> list[dict]:
    with (DATA_DIR / file_name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


_REGION_NOISE = re.compile(r"\b(область|обл|облысы|region|oblast|city|город|г|қаласы|регион)\b\.?")


def _region_key(text: str) -> str:
    return name_key(_REGION_NOISE.sub(" ", fold(text)))


@cache
def _regions() -> dict[str, str]:
    regions = {}
    for row in _load_names("regions.csv"):
        for name in row["names"].split("|"):
            regions.setdefault(_region_key(name), row["region"])
            regions.setdefault(name_key(name), row["region"])
    return regions


def normalise_region(text: str) -> str:
    """A Kazakh region as written in English, Russian or Kazakh → a KazakhRegion value."""
    regions = _regions()
    for key in (name_key(text), _region_key(text)):
        if key in regions:
            return regions[key]
    raise ValueError(Message(gettext_noop("not a region of Kazakhstan")))


@dataclass(frozen=True)
class CertificationName:
    code: str
    name: str
    name_ru: str = ""
    name_kk: str = ""


@cache
def _certifications() -> list[tuple[re.Pattern, CertificationName]]:
    patterns = []
    for row in _load_names("certifications.csv"):
        cert = CertificationName(row["code"], row["name"], row["name_ru"], row["name_kk"])
        for name in {row["name"], row["name_ru"], row["name_kk"], *row["names"].split("|")}:
            words = name_key(name).split()
            pattern = re.compile(r"(?<!\w)" + r"[\s\-:]*".join(map(re.escape, words)) + r"(?!\w)")
            patterns.append((len(name), pattern, cert))
    patterns.sort(key=lambda p: -p[0])
    return [(pattern, cert) for _, pattern, cert in patterns]


def parse_certifications(text: str) -> tuple[list[CertificationName], list[str]]:
    """Known certifications named in a cell, and the pieces that are not known."""
    rest = fold(text)
    found: dict[str, CertificationName] = {}
    for pattern, cert in _certifications():
        if pattern.search(rest):
            found[cert.code] = cert
            rest = pattern.sub(" ", rest)
    unknown = [p.strip() for p in re.split(r"[,;/|\n]+", rest) if re.search(r"\w\w", p)]
    return sorted(found.values(), key=lambda c: c.code), unknown
