from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalogue.lib.normalise import NAME_KEY_LENGTH
from catalogue.lib.shown_messages import shown_data


class ImportBatch(models.Model):
    """One run of the catalogue importer over one file."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("preview, awaiting confirmation")
        CONFIRMING = "confirming", _("confirmed, being imported")
        DRY_RUN = "dry_run", _("dry run, nothing written")
        APPLIED = "applied", _("applied")
        REJECTED = "rejected", _("rejected, errors stopped the write")
        CANCELLED = "cancelled", _("cancelled")

    class Source(models.TextChoices):
        COMMAND = "command", _("command line")
        ADMIN = "admin", _("admin upload")

    file_name = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    skip_invalid = models.BooleanField(_("invalid rows skipped"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_batches",
    )
    run_by = models.CharField(
        _("run by"),
        max_length=150,
        blank=True,
        help_text=_("The admin user, or the system user of a command."),
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created = models.PositiveIntegerField(pgettext_lazy("rows", "created"), default=0)
    updated = models.PositiveIntegerField(pgettext_lazy("rows", "updated"), default=0)
    unchanged = models.PositiveIntegerField(pgettext_lazy("rows", "unchanged"), default=0)
    skipped = models.PositiveIntegerField(pgettext_lazy("rows", "skipped"), default=0)

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
        return f"{self.file_name} ({timezone.localtime(self.started_at):%Y-%m-%d %H:%M})"


class ImportIssue(models.Model):
    """An error, warning or note about one place in an imported file."""

    class Level(models.TextChoices):
        ERROR = "error", _("error")
        WARNING = "warning", _("warning")
        INFO = "info", _("info")

    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import batch"),
        on_delete=models.CASCADE,
        related_name="issues",
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    row = models.PositiveIntegerField(
        _("row"), null=True, blank=True, help_text=_("As shown in Excel.")
    )
    column = models.CharField(_("column"), max_length=100, blank=True)
    value = models.TextField(_("value"), blank=True)
    # In English, as it was found; message_data is what it is made of, so that it is shown
    # in the language of whoever reads it (importing.report.Message). Issues kept before
    # have none and show their English text.
    message = models.TextField(_("message"))
    message_data = models.JSONField(_("message data"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["batch", "sheet", "row", "id"]
        verbose_name = _("import issue")
        verbose_name_plural = _("import issues")
        indexes = [
            # A batch's issues, errors first.
            models.Index(fields=["batch", "level"], name="importissue_batch_level_idx"),
        ]

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.sheet, self.row, self.column) if p not in ("", None))
        message = self.shown_message()
        return f"{where}: {message}" if where else message

    @admin.display(description=_("message"))
    def shown_message(self) -> str:
        """The message in the active language."""
        return shown_data(self.message_data, self.message)


class ImportedName(models.Model):
    """A name and code under which imports know a category besides its own: an official
    decided, in an import's preview, that a row so named is this product. The next file
    with that row updates the category without asking again."""

    category = models.ForeignKey(
        "catalogue.ProductCategory",
        verbose_name=_("product category"),
        on_delete=models.CASCADE,
        related_name="imported_names",
    )
    code = models.CharField(_("HS code"), max_length=10, help_text=_("As the file gave it."))
    name_key = models.CharField(_("name as imports compare it"), max_length=NAME_KEY_LENGTH)
    name = models.CharField(_("name in the file"), max_length=300)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    decided_at = models.DateTimeField(_("decided on"), auto_now_add=True)

    class Meta:
        verbose_name = _("name in imported files")
        verbose_name_plural = _("names in imported files")
        constraints = [
            # A row's code and name are one product; the comparison reads them all.
            models.UniqueConstraint(fields=["code", "name_key"], name="importedname_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
