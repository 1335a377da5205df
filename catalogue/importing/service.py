"""Import a catalogue file: validate every row of every sheet, then write once, atomically."""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from access.rules import access_by_key
from catalogue.hscodes import dotted
from catalogue.importing.comparison import Decisions, compare_with_database, planned_label
from catalogue.importing.headers import find_header, header_cells, looks_like_table
from catalogue.importing.plan import CREATE, UPDATE, ImportPlan, field_label, merge_records
from catalogue.importing.records import RowRecord
from catalogue.importing.report import ERROR, INFO, WARNING, Change, FieldChange, FileReport
from catalogue.importing.sheet_reader import (
    Progress,
    parse_rows,
    report_layout,
    resolve_name_columns,
)
from catalogue.importing.sources import ReadLimits, UnreadableFile, Workbook, read_workbook
from catalogue.importing.write import write_plan
from catalogue.lib.messages import Message, gettext_noop
from catalogue.lib.normalise import clean_text
from catalogue.models import HSCode, ImportBatch, ImportIssue

# Cells looked through for headers in one file (the first rows and columns of each sheet):
# some twenty-five sheets of a hundred columns; each costs a lookup in the synonym table.
MAX_HEADER_CELLS = 100_000


def read_records(
    workbook: Workbook,
    report: FileReport,
    *,
    sheets: Sequence[str] = (),
    known_codes: dict[str, int],
    progress: Progress | None = None,
) -> list[RowRecord]:
    """Every valid row of every chosen sheet; everything else goes into the report."""
    for note in workbook.notes:
        report.add(INFO, note)
    for warning in workbook.warnings:
        report.add(WARNING, warning)
    names = [s.name for s in workbook.sheets]
    for wanted in sheets:
        if wanted not in names:
            report.add(
                ERROR,
                Message(
                    gettext_noop("No sheet named %(sheet)s; the file has %(sheets)s."),
                    sheet=repr(wanted),
                    sheets=", ".join(map(repr, names)),
                ),
            )
    records: list[RowRecord] = []
    found_header = False
    scan_budget = MAX_HEADER_CELLS
    for sheet in workbook.sheets:
        if sheets and sheet.name not in sheets:
            continue
        if sheet.hidden and not sheets:
            if looks_like_table(sheet.rows):
                message = Message(
                    gettext_noop("A hidden sheet; not read (choose it by name to import it).")
                )
                report.add(WARNING, message, sheet=sheet.name)
            continue
        scan_budget -= header_cells(sheet.rows)
        if scan_budget < 0:
            report.add(
                ERROR,
                Message(
                    gettext_noop(
                        "Not read: the sheets before it hold more cells where a header may be "
                        "than the importer looks through in one file (%(most)s); split the "
                        "file, or choose its sheets."
                    ),
                    most=MAX_HEADER_CELLS,
                ),
                sheet=sheet.name,
            )
            continue
        layout = find_header(sheet.rows, merges=sheet.merges)
        if layout is None:
            # A sheet of notes ("Примечания") is no table and goes unmentioned.
            if looks_like_table(sheet.rows):
                message = Message(gettext_noop("No header row recognised on this sheet; skipped."))
                report.add(INFO, message, sheet=sheet.name)
            continue
        found_header = True
        sheet.fill_merged_down(layout.data_start)
        resolve_name_columns(sheet, layout)
        report_layout(sheet, layout, report)
        records += parse_rows(sheet, layout, report, known_codes, progress)
    if not found_header and not report.errors:
        message = gettext_noop(
            "No sheet has a header row we recognise. The importer looks for columns such as "
            "%(russian)s or %(english)s."
        )
        russian = "'Наименование товара', 'Код ТН ВЭД ЕАЭС', 'Экспортёр'"
        report.add(
            ERROR, Message(message, russian=russian, english="'Product', 'HS Code', 'Company'")
        )
    return records


@dataclass(frozen=True)
class SourceFile:
    name: str
    data: bytes
    progress: Progress | None = None


@dataclass
class CheckedFile:
    """A file read, every row checked and merged into a plan; nothing compared or written."""

    source: SourceFile
    report: FileReport
    plan: ImportPlan
    has_records: bool

    def blocked(self, skip_invalid: bool) -> bool:
        """Errors stop this file: always, or with skip_invalid when no row is valid."""
        return bool(self.report.errors) and not (skip_invalid and self.has_records)


