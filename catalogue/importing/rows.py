"""Turn the data rows of a sheet into catalogue records, collecting every issue. Pure.

Blank rows, section rows ("I. Сельское хозяйство", merged across the sheet)
and notes below the data ("Источник: ...") are skipped. Every issue carries
the sheet, the row as Excel numbers it (or the CSV line), the column letter
with its header, and the value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from catalogue.hscodes import CodeError, check_known, dotted, normalise_hs_code
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
from catalogue.lib.normalise import name_key

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


def resolve_name_columns(sheet: Sheet, layout: HeaderLayout) -> None:
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


Problem = tuple[str, str, str]  # level, field, message
# progress(stage, done, total): what the importer is doing, for a progress bar.
Progress = Callable[..., None]
PROGRESS_EVERY = 5000


class SheetReader:
    """Reads the data rows of one sheet column by column.

    Big lists repeat the same exporters, regions and quantities on many rows,
    so each distinct combination of cells is parsed once; its problems are
    replayed on every row that has it.
    """

    def __init__(
        self,
        sheet: Sheet,
        layout: HeaderLayout,
        report: FileReport,
        known_codes: Mapping[str, object],
        progress: Progress | None = None,
    ):
        self.sheet, self.layout, self.report, self.known_codes = sheet, layout, report, known_codes
        self.progress = progress
        self.data = sheet.rows[layout.data_start :]
        self.columns = {field_name: column for column, field_name in layout.columns.items()}
        self.texts = {f: self._column_texts(c) for f, c in self.columns.items()}
        self.capacity_unit = self._header_unit("capacity")
        self.moq_unit = self._header_unit("moq")
        self.code_formats = self._code_formats()
        self._memo: dict[tuple, tuple[object, list[Problem]]] = {}
        self._failed = False

    def _column_texts(self, column: int) -> list[str]:
        seen: dict[object, str] = {}
        texts = []
        for row in self.data:
            value = row[column] if column < len(row) else ""
            if value == "" or value is None:
                texts.append("")
                continue
            # 1, 1.0 and True are equal as keys; text is never equal to them.
            key = value if type(value) is str else (type(value), value)
            text = seen.get(key)
            if text is None:
                text = seen[key] = cell_text(value)
            texts.append(text)
        return texts

    def _header_unit(self, field_name: str) -> tuple[str, int]:
        column = self.columns.get(field_name)
        return unit_and_scale(self.layout.headers[column]) if column is not None else ("", 1)

    def _code_formats(self) -> dict[int, str]:
        column = self.columns.get("code")
        if column is None:
            return {}
        numeric = any(
            isinstance(r[column], int | float) and not isinstance(r[column], bool)
            for r in self.data
            if column < len(r)
        )
        return self.sheet.number_formats(column) if numeric else {}

    def raw(self, field_name: str, i: int) -> object:
        column = self.columns.get(field_name)
        if column is None or column >= len(self.data[i]):
            return ""
        return self.data[i][column]

    def text(self, field_name: str, i: int) -> str:
        texts = self.texts.get(field_name)
        return texts[i] if texts else ""

    def column_label(self, field_name: str) -> str:
        column = self.columns.get(field_name)
        return "" if column is None else f"{column_letter(column)} ({self.layout.headers[column]})"

    def issue(self, level: str, field_name: str, i: int, message: str) -> None:
        if level == ERROR:
            self._failed = True
        self.report.add(
            level,
            message,
            sheet=self.sheet.name,
            row=self.sheet.row_number(self.layout.data_start + i),
            column=self.column_label(field_name),
            value=self.text(field_name, i)[:200],
        )

    def once(self, key: tuple, i: int, parse):
        """parse() → (value, problems), computed once per key; problems reported for row i."""
        known = self._memo.get(key)
        if known is None:
            known = self._memo[key] = parse()
        value, problems = known
        for level, field_name, message in problems:
            self.issue(level, field_name, i, message)
        return value

    @cached_property
    def numbered_share(self) -> float:
        """Share of rows with a code that also carry a serial number (№ п/п)."""
        numbers, codes = self.texts.get("number"), self.texts.get("code")
        if numbers is None or codes is None:
            return 0.0
        coded = [number for number, code in zip(numbers, codes, strict=True) if code]
        return sum(1 for n in coded if n) / len(coded) if coded else 0.0

    def _is_unnumbered_heading(self, i: int, cells: list[object]) -> bool:
        """A lone name without the serial number that nearly every other row has."""
        filled = {cell_text(c) for c in cells} - {""}
        return len(filled) == 1 and not self.text("number", i) and self.numbered_share >= 0.8

    def records(self) -> list[RowRecord]:
        """Every valid data row as a record; invalid rows are reported and counted as skipped."""
        blank = [""] * len(self.data)
        names_en, names_ru, descriptions = (
            self.texts.get(f, blank) for f in ("name_en", "name_ru", "description")
        )
        exporters = zip(*(self.texts.get(f, blank) for f in EXPORTER_FIELDS), strict=False)
        offers = zip(*(self.texts.get(f, blank) for f in OFFER_FIELDS), strict=False)
        records = []
        for i, (cells, name_en, name_ru, description, exporter_cells, offer_cells) in enumerate(
            zip(self.data, names_en, names_ru, descriptions, exporters, offers, strict=False)
        ):
            if self.progress and i % PROGRESS_EVERY == 0:
                self.progress(f"checking sheet {self.sheet.name}".strip(), i, len(self.data))
            if all(c == "" or c is None for c in cells):
                continue
            self._failed = False
            record = self._record(
                i, cells, name_en, name_ru, description, exporter_cells, offer_cells
            )
            if self._failed:
                self.report.skipped += 1
            elif record is not None:
                records.append(record)
        return records

    def _record(
        self,
        i: int,
        cells: list[object],
        name_en: str,
        name_ru: str,
        description: str,
        exporter_cells: tuple[str, ...],
        offer_cells: tuple[str, ...],
    ) -> RowRecord | None:
        raw_code = self.raw("code", i)
        has_offer_data = any(exporter_cells[:2]) or any(offer_cells[:2]) or offer_cells[3]
        if not (name_en or name_ru or raw_code not in ("", None)):
            if has_offer_data:
                name_field = "name_en" if "name_en" in self.columns else "name_ru"
                self.issue(
                    ERROR, name_field, i, "This row has data but no product name and no code."
                )
            return None
        if (
            raw_code in ("", None)
            and not has_offer_data
            and _is_section_or_note(cells, name_en, name_ru)
        ):
            return None
        if raw_code in ("", None) and not has_offer_data and self._is_unnumbered_heading(i, cells):
            self.issue(
                INFO,
                "name_en" if name_en else "name_ru",
                i,
                "Read as a section heading: no number, code or exporter, unlike the other rows.",
            )
            return None
        row_number = self.sheet.row_number(self.layout.data_start + i)
        record = RowRecord(self.sheet.name, row_number, name_en or name_ru, name_ru, description)
        if len(name_en) > MAX_NAME or len(name_ru) > MAX_NAME or len(description) > MAX_TEXT:
            for field_name, value, limit in (
                ("name_en", name_en, MAX_NAME),
                ("name_ru", name_ru, MAX_NAME),
                ("description", description, MAX_TEXT),
            ):
                if len(value) > limit:
                    self.issue(ERROR, field_name, i, f"Longer than {limit} characters.")
        code_format = self.code_formats.get(self.layout.data_start + i)
        record.code = self.once(
            ("code", type(raw_code), raw_code, code_format),
            i,
            lambda: _read_code(raw_code, code_format, self.known_codes),
        )
        if not record.name:
            record.name = f"HS {dotted(record.code)}" if record.code else ""
            self.issue(WARNING, "code", i, "No product name; the HS description will have to do.")
        raw_bin = self.raw("bin", i)
        record.exporter = self.once(
            ("exporter", exporter_cells, isinstance(raw_bin, str)),
            i,
            lambda: _read_exporter(exporter_cells, raw_bin),
        )
        has_exporter = record.exporter is not None
        record.offer = self.once(
            ("offer", offer_cells, has_exporter),
            i,
            lambda: _read_offer(offer_cells, has_exporter, self.capacity_unit, self.moq_unit),
        )
        return record


def parse_rows(
    sheet: Sheet,
    layout: HeaderLayout,
    report: FileReport,
    known_codes: Mapping[str, object],
    progress: Progress | None = None,
) -> list[RowRecord]:
    """Read every data row below the header; invalid rows are reported and left out."""
    return SheetReader(sheet, layout, report, known_codes, progress).records()


def _is_section_or_note(cells: list[object], name_en: str, name_ru: str) -> bool:
    filled = {cell_text(c) for c in cells} - {""}
    if len(filled) != 1:
        return False
    (text,) = filled
    return text not in (name_en, name_ru) or bool(_SECTION.match(text) or _NOTE.match(text))


def _read_code(raw: object, number_format: str | None, known: Mapping[str, object]):
    if cell_text(raw) == "":
        return "", [
            (
                WARNING,
                "code",
                "No HS code: the product needs one before buyers can find it by code.",
            )
        ]
    try:
        reading = normalise_hs_code(raw.strip() if isinstance(raw, str) else raw, number_format)
        check_known(reading, known)
    except CodeError as error:
        return "", [(ERROR, "code", f"Not a usable HS code: {error}.")]
    problems = []
    if reading.is_heading:
        problems.append(
            (WARNING, "code", f"Only the 4-digit heading {reading.code}; "
             "choose the 6-digit subheading when you can.")
        )  # fmt: skip
    return reading.code, problems


EXPORTER_FIELDS = ("exporter", "bin", "region", "website", "contact", "certifications")


def _read_exporter(cells: tuple[str, ...], raw_bin: object):
    name, bin_text, region_text, website_text, contact_text, certification_text = cells
    problems: list[Problem] = []
    if not name:
        if bin_text:
            problems.append(
                (ERROR, "bin", "A BIN without an exporter name; give the company's name too.")
            )
        return None, problems
    if len(name) > MAX_NAME:
        problems.append((ERROR, "exporter", f"Longer than {MAX_NAME} characters."))
    long_cells = [
        field_name
        for field_name, text in zip(EXPORTER_FIELDS[2:], cells[2:], strict=True)
        if len(text) > MAX_TEXT
    ]
    if long_cells:
        for field_name in long_cells:
            problems.append((ERROR, field_name, f"Longer than {MAX_TEXT} characters."))
        return None, problems
    bin_value = ""
    if bin_text:
        try:
            bin_value = parse_bin(raw_bin)
        except ValueError as error:
            problems.append((ERROR, "bin", f"Not a BIN: {error}."))
    region = ""
    if region_text:
        try:
            region = normalise_region(region_text)
        except ValueError:
            problems.append((WARNING, "region", "Not a region of Kazakhstan we know; left blank."))
    contact = parse_contact(contact_text)
    website = contact.website
    if website_text:
        try:
            website = normalise_website(website_text)
        except ValueError:
            problems.append((WARNING, "website", "Not a web address; left blank."))
    certifications, unknown = parse_certifications(certification_text)
    for piece in unknown:
        problems.append(
            (WARNING, "certifications", f"Certification {piece!r} is not one we know; ignored.")
        )
    record = ExporterRecord(
        name=name,
        bin=bin_value,
        region=region,
        website=website[:200],
        email=contact.email[:254],
        phone=contact.phone[:40],
        contact_name=contact.name[:200],
        certifications=tuple(certifications),
    )
    return record, problems


OFFER_FIELDS = ("capacity", "moq", "unit", "incoterms")


def _read_quantity(
    value: object, field_name: str, header_unit: tuple[str, int], problems: list[Problem]
):
    if cell_text(value) == "":
        return None, ""
    unit_name, scale = header_unit
    try:
        number, unit = parse_quantity(value, scale)
    except ValueError as error:
        problems.append((ERROR, field_name, f"Not a quantity: {error}."))
        return None, ""
    return number, unit or unit_name


def _read_offer(cells: tuple[str, ...], has_exporter: bool, capacity_unit, moq_unit):
    capacity_text, moq_text, unit_text, incoterms_text = cells
    problems: list[Problem] = []
    capacity, unit_a = _read_quantity(capacity_text, "capacity", capacity_unit, problems)
    moq, unit_b = _read_quantity(moq_text, "moq", moq_unit, problems)
    unit = ""
    if unit_text:
        try:
            unit = normalise_unit(unit_text)
        except ValueError as error:
            problems.append((ERROR, "unit", f"Not a unit: {error}."))
    unit = unit or unit_a or unit_b
    incoterms: list[str] = []
    if incoterms_text:
        incoterms, _ = parse_incoterms(incoterms_text)
        if not incoterms:
            problems.append(
                (
                    WARNING,
                    "incoterms",
                    "No Incoterms rule (EXW, FCA, CPT, DAP, FOB, CIF...) found; ignored.",
                )
            )
    if not has_exporter:
        if capacity is not None or moq is not None or incoterms:
            where = "capacity" if capacity is not None else "incoterms"
            problems.append((WARNING, where, "Offer details without an exporter; ignored."))
        return None, problems
    return OfferRecord(
        capacity=capacity, unit=str(unit), moq=moq, incoterms=tuple(incoterms)
    ), problems
