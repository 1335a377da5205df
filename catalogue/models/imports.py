from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """One run of the catalogue importer over one file."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("preview, awaiting confirmation")
        DRY_RUN = "dry_run", _("dry run, nothing written")
        APPLIED = "applied", _("applied")
        REJECTED = "rejected", _("rejected, errors stopped the write")
        CANCELLED = "cancelled", _("cancelled")

    class Source(models.TextChoices):
        COMMAND = "command", _("command line")
        ADMIN = "admin", _("admin upload")

    file_name = models.CharField(max_length=255)
    checksum = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    source = models.CharField(max_length=10, choices=Source.choices)
    status = models.CharField(max_length=10, choices=Status.choices)
    skip_invalid = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_batches",
    )
    run_by = models.CharField(
        max_length=150, blank=True, help_text=_("The admin user, or the system user of a command.")
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        permissions = [("import_catalogue", "Can import catalogue spreadsheets")]
        indexes = [
            # Import history, newest first.
            models.Index(fields=["-started_at"], name="importbatch_started_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"


class ImportIssue(models.Model):
    """An error, warning or note about one place in an imported file."""

    class Level(models.TextChoices):
        ERROR = "error", _("error")
        WARNING = "warning", _("warning")
        INFO = "info", _("info")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="issues")
    level = models.CharField(max_length=10, choices=Level.choices)
    sheet = models.CharField(max_length=100, blank=True)
    row = models.PositiveIntegerField(null=True, blank=True, help_text=_("As shown in Excel."))
    column = models.CharField(max_length=100, blank=True)
    value = models.TextField(blank=True)
    message = models.TextField()

    class Meta:
        ordering = ["batch", "sheet", "row", "id"]
        indexes = [
            # A batch's issues, errors first.
            models.Index(fields=["batch", "level"], name="importissue_batch_level_idx"),
        ]

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.sheet, self.row, self.column) if p not in ("", None))
        return f"{where}: {self.message}" if where else self.message