def check_file(
    source: SourceFile, *, sheets: Sequence[str], known_codes: dict[str, int], web: bool = False
) -> CheckedFile:
    say = source.progress or (lambda stage, done=0, total=0: None)
    report = FileReport(clean_text(source.name))
    say(Message(gettext_noop("reading")))
    try:
        workbook = read_workbook(source.data, limits=ReadLimits.from_settings(settings, web=web))
    except UnreadableFile as error:
        report.add(ERROR, error.message)
        workbook = None
    records = (
        read_records(
            workbook, report, sheets=sheets, known_codes=known_codes, progress=source.progress
        )
        if workbook
        else []
    )
    say(Message(gettext_noop("comparing with the catalogue")))
    return CheckedFile(source, report, merge_records(records, report), bool(records))


def import_catalogue_files(
    sources: Sequence[SourceFile],
    *,
    user=None,
    source: str = ImportBatch.Source.COMMAND,
    dry_run: bool = False,
    preview: bool = False,
    skip_invalid: bool = False,
    sheets: Sequence[str] = (),
    batch: ImportBatch | None = None,
    decisions: Decisions | None = None,
    web: bool | None = None,
) -> list[FileReport]:
    """Import files in one transaction: an error in any file stops every write unless
    skip_invalid is set (then each file writes its valid rows).

    dry_run reports what would happen and records nothing; preview records a batch
    awaiting confirmation (its issues kept) and writes no catalogue data; a preview whose
    errors are all in rows, beside valid ones, awaits the choice to import the valid rows.
    batch is the preview being confirmed, for a single file, and decisions the official's
    for its products that are possibly the same as stored ones (comparison.possible_token).
    web says the file is read while an official waits on a page, within the web's limits (by
    default for an admin upload; a worker reads it within the command's).
    """
    known_codes = dict(HSCode.objects.values_list("code", "section_id"))
    web = source == ImportBatch.Source.ADMIN if web is None else web
    checked = [check_file(s, sheets=sheets, known_codes=known_codes, web=web) for s in sources]
    stopping = [] if skip_invalid else [c.report.file_name for c in checked if c.report.errors]
    with transaction.atomic():
        if batch is not None and not _still_ours(batch):
            raise BatchTaken
        for file in checked:
            compare_with_database(file.plan, file.report, decisions=decisions)
            _flag_prohibited(file.plan, file.report)
            file.report.close()
            if dry_run:
                _tally_plan(file.plan, file.report, list_created=True)
                continue
            blocked = file.blocked(skip_invalid) or bool(stopping)
            if blocked and not file.report.errors:
                message = gettext_noop(
                    "Not written: errors in %(files)s stop every file of this import (or import "
                    "the valid rows of each with skip-invalid)."
                )
                file.report.add(WARNING, Message(message, files=", ".join(stopping)))
            # Errors in this file's rows alone: its preview may import the other rows.
            skippable = not file.blocked(skip_invalid=True) and not any(
                other.report.errors for other in checked if other is not file
            )
            status = _final_status(blocked, preview, skippable=skippable)
            batch = _start_batch(batch, file, source, status, skip_invalid, user)
            if status == ImportBatch.Status.APPLIED:
                file.report.written = _write(file, batch, user)
            _tally_plan(file.plan, file.report, list_created=status == ImportBatch.Status.PREVIEW)
            _finish_batch(batch, file.report)
            batch = None
    return [file.report for file in checked]


def import_catalogue_file(
    *, data: bytes, file_name: str, progress: Progress | None = None, **options
) -> FileReport:
    """Import one file; options as for import_catalogue_files."""
    (report,) = import_catalogue_files([SourceFile(file_name, data, progress)], **options)
    return report


class BatchTaken(Exception):
    """The batch being confirmed was written, or cancelled, by someone else meanwhile."""


def _still_ours(batch: ImportBatch) -> bool:
    """Whether the batch still awaits this confirmation, read under a lock (inside the
    import's transaction), so that of two runs confirming it only one writes."""
    status = (
        ImportBatch.objects.select_for_update()
        .filter(pk=batch.pk)
        .values_list("status", flat=True)
        .first()
    )
    return status in (ImportBatch.Status.PREVIEW, ImportBatch.Status.CONFIRMING)


def _write(file: CheckedFile, batch: ImportBatch, user) -> bool:
    """Write the file's plan, or nothing of it when the database refuses a row the
    comparison let through (a bug, reported as an error rather than a failed page)."""
    try:
        with transaction.atomic():
            write_plan(file.plan, batch=batch, user=user, progress=file.source.progress)
    except IntegrityError as error:
        message = gettext_noop(
            "Not written: two rows of this file are one product, exporter or offer of the "
            "catalogue in a way the import could not merge (%(error)s). Nothing was changed."
        )
        file.report.add(ERROR, Message(message, error=str(error)))
        batch.status = ImportBatch.Status.REJECTED
        return False
    return True


