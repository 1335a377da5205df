"""Turn the cells of one data row into catalogue records. Pure.

Each reader gives back its value and the problems it found, each a level, the
field it concerns and a message; the sheet reader adds the sheet, the row, the
column and the value when it reports them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from catalogue.hscodes import CodeError, check_known, normalise_hs_code
from catalogue.importing.report import ERROR, WARNING
from catalogue.importing.values import (
    CertificationName,
    cell_text,
    normalise_region,
    normalise_unit,
    normalise_website,
    parse_bin,
    parse_certifications,
    parse_contact,
    parse_incoterms,
    parse_quantity,
)
from catalogue.lib.normalise import name_key

MAX_NAME = 300
MAX_TEXT = 5000


class Problem(NamedTuple):
    level: str
    field: str
    message: str


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


@dataclass(slots=True)
class RowRecord:
    sheet: str
    row: int
    name: str
    name_ru: str = ""
    description: str = ""
    code: str = ""
    exporter: ExporterRecord | None = None
    offer: OfferRecord | None = None

    @property
    def category_key(self) -> tuple[str, str]:
        return (self.code, name_key(self.name))


# The texts of a row's cells, one group per record; the field names are the
# importer's column fields (headers.FIELDS), so a group is read by name.


class NameCells(NamedTuple):
    name_en: str
    name_ru: str
    description: str


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

    @property
    def has_data(self) -> bool:
        return bool(self.capacity or self.moq or self.incoterms)


_NAME_LIMITS = {"name_en": MAX_NAME, "name_ru": MAX_NAME, "description": MAX_TEXT}


def name_problems(names: NameCells) -> list[Problem]:
    name_en, name_ru, description = names.name_en, names.name_ru, names.description
    if len(name_en) <= MAX_NAME and len(name_ru) <= MAX_NAME and len(description) <= MAX_TEXT:
        return []  # nearly every row, told apart without building anything
    return [
        Problem(ERROR, field_name, f"Longer than {limit} characters.")
        for field_name, limit in _NAME_LIMITS.items()
        if len(getattr(names, field_name)) > limit
    ]


def read_code(
    raw: object, number_format: str | None, known: Mapping[str, object]
) -> tuple[str, list[Problem]]:
    if cell_text(raw) == "":
        message = "No HS code: the product needs one before buyers can find it by code."
        return "", [Problem(WARNING, "code", message)]
    try:
        reading = normalise_hs_code(raw.strip() if isinstance(raw, str) else raw, number_format)
        check_known(reading, known)
    except CodeError as error:
        return "", [Problem(ERROR, "code", f"Not a usable HS code: {error}.")]
    problems = []
    if reading.is_heading:
        message = (
            f"Only the 4-digit heading {reading.code}; choose the 6-digit subheading when you can."
        )
        problems.append(Problem(WARNING, "code", message))
    return reading.code, problems


# The exporter's cells that are free text, each limited to MAX_TEXT.
_EXPORTER_TEXTS = ("region", "website", "contact", "certifications")


def read_exporter(
    cells: ExporterCells, raw_bin: object
) -> tuple[ExporterRecord | None, list[Problem]]:
    problems: list[Problem] = []
    if not cells.exporter:
        if cells.bin:
            message = "A BIN without an exporter name; give the company's name too."
            problems.append(Problem(ERROR, "bin", message))
        return None, problems
    if len(cells.exporter) > MAX_NAME:
        problems.append(Problem(ERROR, "exporter", f"Longer than {MAX_NAME} characters."))
    long_cells = [f for f in _EXPORTER_TEXTS if len(getattr(cells, f)) > MAX_TEXT]
    if long_cells:
        for field_name in long_cells:
            problems.append(Problem(ERROR, field_name, f"Longer than {MAX_TEXT} characters."))
        return None, problems
    bin_value = ""
    if cells.bin:
        try:
            bin_value = parse_bin(raw_bin)
        except ValueError as error:
            problems.append(Problem(ERROR, "bin", f"Not a BIN: {error}."))
    region = ""
    if cells.region:
        try:
            region = normalise_region(cells.region)
        except ValueError:
            message = "Not a region of Kazakhstan we know; left blank."
            problems.append(Problem(WARNING, "region", message))
    contact = parse_contact(cells.contact)
    website = contact.website
    if cells.website:
        try:
            website = normalise_website(cells.website)
        except ValueError:
            problems.append(Problem(WARNING, "website", "Not a web address; left blank."))
    certifications, unknown = parse_certifications(cells.certifications)
    for piece in unknown:
        message = f"Certification {piece!r} is not one we know; ignored."
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
        problems.append(Problem(ERROR, field_name, f"Not a quantity: {error}."))
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
            problems.append(Problem(ERROR, "unit", f"Not a unit: {error}."))
    unit = unit or capacity_in or moq_in
    incoterms: list[str] = []
    if cells.incoterms:
        incoterms, _ = parse_incoterms(cells.incoterms)
        if not incoterms:
            message = "No Incoterms rule (EXW, FCA, CPT, DAP, FOB, CIF...) found; ignored."
            problems.append(Problem(WARNING, "incoterms", message))
    if not has_exporter:
        if capacity is not None or moq is not None or incoterms:
            where = "capacity" if capacity is not None else "incoterms"
            problems.append(Problem(WARNING, where, "Offer details without an exporter; ignored."))
        return None, problems
    offer = OfferRecord(capacity=capacity, unit=str(unit), moq=moq, incoterms=tuple(incoterms))
    return offer, problems
