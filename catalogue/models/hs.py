from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from catalogue.hscodes import dotted


class HSSection(models.Model):
    """One of the 21 sections of the Harmonized System (I to XXI)."""

    number = models.PositiveSmallIntegerField(primary_key=True)
    roman = models.CharField(max_length=5, unique=True)
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["number"]
        verbose_name = _("HS section")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=21), name="hssection_number_1_to_21"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.roman}. {self.title}"


class HSCodeQuerySet(models.QuerySet):
    def chapters(self):
        return self.filter(level=HSCode.Level.CHAPTER)

    def headings(self):
        return self.filter(level=HSCode.Level.HEADING)

    def subheadings(self):
        return self.filter(level=HSCode.Level.SUBHEADING)


class HSCode(models.Model):
    """A chapter (2 digits), heading (4) or subheading (6) of HS 2022.

    The code is text and the primary key: leading zeros are part of it.
    """

    class Level(models.IntegerChoices):
        CHAPTER = 2, _("chapter")
        HEADING = 4, _("heading")
        SUBHEADING = 6, _("subheading")

    code = models.CharField(
        primary_key=True,
        max_length=6,
        validators=[RegexValidator(r"^(\d{2}|\d{4}|\d{6})$", "2, 4 or 6 digits.")],
    )
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    description = models.TextField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    section = models.ForeignKey(HSSection, on_delete=models.PROTECT, related_name="codes")

    objects = HSCodeQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("HS code")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__in=[2, 4, 6]), name="hscode_level_2_4_6"
            ),
            models.CheckConstraint(
                condition=models.Q(level=Length("code")), name="hscode_length_matches_level"
            ),
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]+$"), name="hscode_digits_only"
            ),
            models.CheckConstraint(
                condition=models.Q(level=2, parent__isnull=True)
                | models.Q(level__gt=2, parent__isnull=False),
                name="hscode_parent_unless_chapter",
            ),
        ]
        indexes = [
            # HS browsing lists the codes of one level under a parent.
            models.Index(fields=["level", "parent"], name="hscode_level_parent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.dotted} {self.description}"

    @property
    def dotted(self) -> str:
        """The code as people write it: 0402, 0402.21."""
        return dotted(self.code)

    def ancestors(self) -> list[HSCode]:
        """Chapter first, then heading; excludes the code itself."""
        prefixes = [self.code[:n] for n in (2, 4) if n < self.level]
        by_code = HSCode.objects.in_bulk(prefixes)
        return [by_code[p] for p in prefixes if p in by_code]


def under_code(prefix: str, field: str = "hs_code_id") -> models.Q:
    """Rows whose HS code starts with prefix, as a range an index can serve.

    Codes are digits, so every code under "1512" sorts between "1512" and "1512:"
    (":" follows "9"); LIKE '1512%' would scan the table on SQLite.
    """
    return models.Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + ":"})
