"""Read the data rows of a sheet into catalogue records, collecting every issue. Pure.

Blank rows, section rows ("I. Сельское хозяйство", merged across the sheet)
and notes below the data ("Источник: ...") are skipped. Every issue carries
the sheet, the row as Excel numbers it (or the CSV line), the column letter
with its header, and the value. What the cells of a row mean is records.py's
job; this module finds them and says where each problem is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cached_property, partial

from catalogue.hscodes import dotted
from catalogue.importing.headers import (
    DESCRIPTION_IN,
    MARKERS,
    PLAIN,
    HeaderLayout,
    column_letter,
    header_words,
)
from catalogue.importing.plan import field_label
from catalogue.importing.records import (
    ExporterCells,
    NameCells,
    OfferCells,
    Problem,
    RowRecord,
    blank_non_names,
    name_problems,
    read_codes,
    read_exporter,
    read_names,
    read_offer,
)
from catalogue.importing.report import ERROR, INFO, WARNING, FileReport
from catalogue.importing.sources import Sheet
from catalogue.importing.values import cell_text, is_no_data, name_language, unit_and_scale
from catalogue.lib.messages import Message, gettext_noop

_SECTION = re.compile(
    r"^\s*([IVXLC]+[.)]\s|\d{1,2}[.)]\s+\D|(раздел|section|группа|group|глава|chapter|бөлім)\b)",
    re.I,
)
# A note below the data: a footnote mark, a word that only notes use, or a word that
# could begin a product's name ("Dates, dried", "Total 5W-40 motor oil") followed by what
# only a note has (a colon, numbers alone, nothing). Linear: no two parts match spaces.
_NOTE_WORDS = (
    r"(источник|источники|source|sources|note|notes|итого|всего|итог|total|барлығы|дата|date"
    r"|дата составления|дата заполнения|подпись|signature)"
)
_NOTE = re.compile(
    r"^\s*(\*|(подготовлено|составлено|примечани[ея]|ескертпе|дереккөз|исполнитель)\b|"
    + _NOTE_WORDS
    + r"(\s*:|[\d\s.,]*$))",
    re.I,
)
# A row of totals, whatever else it holds: "Итого" with the sums beside it.
_TOTAL = re.compile(r"^\s*(итого|всего|итог|total|барлығы|жиыны)(\s*:|[\d\s.,]*$)", re.I)

# progress(stage, done, total): what the importer is doing (a report.Message), for a
# progress bar.
Progress = Callable[..., None]
PROGRESS_EVERY = 5000


# Columns where a dash or "н/д" is not "no data" but what the file says: a product named
# "-" or a code "-" is reported as it always was.
_MARKS_KEPT = frozenset(["name", "name_en", "name_ru", "name_kk", "code"])
# When a plain name column's language is taken by another column, the one it falls back on.

_NEXT_LANGUAGE = {"name_en": "name_ru", "name_ru": "name_en", "name_kk": "name_ru"}


def _names_the_country(header: str) -> bool:
    """'Product of Kazakhstan': the country, not the Kazakh language."""
    words = header_words(header)
    country = any(w.startswith(("казахстан", "қазақстан", "kazakhstan")) for w in words)
    language = any(
        w in ("каз", "kaz", "kk", "kazakh", "қазақ") or w.startswith(("казахск", "қазақша"))
        for w in words
    )
    return country and not language


def _language_of(values: list[str]) -> str:
    """The language most of a column's names are written in."""
    languages = [name_language(v) for v in values]
    cyrillic = len(languages) - languages.count("name_en")
    if not values or cyrillic * 2 < len(values):
        return "name_en"
    return "name_kk" if languages.count("name_kk") * 2 >= cyrillic else "name_ru"


# The field of each language a plain column may hold: by the languages name_language tells.
_IN_LANGUAGE = {"name": {language: language for language in MARKERS}, "description": DESCRIPTION_IN}
# A "Kazakh" column whose header may speak of the country instead, and the plain one it is.
_COUNTRY_OR_LANGUAGE = {"name_kk": "name", "description_kk": "description"}


