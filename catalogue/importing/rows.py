"""Turn the data rows of a sheet into catalogue records, collecting every issue. Pure.

Blank rows, section rows ("I. Сельское хозяйство", merged across the sheet)
and notes below the data ("Источник: ...") are skipped. Every issue carries
the sheet, the row as Excel numbers it (or the CSV line), the column letter
with its header, and the value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from catalogue.hscodes import CodeError, check_known, normalise_hs_code
from catalogue.importing.headers import HeaderLayout, column_letter
from catalogue.importing.report import ERROR, INFO, WARNING, FileReport
from catalogue.importing.sources import Sheet
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
    unit_and_scale,
)
from catalogue.normalise import name_key

MAX_NAME = 300
MAX_TEXT = 5000
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.I)
_SECTION = re.compile(
    r"^\s*([IVXLC]+[.)]\s|\d{1,2}[.)]\s+\D|(раздел|section|группа|group|глава|chapter|бөлім)\b)",
    re.I,
)
_NOTE = re.compile(
    r"^\s*(\*|источник|примечание|примечания|source|sources|note|notes|итого|всего|total|"
    r"подготовлено|составлено|дата|date|ескертпе|дереккөз)",
    re.I,
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

    @property
    def key(self) -> tuple[str, str]:
        return ("bin", self.bin) if self.bin else ("name", name_key(self.name))


@dataclass(frozen=True)
class OfferRecord:
    capacity: Decimal | None = None
    unit: str = ""
    moq: Decimal | None = None
    incoterms: tuple[str, ...] = ()


@dataclass
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


@dataclass
class _Row:
    """One data row being read: its cells by field, and where to report issues."""

    sheet: Sheet
    index: int
    cells: list[object]
    layout: HeaderLayout
    report: FileReport
    failed: bool = False
    values: dict[str, str] = field(default_factory=dict)

    @property
    def number(self) -> int:
        return self.sheet.row_number(self.index)

    def raw(self, field_name: str) -> object:
        column = self.layout.column_of(field_name)
        if column is None or column >= len(self.cells):
            return ""
        return self.cells[column]

    def text(self, field_name: str) -> str:
        return cell_text(self.raw(field_name))

    def column_label(self, field_name: str) -> str:
        column = self.layout.column_of(field_name)
        return "" if column is None else f"{column_letter(column)} ({self.layout.headers[column]})"

    def issue(self, level: str, field_name: str, message: str) -> None:
        if level == ERROR:
            self.failed = True
        self.report.add(
            level,
            message,
            sheet=self.sheet.name,
            row=self.number,
            column=self.column_label(field_name),
            value=self.text(field_name)[:200],
        )


def resolve_name_columns(sheet: Sheet, layout: HeaderLayout, report: FileReport) -> None:
    """A plain 'Name' column holds English or Russian names; its contents decide which."""
    for column, field_name in list(layout.columns.items()):
        if field_name != "name":
            continue
        values = [cell_text(r[column]) for r in sheet.rows[layout.data_start :] if column < len(r)]
        values = [v for v in values if v]
        cyrillic = sum(bool(_CYRILLIC.search(v)) for v in values)
        language = "name_ru" if values and cyrillic * 2 >= len(values) else "name_en"
        other = "name_en" if language == "name_ru" else "name_ru"
        taken = set(layout.columns.values())
        if language in taken:
            language = other if other not in taken else None
        if language is None:
            del layout.columns[column]
            layout.repeated[column] = "name"
        else:
            layout.columns[column] = language


def report_layout(sheet: Sheet, layout: HeaderLayout, report: FileReport) -> None:
    for column, header in layout.unknown.items():
        report.add(
            INFO,
            "Column not recognised; ignored.",
            sheet=sheet.name,
            row=sheet.row_number(layout.row_index),
            column=f"{column_letter(column)} ({header})",
        )
    for column, field_name in layout.repeated.items():
        report.add(
            WARNING,
            f"A second column for {field_name.replace('_', ' ')}; only the first is read.",
            sheet=sheet.name,
            row=sheet.row_number(layout.row_index),
            column=f"{column_letter(column)} ({layout.headers[column]})",
        )


def _is_section_or_note(row: _Row) -> bool:
    filled = [cell_text(c) for c in row.cells if cell_text(c)]
    if len(set(filled)) != 1:
        return False
    text = filled[0]
    in_name_column = any(row.text(f) == text for f in ("name_en", "name_ru"))
    return not in_name_column or bool(_SECTION.match(text) or _NOTE.match(text))


def parse_rows(
    sheet: Sheet, layout: HeaderLayout, report: FileReport, known_codes: Mapping[str, object]
) -> list[RowRecord]:
    """Read every data row below the header; invalid rows are reported and left out."""
    capacity_unit, capacity_scale = _header_unit("capacity", layout)
    moq_unit, moq_scale = _header_unit("moq", layout)
    code_formats = _code_formats(sheet, layout)
    records = []
    for index in range(layout.data_start, len(sheet.rows)):
        row = _Row(sheet, index, sheet.rows[index], layout, report)
        if not any(cell_text(c) for c in row.cells):
            continue
        name_en, name_ru = row.text("name_en"), row.text("name_ru")
        code_text = row.text("code")
        if not (name_en or name_ru or code_text):
            if _has_catalogue_data(row):
                name_field = "name_en" if layout.column_of("name_en") is not None else "name_ru"
                row.issue(ERROR, name_field, "This row has data but no product name and no code.")
                report.skipped += 1
            continue
        if not code_text and not _has_catalogue_data(row) and _is_section_or_note(row):
            continue
        record = RowRecord(sheet.name, row.number, name=name_en or name_ru, name_ru=name_ru)
        _read_names(row, record)
        _read_code(row, record, known_codes, code_formats.get(index))
        record.description = _limited(row, "description", MAX_TEXT)
        record.exporter = _read_exporter(row)
        record.offer = _read_offer(
            row, record.exporter, capacity_unit, capacity_scale, moq_unit, moq_scale
        )
        if row.failed:
            report.skipped += 1
        else:
            records.append(record)
    return records


def _has_catalogue_data(row: _Row) -> bool:
    return any(row.text(f) for f in ("exporter", "bin", "capacity", "moq", "incoterms"))


def _header_unit(field_name: str, layout: HeaderLayout) -> tuple[str, int]:
    column = layout.column_of(field_name)
    return unit_and_scale(layout.headers[column]) if column is not None else ("", 1)


def _code_formats(sheet: Sheet, layout: HeaderLayout) -> dict[int, str]:
    column = layout.column_of("code")
    if column is None:
        return {}
    numeric = any(
        isinstance(r[column], int | float) and not isinstance(r[column], bool)
        for r in sheet.rows[layout.data_start :]
        if column < len(r)
    )
    return sheet.number_formats(column) if numeric else {}


def _limited(row: _Row, field_name: str, limit: int) -> str:
    text = row.text(field_name)
    if len(text) > limit:
        row.issue(ERROR, field_name, f"Longer than {limit} characters.")
    return text


def _read_names(row: _Row, record: RowRecord) -> None:
    for field_name in ("name_en", "name_ru"):
        _limited(row, field_name, MAX_NAME)
    if not record.name:
        row.issue(
            WARNING,
            "code",
            "No product name; the HS description will have to do until one is given.",
        )


def _read_code(
    row: _Row, record: RowRecord, known: Mapping[str, object], number_format: str | None
) -> None:
    raw = row.raw("code")
    if cell_text(raw) == "":
        row.issue(
            WARNING, "code", "No HS code: the product needs one before buyers can find it by code."
        )
        return
    try:
        reading = normalise_hs_code(raw if not isinstance(raw, str) else raw.strip(), number_format)
        check_known(reading, known)
    except CodeError as error:
        row.issue(ERROR, "code", f"Not a usable HS code: {error}.")
        return
    record.code = reading.code
    if reading.is_heading:
        row.issue(
            WARNING,
            "code",
            f"Only the 4-digit heading {reading.code}; choose the 6-digit subheading when you can.",
        )
    if not record.name:
        record.name = f"HS {reading.dotted}"


def _read_exporter(row: _Row) -> ExporterRecord | None:
    name = row.text("exporter")
    bin_text = row.text("bin")
    if not name:
        if bin_text:
            row.issue(ERROR, "bin", "A BIN without an exporter name; give the company's name too.")
        return None
    if len(name) > MAX_NAME:
        row.issue(ERROR, "exporter", f"Longer than {MAX_NAME} characters.")
    bin_value = ""
    if bin_text:
        try:
            bin_value = parse_bin(row.raw("bin"))
        except ValueError as error:
            row.issue(ERROR, "bin", f"Not a BIN: {error}.")
    region = ""
    if row.text("region"):
        try:
            region = normalise_region(row.text("region"))
        except ValueError:
            row.issue(WARNING, "region", "Not a region of Kazakhstan we know; left blank.")
    contact = parse_contact(row.text("contact"))
    website = contact.website
    if row.text("website"):
        try:
            website = normalise_website(row.text("website"))
        except ValueError:
            row.issue(WARNING, "website", "Not a web address; left blank.")
    certifications, unknown = parse_certifications(row.text("certifications"))
    for piece in unknown:
        row.issue(
            WARNING, "certifications", f"Certification {piece!r} is not one we know; ignored."
        )
    return ExporterRecord(
        name=name,
        bin=bin_value,
        region=region,
        website=website[:200],
        email=contact.email[:254],
        phone=contact.phone[:40],
        contact_name=contact.name[:200],
        certifications=tuple(certifications),
    )


def _read_quantity(
    row: _Row, field_name: str, header_unit: str, scale: int
) -> tuple[Decimal | None, str]:
    if not row.text(field_name):
        return None, ""
    try:
        number, unit = parse_quantity(row.raw(field_name))
    except ValueError as error:
        row.issue(ERROR, field_name, f"Not a quantity: {error}.")
        return None, ""
    return number * scale, unit or header_unit


def _read_offer(
    row: _Row,
    exporter: ExporterRecord | None,
    capacity_unit: str,
    capacity_scale: int,
    moq_unit: str,
    moq_scale: int,
) -> OfferRecord | None:
    capacity, unit_a = _read_quantity(row, "capacity", capacity_unit, capacity_scale)
    moq, unit_b = _read_quantity(row, "moq", moq_unit, moq_scale)
    unit = ""
    if row.text("unit"):
        try:
            unit = normalise_unit(row.text("unit"))
        except ValueError as error:
            row.issue(ERROR, "unit", f"Not a unit: {error}.")
    unit = unit or unit_a or unit_b
    incoterms: list[str] = []
    if row.text("incoterms"):
        incoterms, _ = parse_incoterms(row.text("incoterms"))
        if not incoterms:
            row.issue(
                WARNING,
                "incoterms",
                "No Incoterms rule (EXW, FCA, CPT, DAP, FOB, CIF...) found; ignored.",
            )
    offered = capacity is not None or moq is not None or incoterms
    if exporter is None:
        if offered:
            where = "capacity" if capacity is not None else "incoterms"
            row.issue(WARNING, where, "Offer details without an exporter; ignored.")
        return None
    return OfferRecord(capacity=capacity, unit=str(unit), moq=moq, incoterms=tuple(incoterms))