def _final_status(blocked: bool, preview: bool, *, skippable: bool = False) -> str:
    if preview and (not blocked or skippable):
        return ImportBatch.Status.PREVIEW
    return ImportBatch.Status.REJECTED if blocked else ImportBatch.Status.APPLIED


_PROHIBITED = gettext_noop(
    "On Nigeria's import prohibition list for trade: %(item)s. Published, it shows buyers the "
    "notice and asks them to acknowledge it; unpublish it or describe what may be imported "
    "instead."
)
_PROHIBITED_WITH_CONDITIONS = gettext_noop(
    "On Nigeria's import prohibition list for trade: %(item)s. Conditions: %(conditions)s. "
    "Published, it shows buyers the notice and asks them to acknowledge it; unpublish it or "
    "describe what may be imported instead."
)


def _flag_prohibited(plan: ImportPlan, report: FileReport) -> None:
    """A warning on each product of the file that Nigeria's prohibition list covers, so
    officials see it before buyers do."""
    access = access_by_key({key: item.codes for key, item in plan.categories.items()})
    for key, item in plan.categories.items():
        for rule in access[key].prohibitions:
            code = next(code for code in item.codes if rule.covers(code))
            report.add(
                WARNING,
                Message(_PROHIBITED_WITH_CONDITIONS, item=rule.item, conditions=rule.conditions)
                if rule.conditions
                else Message(_PROHIBITED, item=rule.item),
                sheet=item.sheet,
                row=item.first_row,
                column=item.code_column,
                value=dotted(code),
            )


def _tally_plan(plan: ImportPlan, report: FileReport, *, list_created: bool = False) -> None:
    """Count the actions; list every update (old → new), and what is created if asked."""
    for kind, planned, tally in (
        ("category", plan.categories, report.categories),
        ("exporter", plan.exporters, report.exporters),
        ("offer", plan.offers, report.offers),
    ):
        for key, item in planned.items():
            tally.add(item.action)
            if item.action == UPDATE:
                fields = tuple(
                    FieldChange(_field_label(kind, name), old, new)
                    for name, (old, new) in item.changes.items()
                )
            elif list_created and item.action == CREATE:
                values = dict(item.values)
                if kind == "category":
                    values["codes"] = ", ".join(map(dotted, item.codes))
                fields = tuple(
                    FieldChange(_field_label(kind, name), None, value, created=True)
                    for name, value in values.items()
                    if value not in ("", None, ())
                )
            else:
                continue
            label = _label(plan, kind, key)
            report.changes.append(
                Change(kind, item.action, label, item.sheet, item.first_row, fields)
            )


def _field_label(kind: str, name: str) -> Message:
    if name == "name" and kind != "category":
        return Message(gettext_noop("company name"))
    return field_label(name)


def _label(plan: ImportPlan, kind: str, key) -> str:
    if kind == "category":
        label = planned_label(plan.categories[key], key[0])
        same_as = plan.same_as.get(key)
        return (
            Message(gettext_noop("%(label)s, as %(same_as)s"), label=label, same_as=same_as)
            if same_as
            else label
        )
    if kind == "exporter":
        return str(plan.exporters[key].values["name"])
    category_key, exporter_key = key
    exporter, category = (
        _label(plan, "exporter", exporter_key),
        _label(plan, "category", category_key),
    )
    return Message("%(exporter)s → %(category)s", exporter=exporter, category=category)


def _start_batch(
    batch: ImportBatch | None, file: CheckedFile, source: str, status: str, skip_invalid, user
) -> ImportBatch:
    if batch is None:
        run_by = user.get_username() if user else f"{getpass.getuser()} (command line)"
        batch = ImportBatch(
            file_name=file.report.file_name[:255], source=source, created_by=user, run_by=run_by
        )
    batch.checksum = hashlib.sha256(file.source.data).hexdigest()
    batch.size, batch.status, batch.skip_invalid = len(file.source.data), status, skip_invalid
    batch.save()
    return batch


def _finish_batch(batch: ImportBatch, report: FileReport) -> None:
    for action in ("created", "updated", "unchanged"):
        setattr(batch, action, report.total(action))
    batch.skipped = report.skipped
    batch.finished_at = timezone.now()
    batch.save()
    # The batch's stored report is its last run's: a confirmation replaces the preview's.
    batch.issues.all().delete()
    updates = [change.note() for change in report.changes if change.action == UPDATE]
    ImportIssue.objects.bulk_create(
        [
            ImportIssue(
                batch=batch,
                level=i.level,
                sheet=i.sheet[:100],
                row=i.row,
                column=i.column[:100],
                value=i.value,
                message=i.message,
                message_data=i.message.as_data() if isinstance(i.message, Message) else None,
            )
            for i in [*report.issues, *updates]
        ],
        batch_size=1000,
    )
    report.batch_id = batch.pk
