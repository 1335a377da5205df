from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Copy the whole database to PATH while the app keeps running: SQLite's online "
        "backup on SQLite, pg_dump's custom format on PostgreSQL. Restore with restore_db."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--database", default="default")

    def handle(self, *args, path, database, **options):
        try:
            backup(settings.DATABASES[database], path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = path.stat().st_size / 1e6
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path} ({size:.1f} MB)"))
