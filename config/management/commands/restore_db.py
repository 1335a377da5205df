from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a backup made by backup_db. "
        "Stop the app first: everything written since the backup is lost."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--database", default="default")
        parser.add_argument("--no-input", action="store_false", dest="interactive")

    def handle(self, *args, path, database, interactive, **options):
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
            restore(path, settings.DATABASES[database])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {target} from {path}"))
