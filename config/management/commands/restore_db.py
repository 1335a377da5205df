from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from config.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a backup made by backup_db, then migrate it "
        "if it is older than this code. Refuses, changing nothing, a file that is not a "
        "backup of this app or comes from a newer version. Stop the app first: everything "
        "written since the backup is lost."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--database", default="default")
        parser.add_argument("--no-input", action="store_false", dest="interactive")

    def handle(self, *args, path, database, interactive, verbosity, **options):
        target = settings.DATABASES[database]["NAME"]
        if not path.is_file():
            raise CommandError(f"{path}: no such backup file")
        if interactive:
            try:
                answer = input(f"Replace everything in {target} with {path}? Type 'yes': ")
            except EOFError:
                answer = ""
            if answer != "yes":
                raise CommandError("Restore cancelled (pass --no-input to skip the question).")
        try:
            pending = restore(path, settings.DATABASES[database])
        except BackupError as error:
            raise CommandError(str(error)) from error
        restored = f"Restored {target} from {path}"
        self.stdout.write(self.style.SUCCESS(restored))
        if pending:
            self.stdout.write(f"The backup predates this code's {', '.join(pending)}: migrating")
            # migrate writes where we do, but to the bare stream: wrapped in our
            # OutputWrapper, its "Applying ..." lines would end before their "OK".
            stream = options.get("stdout") or sys.stdout
            self.migrate_restored(database, restored=restored, verbosity=verbosity, stream=stream)
            self.stdout.write(self.style.SUCCESS(f"Migrated: applied {', '.join(pending)}"))

    def migrate_restored(
        self, database: str, *, restored: str, verbosity: int, stream: TextIO
    ) -> None:
        # A connection opened before the restore may have seen the old schema.
        connections[database].close()
        try:
            call_command("migrate", database=database, interactive=False, verbosity=verbosity,
                         stdout=stream)  # fmt: skip
        except Exception as error:  # whatever a migration raises, say what state it leaves
            raise CommandError(
                f"{restored}, but migrating it failed ({error}); it holds the backup at its "
                "older schema: fix the cause, then run `manage.py migrate`."
            ) from error
