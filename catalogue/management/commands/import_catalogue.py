import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalogue.importing.report import ERROR, INFO, WARNING, FileReport
from catalogue.importing.service import SourceFile, import_catalogue_files
from catalogue.jobs import start_file_import
from catalogue.lib.shown_messages import shown
from catalogue.models import ImportBatch, ImportIssue
from jobs.shown import page_url

# What a person reads is in the active language (LANGUAGE_CODE, or as the caller sets it);
# --json is for programs and stays in English.
_LEVELS = dict(ImportIssue.Level.choices)


class Command(BaseCommand):
    help = (
        "Import product categories, exporters and offers from spreadsheets (xlsx, xls, ods, csv). "
        "Every row of every file is checked first; any error stops every write, in every "
        "file, unless --skip-invalid is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Write the valid rows and report the rest."
        )
        parser.add_argument(
            "--sheet",
            action="append",
            default=[],
            metavar="NAME",
            help="Import only this sheet (repeatable).",
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object on stdout.")
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the import for a worker and return at once; follow it in the admin's "
            "background jobs.",
        )

    def handle(self, *args, **options):
        sources = []
        for path in options["files"]:
            try:
                data = path.read_bytes()
            except OSError as error:
                raise CommandError(
                    _("%(path)s: cannot read the file: %(error)s.")
                    % {"path": path, "error": error.strerror}
                ) from None
            sources.append(SourceFile(path.name, data, self._progress(path, options)))
        if options["background"]:
            job = start_file_import(
                sources,
                dry_run=options["dry_run"],
                skip_invalid=options["skip_invalid"],
                sheets=options["sheet"],
            )
            queued = _("Queued as job %(job)s: %(link)s")
            self.stdout.write(queued % {"job": job.pk, "link": page_url(job)})
            return
        reports = import_catalogue_files(
            sources,
            source=ImportBatch.Source.COMMAND,
            dry_run=options["dry_run"],
            skip_invalid=options["skip_invalid"],
            sheets=options["sheet"],
        )
        if options["json"]:
            self.stdout.write(
                json.dumps({"files": [r.as_dict() for r in reports]}, ensure_ascii=False)
            )
        else:
            for report in reports:
                self._print(report, options)
        if any(r.errors and not r.written for r in reports):
            sys.exit(1)

    def _progress(self, path, options):
        if options["json"] or not sys.stderr.isatty():
            return None

        def show(stage: str, done: int = 0, total: int = 0) -> None:
            bar = ""
            if total:
                filled = 30 * done // total
                rows = _("%(done)s/%(total)s rows") % {"done": f"{done:,}", "total": f"{total:,}"}
                bar = f" [{'#' * filled}{'.' * (30 - filled)}] {rows}"
            sys.stderr.write(f"\r{path.name}: {shown(stage)}{bar}\033[K")
            sys.stderr.flush()

        return show

    def _print(self, report: FileReport, options) -> None:
        if sys.stderr.isatty() and not options["json"]:
            sys.stderr.write("\r\033[K")
        verdict = (
            _("dry run, nothing written")
            if options["dry_run"]
            else _("written")
            if report.written
            else _("NOT written: fix the errors, or use --skip-invalid")
        )
        totals = {
            "file": report.file_name,
            "created": report.total("created"),
            "updated": report.total("updated"),
            "unchanged": report.total("unchanged"),
            "skipped": report.skipped,
            "verdict": verdict,
        }
        line = (
            _(
                "%(file)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
                "%(skipped)s skipped (%(verdict)s)"
            )
            if report.written
            else _(
                "%(file)s: %(created)s would be created, %(updated)s would be updated, "
                "%(unchanged)s would be unchanged, %(skipped)s skipped (%(verdict)s)"
            )
        )
        style = self.style.ERROR if report.errors and not report.written else self.style.SUCCESS
        self.stdout.write(style(line % totals))
        for kind, label in (
            ("categories", _("product categories")),
            ("exporters", _("exporters")),
            ("offers", _("offers")),
        ):
            tally = getattr(report, kind)
            counts = _(
                "%(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged"
            ) % {
                "kind": label,
                "created": tally.created,
                "updated": tally.updated,
                "unchanged": tally.unchanged,
            }
            self.stdout.write(f"  {counts}")
        for level, style in ((ERROR, self.style.ERROR), (WARNING, self.style.WARNING), (INFO, str)):
            for issue in report.of_level(level):
                value = f" [{issue.value}]" if issue.value else ""
                where = issue.location(report.file_name)
                message = shown(issue.message)
                self.stdout.write(style(f"{where}: {_LEVELS[level]}: {message}{value}"))