def resolve_name_columns(sheet: Sheet, layout: HeaderLayout) -> None:
    """A plain 'Name' column holds English, Russian or Kazakh names, a plain 'Описание'
    column descriptions; its contents decide which. So does a 'Kazakh' one whose header
    speaks of the country ('made in Kazakhstan')."""
    for column, field_name in list(layout.columns.items()):
        if field_name in _COUNTRY_OR_LANGUAGE and _names_the_country(layout.headers[column]):
            field_name = layout.columns[column] = _COUNTRY_OR_LANGUAGE[field_name]
        if field_name not in PLAIN:
            continue
        fields = _IN_LANGUAGE[field_name]
        values = [cell_text(r[column]) for r in sheet.rows[layout.data_start :] if column < len(r)]
        language = _language_of([v for v in values if v and not is_no_data(v)])
        taken = {f for f in layout.columns.values() if f not in PLAIN}
        if fields[language] in taken:
            language = _NEXT_LANGUAGE[language]
            language = language if fields[language] not in taken else None
        if language is None:
            del layout.columns[column]
            layout.repeated[column] = field_name
        else:
            layout.columns[column] = fields[language]


def _column_field(field_name: str) -> Message:
    # A plain name column is not the English name it means in the plan.
    return (
        Message(gettext_noop("product name")) if field_name == "name" else field_label(field_name)
    )


def report_layout(sheet: Sheet, layout: HeaderLayout, report: FileReport) -> None:
    data = sheet.rows[layout.data_start :]
    for column, header in layout.unknown.items():
        # Data the import leaves out is for the official to see.
        has_data = any(column < len(row) and cell_text(row[column]) for row in data)
        report.add(
            WARNING if has_data else INFO,
            Message(gettext_noop("Column not recognised; its data is not imported."))
            if has_data
            else Message(gettext_noop("Column not recognised; ignored.")),
            sheet=sheet.name,
            row=sheet.row_number(layout.row_index),
            column=f"{column_letter(column)} ({header})",
        )
    for column, field_name in layout.repeated.items():
        report.add(
            WARNING,
            Message(
                gettext_noop("A second column for %(field)s; only the first is read."),
                field=_column_field(field_name),
            ),
            sheet=sheet.name,
            row=sheet.row_number(layout.row_index),
            column=f"{column_letter(column)} ({layout.headers[column]})",
        )


