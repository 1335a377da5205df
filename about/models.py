"""What the About page says: who runs the catalogue, for whom, how to reach them, and how
its data is collected and checked; one row, edited by officials in the admin."""

from __future__ import annotations

from typing import NamedTuple

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from about.placeholders import is_provided
from catalogue.lib.languages import FALLBACKS, LANGUAGES, Shown, field_for, page_language


class Section(NamedTuple):
    title: str | Promise
    # Plain text, paragraphs apart by blank lines, and the language it is in; "" when not
    # provided.
    text: Shown
    provided: bool


# Each section: its field (the Russian one is <field>_ru, the Kazakh <field>_kk) and its
# heading on the page.
SECTIONS = [
    ("who_runs", _("Who runs this catalogue")),
    ("audience", _("Who it is for")),
    ("contacts", _("Contacts")),
    ("data_checks", _("How the data is collected and checked")),
]


class AboutPage(models.Model):
    # The one row has the one key the check allows, so a second row cannot exist.
    id = models.PositiveSmallIntegerField(_("number"), primary_key=True, default=1, editable=False)
    who_runs = models.TextField(_("who runs the catalogue"), blank=True)
    who_runs_ru = models.TextField(_("who runs the catalogue (Russian)"), blank=True)
    who_runs_kk = models.TextField(_("who runs the catalogue (Kazakh)"), blank=True)
    audience = models.TextField(_("who it is for"), blank=True)
    audience_ru = models.TextField(_("who it is for (Russian)"), blank=True)
    audience_kk = models.TextField(_("who it is for (Kazakh)"), blank=True)
    contacts = models.TextField(_("contacts"), blank=True)
    contacts_ru = models.TextField(_("contacts (Russian)"), blank=True)
    contacts_kk = models.TextField(_("contacts (Kazakh)"), blank=True)
    data_checks = models.TextField(_("how the data is collected and checked"), blank=True)
    data_checks_ru = models.TextField(
        _("how the data is collected and checked (Russian)"), blank=True
    )
    data_checks_kk = models.TextField(
        _("how the data is collected and checked (Kazakh)"), blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("About page")
        verbose_name_plural = _("About page")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="aboutpage_one_row")]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> AboutPage:
        """The page as edited; blank, so saying nothing is provided, if its row is gone."""
        return cls.objects.filter(pk=1).first() or cls()

    def sections(self, language: str | None) -> list[Section]:
        """Each section in this language; a text not provided falls back as translated
        fields do (catalogue.lib.languages): Kazakh, then Russian, then English."""
        found = []
        for field, title in SECTIONS:
            texts = (
                Shown(getattr(self, field_for(field, candidate)).strip(), candidate)
                for candidate in FALLBACKS[page_language(language)]
            )
            text = next((t for t in texts if is_provided(t)), Shown("", "en"))
            found.append(Section(title, text, provided=bool(text)))
        return found

    def placeholders_left(self) -> list[str]:
        """The fields officials have yet to write: an English text not provided, or a
        placeholder left in a translation (a blank one shows the next language's)."""
        return [
            name
            for field, _title in SECTIONS
            for name in (field_for(field, language) for language in LANGUAGES)
            if not is_provided(getattr(self, name))
            and (name == field or getattr(self, name).strip())
        ]
