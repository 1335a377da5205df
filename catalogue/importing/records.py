"""Turn the cells of one data row into catalogue records. Pure.

Each reader gives back its value and the problems it found, each a level, the
field it concerns and a message; the sheet reader adds the sheet, the row, the
column and the value when it reports them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from catalogue.hscodes import CodeError, check_known, normalise_hs_code, split_codes
from catalogue.importing.report import ERROR, WARNING
from catalogue.importing.values import (
    CertificationName,
    cell_text,
    is_no_data,
    name_language,
    normalise_region,
    normalise_unit,
    normalise_website,
    parse_bin,
    parse_certifications,
    parse_contact,
    parse_incoterms,
    parse_quantity,
)
from catalogue.lib.messages import Message, gettext_noop, ngettext_noop
from catalogue.lib.normalise import name_key, visible

MAX_NAME = 300
MAX_TEXT = 5000


class Problem(NamedTuple):
    level: str
    field: str
    message: str  # a report.Message


def _because(template: str, error: ValueError) -> Message:
    """A message giving why a value was refused: a reader's ValueError, its message a
    Message (values.py)."""
    return Message(template, reason=error.args[0] if error.args else "")


def _longer_than(limit: int) -> Message:
    return Message(
        ngettext_noop("Longer than %(count)s character.", "Longer than %(count)s characters."),
        count=limit,
    )


@dataclass(frozen=True)
class ExporterRecord:
    name: str
    bin: str = ""
    region: str = ""
    website: str = ""
    email: str = ""
    phone: str = ""
    contact_name: str = ""
    certifications: tuple[CertificationName, ...] = ()

    @cached_property
    def key(self) -> tuple[str, str]:
        return ("bin", self.bin) if self.bin else ("name", name_key(self.name))


@dataclass(frozen=True, slots=True)
class OfferRecord:
    capacity: Decimal | None = None
    unit: str = ""
    moq: Decimal | None = None
    incoterms: tuple[str, ...] = ()
    notes: str = ""


@dataclass(slots=True)
class RowRecord:
    sheet: str
    row: int
    # The product's identity with its code, and its title when the file gives no English
    # name: the English name, else the Russian, else the Kazakh.
    name: str
    name_en: str = ""
    name_ru: str = ""
    name_kk: str = ""
    description: str = ""
    description_ru: str = ""
    description_kk: str = ""
    # Every HS code the row gives, the primary first, and the column they were read from
    # as the official sees it ("C (HS code)"): where, not what, so records compare without.
    codes: tuple[str, ...] = ()
    code_column: str = field(default="", compare=False)
    exporter: ExporterRecord | None = None
    offer: OfferRecord | None = None

    @property
    def code(self) -> str:
        """The primary code, or '' when the row gives none."""
        return self.codes[0] if self.codes else ""

    @property
    def category_key(self) -> tuple[str, str]:
        return (self.code, name_key(self.name))


# The texts of a row's cells, one group per record; the field names are the
# importer's column fields (headers.FIELDS), so a group is read by name.


class NameCells(NamedTuple):
    name_en: str
    name_ru: str
    description: str
    name_kk: str = ""
    description_ru: str = ""
    description_kk: str = ""


class ExporterCells(NamedTuple):
    exporter: str
    bin: str
    region: str
    website: str
    contact: str
    certifications: str

    @property
    def has_data(self) -> bool:
        return bool(self.exporter or self.bin)


class OfferCells(NamedTuple):
    capacity: str
    moq: str
    unit: str
    incoterms: str
    notes: str

    @property
    def has_data(self) -> bool:
        return bool(self.capacity or self.moq or self.incoterms)


_NAME_LIMITS = {
    "name_en": MAX_NAME, "name_ru": MAX_NAME, "name_kk": MAX_NAME, "description": MAX_TEXT,
    "description_ru": MAX_TEXT, "description_kk": MAX_TEXT,
}  # fmt: skip


def name_problems(names: NameCells) -> list[Problem]:
    name_en, name_ru, name_kk = names.name_en, names.name_ru, names.name_kk
    if (
        len(name_en) <= MAX_NAME
        and len(name_ru) <= MAX_NAME
        and len(name_kk) <= MAX_NAME
        and len(names.description) <= MAX_TEXT
        and len(names.description_ru) <= MAX_TEXT
        and len(names.description_kk) <= MAX_TEXT
    ):
        return []  # nearly every row, told apart without building anything
    return [
        Problem(ERROR, field_name, _longer_than(limit))
        for field_name, limit in _NAME_LIMITS.items()
        if len(getattr(names, field_name)) > limit
    ]


def blank_non_names(names: NameCells) -> tuple[NameCells, list[Problem]]:
    """Names blanked where a cell says nothing: a no-data mark ("N/A", "н/д") or text
    without a letter and another letter or digit ("-", "!!!", "0", invisible characters)."""
    texts = (names.name_en, names.name_ru, names.name_kk)
    if all(not t or (_TWO_LETTERS.search(t) and not is_no_data(t)) for t in texts):
        return names, []  # nearly every row, told apart with one search per name
    problems, blanked = [], {}
    for field_name in ("name_en", "name_ru", "name_kk"):
        text = getattr(names, field_name)
        if text and (is_no_data(text) or not _says_something(text)):
            blanked[field_name] = ""
            message = Message(_NOT_A_NAME[field_name], text=repr(text[:20]))
            problems.append(Problem(WARNING, field_name, message))
    return (names._replace(**blanked), problems) if blanked else (names, problems)


# Two letters that show, side by side (invisible fillers are letters to Unicode).
_TWO_LETTERS = re.compile(r"(?:(?![\u115f\u1160\u3164\uffa0])[^\W\d_]){2}")


def _says_something(name: str) -> bool:
    """A letter and one more letter or digit that show ("①", "0", "ª" and invisible
    fillers do not)."""
    shown = [c for c in visible(name) if c.isalnum()]
    return len(shown) >= 2 and any(c.isalpha() for c in shown)


_NOT_A_NAME = {
    "name_en": gettext_noop("%(text)s is no English name; left blank."),
    "name_ru": gettext_noop("%(text)s is no Russian name; left blank."),
    "name_kk": gettext_noop("%(text)s is no Kazakh name; left blank."),
}
# Text of one language in another's name column, by (column, language): read as the name
# in its language, or ignored when the row has one.
_MOVED = {
    ("name_ru", "name_kk"): gettext_noop(
        "Kazakh text in the Russian name column; read as the Kazakh name."
    ),
    ("name_en", "name_ru"): gettext_noop(
        "Russian text in the English name column; read as the Russian name. "
        "The English name is missing."
    ),
    ("name_en", "name_kk"): gettext_noop(
        "Kazakh text in the English name column; read as the Kazakh name. "
        "The English name is missing."
    ),
}
_DROPPED = {
    ("name_ru", "name_kk"): gettext_noop(
        "Kazakh text in the Russian name column, and the row has a Kazakh name; ignored."
    ),
    ("name_en", "name_ru"): gettext_noop(
        "Russian text in the English name column, and the row has a Russian name; ignored. "
        "The English name is missing."
    ),
    ("name_en", "name_kk"): gettext_noop(
        "Kazakh text in the English name column, and the row has a Kazakh name; ignored. "
        "The English name is missing."
    ),
}
# The languages whose text leaves a column; the Russian column is read first, so that its
# Kazakh text has left before Russian text from the English column arrives.
_LEAVES = {"name_ru": ("name_kk",), "name_en": ("name_ru", "name_kk")}


def read_names(names: NameCells) -> tuple[NameCells, list[Problem]]:
    """Each name in the field of the language it is written in, whatever its column.

    Kazakh text in the Russian or English column becomes the Kazakh name, Russian text in
    the English column the Russian name, so that neither is shown as the English title;
    when the row already has a name in that language, the text is dropped. Either way a
    warning says so. A Kazakh column is taken at its word.
    """
    en, ru = names.name_en, names.name_ru
    if (not en or name_language(en) == "name_en") and (not ru or name_language(ru) != "name_kk"):
        return names, []  # nearly every row
    problems: list[Problem] = []
    values = {"name_en": en, "name_ru": ru, "name_kk": names.name_kk}
    for column, leaving in _LEAVES.items():
        text = values[column]
        language = name_language(text) if text else column
        if language not in leaving:
            continue
        templates = _DROPPED if values[language] else _MOVED
        message = Message(templates[column, language])
        problems.append(Problem(WARNING, column, message))
        values[language] = values[language] or text
        values[column] = ""
    return names._replace(**values), problems


def _read_code(
    raw: object, number_format: str | None, known: Mapping[str, object], which: str = ""
) -> tuple[str, list[Problem]]:
    """One code; which names it among the codes of its cell ("'87x1' (the second of three)")."""
    try:
        reading = normalise_hs_code(raw.strip() if isinstance(raw, str) else raw, number_format)
        check_known(reading, known)
    except CodeError as error:
        reason = Message(error.template, **error.params)
        message = (
            Message(gettext_noop("Not a usable HS code: %(which)s: %(reason)s."), which=which,
                    reason=reason)
            if which
            else Message(gettext_noop("Not a usable HS code: %(reason)s."), reason=reason)
        )  # fmt: skip
        return "", [Problem(ERROR, "code", message)]
    problems = []
    if reading.is_heading:
        message = (
            Message(
                gettext_noop(
                    "Only the 4-digit heading %(code)s (%(which)s); choose the 6-digit "
                    "subheading when you can."
                ),
                code=reading.code,
                which=which,
            )
            if which
            else Message(
                gettext_noop(
                    "Only the 4-digit heading %(code)s; choose the 6-digit subheading when you can."
                ),
                code=reading.code,
            )
        )
        problems.append(Problem(WARNING, "code", message))
    return reading.code, problems


MAX_CODES = 20


def _which(part: str, number: int, of: int) -> Message:
    """A code among the codes of its cell: "'87x1' (code 2 of 3)"."""
    return Message(
        gettext_noop("%(code)s (code %(number)s of %(total)s)"), code=part, number=number, total=of
    )


def read_codes(
    raw: object, number_format: str | None, known: Mapping[str, object]
) -> tuple[tuple[str, ...], list[Problem]]:
    """The codes of a code cell, the primary first: one, or a list ('3102 10, 3102 30').

    A number is always one code. A text splits into a list only when two or more of its
    parts have digits, so 'н/д' or '-' is read, and refused, as one code, as it always was.
    """
    if cell_text(raw) == "":
        message = Message(
            gettext_noop("No HS code: the product needs one before buyers can find it by code.")
        )
        return (), [Problem(WARNING, "code", message)]
    parts = split_codes(raw) if isinstance(raw, str) else []
    if sum(1 for part in parts if any(c.isdigit() for c in part)) < 2:
        code, problems = _read_code(parts[0] if len(parts) == 1 else raw, number_format, known)
        return ((code,) if code else ()), problems
    if len(parts) > MAX_CODES:
        message = Message(
            gettext_noop("%(found)s codes in one cell; give at most %(most)s."),
            found=len(parts),
            most=MAX_CODES,
        )
        return (), [Problem(ERROR, "code", message)]
    codes: dict[str, None] = {}
    problems = []
    for number, part in enumerate(parts):
        which = _which(repr(part[:40]), number + 1, len(parts))
        code, found = _read_code(part, None, known, which)
        problems += found
        if code:
            codes[code] = None  # two national codes of one subheading give it once
    if any(problem.level == ERROR for problem in problems):
        return (), problems
    return tuple(codes), problems


# The exporter's cells that are free text, and their limits: a list of certifications is
# short, and every known name is looked for in it.
_EXPORTER_TEXTS = {"region": MAX_TEXT, "website": MAX_TEXT, "contact": MAX_TEXT,
                   "certifications": 1000}  # fmt: skip


def read_exporter(
    cells: ExporterCells, raw_bin: object
) -> tuple[ExporterRecord | None, list[Problem]]:
    problems: list[Problem] = []
    if not cells.exporter:
        if cells.bin:
            message = Message(
                gettext_noop("A BIN without an exporter name; give the company's name too.")
            )
            problems.append(Problem(ERROR, "bin", message))
        return None, problems
    if len(cells.exporter) > MAX_NAME:
        problems.append(Problem(ERROR, "exporter", _longer_than(MAX_NAME)))
    long_cells = {f: n for f, n in _EXPORTER_TEXTS.items() if len(getattr(cells, f)) > n}
    if long_cells:
        for field_name, limit in long_cells.items():
            problems.append(Problem(ERROR, field_name, _longer_than(limit)))
        return None, problems
    bin_value = ""
    if cells.bin:
        try:
            bin_value = parse_bin(raw_bin)
        except ValueError as error:
            problems.append(
                Problem(ERROR, "bin", _because(gettext_noop("Not a BIN: %(reason)s."), error))
            )
    region = ""
    if cells.region:
        try:
            region = normalise_region(cells.region)
        except ValueError:
            message = Message(gettext_noop("Not a region of Kazakhstan we know; left blank."))
            problems.append(Problem(WARNING, "region", message))
    contact = parse_contact(cells.contact)
    website = contact.website
    if cells.website:
        try:
            website = normalise_website(cells.website)
        except ValueError:
            message = Message(gettext_noop("Not a web address; left blank."))
            problems.append(Problem(WARNING, "website", message))
    certifications, unknown = parse_certifications(cells.certifications)
    if unknown:
        named = ", ".join(map(repr, unknown[:5]))
        message = (
            Message(
                gettext_noop("Not certifications we know; ignored: %(named)s and %(more)s more."),
                named=named,
                more=len(unknown) - 5,
            )
            if len(unknown) > 5
            else Message(
                gettext_noop("Not certifications we know; ignored: %(named)s."), named=named
            )
        )
        problems.append(Problem(WARNING, "certifications", message))
    record = ExporterRecord(
        name=cells.exporter,
        bin=bin_value,
        region=region,
        website=website[:200],
        email=contact.email[:254],
        phone=contact.phone[:40],
        contact_name=contact.name[:200],
        certifications=tuple(certifications),
    )
    return record, problems


def _read_quantity(
    text: str, field_name: str, header_unit: tuple[str, int], problems: list[Problem]
) -> tuple[Decimal | None, str]:
    if text == "":
        return None, ""
    unit_name, scale = header_unit
    try:
        number, unit = parse_quantity(text, scale)
    except ValueError as error:
        message = _because(gettext_noop("Not a quantity: %(reason)s."), error)
        problems.append(Problem(ERROR, field_name, message))
        return None, ""
    return number, unit or unit_name


def read_offer(
    cells: OfferCells,
    has_exporter: bool,
    capacity_unit: tuple[str, int],
    moq_unit: tuple[str, int],
) -> tuple[OfferRecord | None, list[Problem]]:
    """The offer of a row; capacity_unit and moq_unit are what their headers say ("т/год")."""
    problems: list[Problem] = []
    capacity, capacity_in = _read_quantity(cells.capacity, "capacity", capacity_unit, problems)
    moq, moq_in = _read_quantity(cells.moq, "moq", moq_unit, problems)
    unit = ""
    if cells.unit:
        try:
            unit = normalise_unit(cells.unit)
        except ValueError as error:
            problems.append(
                Problem(ERROR, "unit", _because(gettext_noop("Not a unit: %(reason)s."), error))
            )
    unit = unit or capacity_in or moq_in
    incoterms: list[str] = []
    if cells.incoterms:
        incoterms, _ = parse_incoterms(cells.incoterms)
        if not incoterms:
            message = Message(
                gettext_noop("No Incoterms rule (EXW, FCA, CPT, DAP, FOB, CIF...) found; ignored.")
            )
            problems.append(Problem(WARNING, "incoterms", message))
    notes = cells.notes
    if len(notes) > MAX_TEXT:
        problems.append(Problem(ERROR, "notes", _longer_than(MAX_TEXT)))
    if not has_exporter:
        if capacity is not None or moq is not None or incoterms:
            where = "capacity" if capacity is not None else "incoterms"
            message = Message(gettext_noop("Offer details without an exporter; ignored."))
            problems.append(Problem(WARNING, where, message))
        return None, problems
    offer = OfferRecord(
        capacity=capacity, unit=str(unit), moq=moq, incoterms=tuple(incoterms), notes=notes
    )
    return offer, problems