def parse_rows(
    sheet: Sheet,
    layout: HeaderLayout,
    report: FileReport,
    known_codes: Mapping[str, object],
    progress: Progress | None = None,
) -> list[RowRecord]:
    """Read every data row below the header; invalid rows are reported and left out."""
    return SheetReader(sheet, layout, report, known_codes, progress).records()


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
        self.texts = {
            f: self._column_texts(c, blank_marks=f not in _MARKS_KEPT)
            for f, c in self.columns.items()
        }
        # The cells themselves where a number or a text says more than the text shown.
        self.raw_codes, self.raw_bins = self._column_cells("code"), self._column_cells("bin")
        self.read_offer = partial(
            read_offer,
            capacity_unit=self._header_unit("capacity"),
            moq_unit=self._header_unit("moq"),
        )
        self.code_formats = self._code_formats()
        self._memo: dict[tuple, tuple[object, list[Problem]]] = {}
        self._failed = False

    def _column_texts(self, column: int, *, blank_marks: bool) -> list[str]:
        """Each row's cell of this column as text; the hottest loop of an import.

        With blank_marks, a cell that only says there is no data ('-', 'н/д') is blank."""
        seen: dict[object, str] = {"": "", None: ""}
        texts: list[str] = []
        append, known = texts.append, seen.get
        for row in self.data:
            value = row[column] if column < len(row) else ""
            # 1, 1.0 and True are equal as keys; text is never equal to them.
            key = value if type(value) is str or value is None else (type(value), value)
            text = known(key)
            if text is None:
                text = cell_text(value)
                if blank_marks and is_no_data(text):
                    text = ""
                seen[key] = text
            append(text)
        return texts

    def _column_cells(self, field_name: str) -> list[object]:
        column = self.columns.get(field_name)
        if column is None:
            return [""] * len(self.data)
        return [row[column] if column < len(row) else "" for row in self.data]

    def _header_unit(self, field_name: str) -> tuple[str, int]:
        column = self.columns.get(field_name)
        if column is None:
            return "", 1
        # The lowest header cell that names a unit decides: "Объём, тыс. т / мин. партия, кг"
        # is in kilograms.
        label = self.layout.headers[column]
        for part in reversed(label.split(" / ")):
            unit, scale = unit_and_scale(part)
            if unit:
                return unit, scale
        return unit_and_scale(label)

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

    def _cells(self, group):
        """One group of cells (NameCells, ExporterCells...) for each row, by field name."""
        blank = [""] * len(self.data)
        columns = zip(*(self.texts.get(f, blank) for f in group._fields), strict=True)
        return map(partial(tuple.__new__, group), columns)  # group._make, without its frame

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

    def once(self, key: tuple, i: int, parse, *args):
        """parse(*args) → (value, problems), computed once per key; problems reported for row i."""
        known = self._memo.get(key)
        if known is None:
            known = self._memo[key] = parse(*args)
        value, problems = known
        for problem in problems:
            self.issue(problem.level, problem.field, i, problem.message)
        return value

    @cached_property
    def numbered_share(self) -> float:
        """Share of rows with a code that also carry a serial number (№ п/п)."""
        numbers, codes = self.texts.get("number"), self.texts.get("code")
        if numbers is None or codes is None:
            return 0.0
        coded = [number for number, code in zip(numbers, codes, strict=True) if code]
        return sum(1 for n in coded if n) / len(coded) if coded else 0.0

    def _is_unnumbered_heading(self, i: int, cells: list[object], names: NameCells) -> bool:
        """A lone name without the serial number that nearly every other row has."""
        filled = _filled(cells, names)
        return len(filled) == 1 and not self.text("number", i) and self.numbered_share >= 0.8

    def records(self) -> list[RowRecord]:
        """Every valid data row as a record; invalid rows are reported and counted as skipped."""
        rows = zip(
            self.data,
            self._cells(NameCells),
            self._cells(ExporterCells),
            self._cells(OfferCells),
            strict=True,
        )
        records = []
        for i, (cells, names, exporter, offer) in enumerate(rows):
            if self.progress and i % PROGRESS_EVERY == 0:
                stage = (
                    Message(gettext_noop("checking sheet %(sheet)s"), sheet=self.sheet.name)
                    if self.sheet.name
                    else Message(gettext_noop("checking the file"))
                )
                self.progress(stage, i, len(self.data))
            self._failed = False
            if self.sheet.errors:
                self._formula_errors(i)
            if cells.count("") + cells.count(None) == len(cells):  # a blank row, counted in C
                self.report.skipped += self._failed
                continue
            record = self._record(i, cells, names, exporter, offer)
            if self._failed:
                self.report.skipped += 1
            elif record is not None:
                records.append(record)
        return records

    def _formula_errors(self, i: int) -> None:
        """A cell showing "#N/A" holds no value the importer could take for blank."""
        index = self.layout.data_start + i
        for column, field_name in self.layout.columns.items():
            if shown := self.sheet.errors.get((index, column)):
                message = Message(
                    gettext_noop(
                        "The cell shows the formula error %(error)s: fix the formula, or type "
                        "the value, and save the file again."
                    ),
                    error=shown,
                )
                self.issue(ERROR, field_name, i, message)

    def _record(
        self,
        i: int,
        cells: list[object],
        names: NameCells,
        exporter_cells: ExporterCells,
        offer_cells: OfferCells,
    ) -> RowRecord | None:
        names, problems = blank_non_names(names)
        for problem in problems:
            self.issue(problem.level, problem.field, i, problem.message)
        raw_code = self.raw_codes[i]
        has_code = raw_code not in ("", None)
        has_offer_data = exporter_cells.has_data or offer_cells.has_data
        if not has_code and any(_TOTAL.match(text) for text in _filled(cells, names)):
            message = Message(gettext_noop("Read as a row of totals."))
            self.issue(INFO, _name_field(names) or "number", i, message)
            return None
        if not (names.name_en or names.name_ru or names.name_kk or has_code):
            if has_offer_data:
                name_field = next(
                    (f for f in ("name_en", "name_ru", "name_kk") if f in self.columns), "name_en"
                )
                message = Message(
                    gettext_noop("This row has data but no product name and no code.")
                )
                self.issue(ERROR, name_field, i, message)
            return None
        if not (has_code or has_offer_data) and self._is_heading(i, cells, names):
            return None
        for problem in name_problems(names):
            self.issue(problem.level, problem.field, i, problem.message)
        names, problems = read_names(names)
        for problem in problems:
            self.issue(problem.level, problem.field, i, problem.message)
        row_number = self.sheet.row_number(self.layout.data_start + i)
        record = RowRecord(
            sheet=self.sheet.name,
            row=row_number,
            name=names.name_en or names.name_ru or names.name_kk,
            name_en=names.name_en,
            name_ru=names.name_ru,
            name_kk=names.name_kk,
            description=names.description,
            description_ru=names.description_ru,
            description_kk=names.description_kk,
        )
        code_format = self.code_formats.get(self.layout.data_start + i)
        code_key = ("code", type(raw_code), raw_code, code_format)
        record.codes = self.once(code_key, i, read_codes, raw_code, code_format, self.known_codes)
        record.code_column = self.column_label("code")
        if not record.name:
            record.name = f"HS {dotted(record.code)}" if record.code else ""
            message = Message(gettext_noop("No product name; the HS description will have to do."))
            self.issue(WARNING, "code", i, message)
        raw_bin = self.raw_bins[i]
        exporter_key = ("exporter", exporter_cells, isinstance(raw_bin, str))
        record.exporter = self.once(exporter_key, i, read_exporter, exporter_cells, raw_bin)
        has_exporter = record.exporter is not None
        offer_key = ("offer", offer_cells, has_exporter)
        record.offer = self.once(offer_key, i, self.read_offer, offer_cells, has_exporter)
        return record

    def _is_heading(self, i: int, cells: list[object], names: NameCells) -> bool:
        """A section row, a note below the data, or a heading without a serial number."""
        if _is_section_or_note(cells, names):
            if name_field := _name_field(names):
                text = getattr(names, name_field)
                if _NOTE.match(text) and not _SECTION.match(text):
                    message = Message(
                        gettext_noop("Read as a note below the table, not a product.")
                    )
                    self.issue(INFO, name_field, i, message)
            return True
        if self._is_unnumbered_heading(i, cells, names):
            message = Message(
                gettext_noop(
                    "Read as a section heading: no number, code or exporter, unlike the other rows."
                )
            )
            self.issue(INFO, _name_field(names), i, message)
            return True
        return False


def _name_field(names: NameCells) -> str | None:
    return next((f for f in ("name_en", "name_ru", "name_kk") if getattr(names, f)), None)


def _filled(cells: list[object], names: NameCells) -> set[str]:
    """The texts of a row's filled cells; a dash or "н/д" fills nothing but a name."""
    return {
        text
        for text in map(cell_text, cells)
        if text and (text in (names.name_en, names.name_ru, names.name_kk) or not is_no_data(text))
    }


def _is_section_or_note(cells: list[object], names: NameCells) -> bool:
    filled = _filled(cells, names)
    if len(filled) != 1:
        return False
    (text,) = filled
    return text not in (names.name_en, names.name_ru, names.name_kk) or bool(
        _SECTION.match(text) or _NOTE.match(text)
    )
