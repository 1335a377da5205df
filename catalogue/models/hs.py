from __future__ import annotations

from dataclasses import dataclass, replace

from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Length
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from catalogue.hscodes import dotted
from catalogue.lib.languages import page_language, translated


@dataclass(frozen=True)
class HSText:
    """An HS text as a page in `language` shows it.

    `text` is in `text_language`: the page's, else the Russian of the nomenclature (on a
    Kazakh page), else English, then led by `lead`, the heading's name in `lead_language`
    (the page's when not given) where the heading has one that is not English. As HTML,
    each part in another language than the page's is marked up as such; as a string, plain
    text.
    """

    text: str
    language: str
    text_language: str
    lead: str = ""
    lead_language: str = ""

    def __str__(self) -> str:
        return f"{self.lead} — {self.text}" if self.lead else self.text

    def __html__(self) -> SafeString:
        text = self._marked(self.text, self.text_language)
        if not self.lead:
            return text
        return format_html("{} — {}", self._marked(self.lead, self.lead_language), text)

    def _marked(self, text: str, language: str) -> SafeString:
        if language in ("", self.language):
            return conditional_escape(text)
        return format_html('<span lang="{}">{}</span>', language, text)

    def truncated(self, length: int) -> HSText:
        """Shortened to at most `length` characters in all; the lead, which the subheadings
        of a heading share, gives way first, down to a third."""
        if len(str(self)) <= length:
            return self
        if not self.lead:
            return replace(self, text=Truncator(self.text).chars(length))
        joint = len(" — ")
        lead = Truncator(self.lead).chars(max(length // 3, length - joint - len(self.text)))
        return replace(self, lead=lead, text=Truncator(self.text).chars(length - joint - len(lead)))


class HSSection(models.Model):
    """One of the 21 sections of the Harmonized System (I to XXI)."""

    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    roman = models.CharField(_("Roman numeral"), max_length=5, unique=True)
    title = models.CharField(_("title"), max_length=300)
    title_ru = models.TextField(_("title (Russian)"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("HS section")
        verbose_name_plural = _("HS sections")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=21), name="hssection_number_1_to_21"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.roman}. {self.title}"

    def text_in(self, language: str | None) -> HSText:
        """The title as a page in this language shows it."""
        text, text_language = translated(self, "title", language)
        return HSText(text, page_language(language), text_language)


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
        _("code"),
        primary_key=True,
        max_length=6,
        validators=[RegexValidator(r"^(\d{2}|\d{4}|\d{6})$", _("2, 4 or 6 digits."))],
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    description = models.TextField(_("description"))
    # Official TN VED EAEU text, or the project's own translation (catalogue/data/hs/ru/);
    # blank for most subheadings.
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent code"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    section = models.ForeignKey(
        HSSection, verbose_name=_("section"), on_delete=models.PROTECT, related_name="codes"
    )

    objects = HSCodeQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("HS code")
        verbose_name_plural = _("HS codes")
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

    def text_in(self, language: str | None) -> HSText:
        """The description as a page in this language shows it. A subheading with no text
        but the English shows its heading's name in the page's language (else Russian)
        and then the English text (the heading comes from self.parent: select it along on
        lists)."""
        page = page_language(language)
        text, text_language = translated(self, "description", page)
        if text_language != "en" or page == "en" or self.level != self.Level.SUBHEADING:
            return HSText(text, page, text_language)
        lead, lead_language = translated(self.parent, "description", page)
        if lead_language == "en":  # the heading's English would only lead the English
            lead = lead_language = ""
        return HSText(text, page, text_language, lead, lead_language)

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
