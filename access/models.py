"""What Nigeria asks of an import, by HS code: rules officials curate, each with its source."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HS6 = RegexValidator(r"^[0-9]{6}\Z", _("Six digits, e.g. 151219."))
HS6_LIST = RegexValidator(
    r"^(?:[0-9]{6}(?: [0-9]{6})*)?\Z", _("Six-digit codes separated by spaces.")
)


class RuleSource(models.Model):
    """Where rules come from: a published list, as read on a date."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), blank=True)
    date = models.DateField(_("published or read on"))

    class Meta:
        ordering = ["-date", "key"]
        verbose_name = _("rule source")
        verbose_name_plural = _("rule sources")

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d})"


class ImportRuleQuerySet(models.QuerySet):
    def prohibitions(self):
        return self.filter(kind=ImportRule.Kind.PROHIBITED)

    def requirements(self):
        return self.filter(kind=ImportRule.Kind.REQUIREMENT)

    def covering(self, code):
        """The active rules that apply to an HS code of up to six digits given as an
        expression (an OuterRef in a subquery): SQL for what ImportRule.covers says."""
        return (
            self.filter(is_active=True, hs_to__gte=code, hs_from__lte=Concat(code, Value("999999")))
            .exclude(hs_from="")
            # A code excepted word for word: spaces around both, so 1512 is no 151211.
            .alias(excepted=Concat(Value(" "), "excluding", Value(" ")))
            .exclude(excepted__contains=Concat(Value(" "), code, Value(" ")))
        )


class ImportRule(models.Model):
    """A rule on a range of HS6 codes: a prohibition for trade (with the conditions codes
    cannot express), or a document or permit an import needs. A rule without a range
    waits for an official to give one: it applies to nothing until then."""

    class Kind(models.TextChoices):
        PROHIBITED = "prohibited", _("prohibited for trade")
        REQUIREMENT = "requirement", _("document or permit required")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    item = models.CharField(_("goods"), max_length=300, help_text=_("As the source names them."))
    hs_from = models.CharField(
        _("from HS code"),
        max_length=6,
        blank=True,
        validators=[HS6],
        help_text=_(
            "Six digits. A whole heading or chapter is a range: 151200 to 151299, 150000 to "
            "159999; every import is 000000 to 999999."
        ),
    )
    hs_to = models.CharField(_("to HS code"), max_length=6, blank=True, validators=[HS6])
    excluding = models.CharField(
        _("except HS codes"),
        max_length=600,
        blank=True,
        validators=[HS6_LIST],
        help_text=_("Six-digit codes inside the range that the rule does not cover."),
    )
    conditions = models.TextField(
        _("conditions"),
        blank=True,
        help_text=_("What codes cannot say, e.g. in retail packs only."),
    )
    note = models.TextField(
        _("note for officials"),
        blank=True,
        help_text=_("What officials must know and buyers are not shown, e.g. a range to confirm."),
    )
    source = models.ForeignKey(
        RuleSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="rules"
    )
    is_active = models.BooleanField(_("active"), default=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ImportRuleQuerySet.as_manager()

    class Meta:
        ordering = ["hs_from", "item"]
        verbose_name = _("import rule")
        verbose_name_plural = _("import rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hs_from="", hs_to="")
                | (
                    models.Q(hs_from__regex=r"^[0-9]{6}$", hs_to__regex=r"^[0-9]{6}$")
                    & models.Q(hs_from__lte=models.F("hs_to"))
                ),
                name="importrule_range_of_hs6",
            ),
        ]
        indexes = [models.Index(fields=["hs_from", "hs_to"], name="importrule_range_idx")]

    def __str__(self) -> str:
        return self.item

    def mark_checked(self, user) -> None:
        """Record that an official checked the rule against its source today (not saved)."""
        self.checked_by, self.checked_on = user, timezone.localdate()

    def clean(self):
        super().clean()
        if bool(self.hs_from) != bool(self.hs_to):
            blank = "hs_to" if self.hs_from else "hs_from"
            raise ValidationError({blank: _("Give both ends of the range, or neither.")})
        if self.hs_from and self.hs_to and self.hs_from > self.hs_to:
            raise ValidationError({"hs_to": _("The range ends before it starts.")})
        outside = [
            code
            for code in self.excluding.split()
            if not (self.hs_from and self.hs_from <= code <= self.hs_to)
        ]
        if outside:
            raise ValidationError(
                {
                    "excluding": _("Not in the rule's range: %(codes)s.")
                    % {"codes": " ".join(outside)}
                }
            )

    @property
    def awaits_range(self) -> bool:
        return not self.hs_from

    def covers(self, code: str) -> bool:
        """Whether the rule applies to this HS code: a subheading (or a national line, read
        by its first six digits) in its range and not excepted; a chapter or heading with a
        subheading in its range, as a product coded only that far may be any of them."""
        code = code[:6]
        return (
            self.is_active
            and not self.awaits_range
            and self.hs_from <= code + "999999"
            and self.hs_to >= code
            and code not in self.excluding.split()
        )
