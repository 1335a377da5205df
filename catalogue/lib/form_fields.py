"""Form fields and validators for text that comes from outside: forms, filters, queries."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.mail.message import sanitize_address
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from catalogue.lib.normalise import clean_text, visible


class TextField(forms.CharField):
    """Text as people type it, without the control characters that no one types (and that
    would break the workbooks and databases it reaches); one line unless a Textarea."""

    def to_python(self, value):
        text = super().to_python(value)
        if "\x00" in text or (self.max_length and len(text) > self.max_length):
            return text  # refused, as sent, by the checks every CharField makes
        text = clean_text(text, multiline=isinstance(self.widget, forms.Textarea)).strip()
        return text if says_something(text) else ""


# Letters that are drawn as blanks: the Braille pattern with no dots, the Khitan filler.
_BLANK_LETTERS = {"\u2800", "\U00016fe4"}


def says_something(text: str) -> bool:
    """Whether a text shows any letter, digit or sign: zero-width fillers, blanks drawn as
    letters and combining marks with nothing to sit on say nothing."""
    return any(
        not c.isspace()
        and c not in _BLANK_LETTERS
        and unicodedata.category(c) not in ("Mn", "Me", "Cf")
        for c in visible(text)
    )


# A dot-atom (RFC 5322) in ASCII; each atom is one run, so it matches in linear time.
_LOCAL_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\Z")
# Top-level domains no mail is ever delivered to (RFC 2606, RFC 6761).
_RESERVED_TLDS = {"invalid", "localhost", "test", "example", "local"}


def canonical_email(value: str) -> str:
    """An e-mail address in the one form it is stored, looked up, rate-limited and written
    to: the local part in lower case, the domain as its IDNA (ASCII) name. Spellings that
    mail delivers to one mailbox ("ſ" for "s", capitals, full-width letters in the domain)
    are one address, and a look-alike letter that delivers elsewhere ("ı") is another; a
    database's own case folding is never relied on."""
    local, _at, domain = value.strip().rpartition("@")
    local = unicodedata.normalize("NFKC", local).casefold()
    try:
        domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        domain = domain.lower()  # refused by validate_deliverable_email
    return f"{local.lower()}@{domain}"


def validate_deliverable_email(value: str) -> None:
    """An address mail can be sent to. Django's EmailValidator accepts some that no mail
    header can carry (a bidi mark in the domain, a label over 63 letters); sending to one
    would fail after the request is saved. It runs beside the EmailValidator, which says
    the same of an address that fails both: that one says it, once."""
    try:
        validate_email(value)
    except ValidationError:
        return
    if clean_text(value) != value:  # a quoted local part may hold control characters
        raise ValidationError(_("Enter a valid email address."), code="invalid")
    local, _at, domain = value.rpartition("@")
    # A plain ASCII local part: "ſ" and "K" pass Django's check as s and k, and quoted
    # forms would be other spellings of one mailbox.
    if not _LOCAL_PART.match(local):
        raise ValidationError(_("Enter a valid email address."), code="invalid")
    labels = domain.rstrip(".").lower().split(".")
    if len(labels) < 2 or domain.startswith("[") or labels[-1] in _RESERVED_TLDS:
        raise ValidationError(_("Enter a valid email address."), code="invalid")
    try:
        sanitize_address(value, "utf-8")
    except (ValueError, UnicodeError, IndexError):
        raise ValidationError(_("Enter a valid email address."), code="invalid") from None


def _key_or_refuse(field: forms.ModelChoiceField, value) -> None:
    """A chosen row's key must be a whole number a database integer holds: a bigger one made
    SQLite raise OverflowError, not answer "no such row"."""
    text = str(value)
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        raise ValidationError(
            field.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
        )


class RowChoiceField(forms.ModelChoiceField):
    """A row chosen by its id, whatever the id sent."""

    def to_python(self, value):
        if value not in self.empty_values:
            _key_or_refuse(self, value)
        return super().to_python(value)


class RowsChoiceField(forms.ModelMultipleChoiceField):
    """Rows chosen by their ids, whatever the ids sent."""

    def clean(self, value):
        if isinstance(value, (list, tuple)):
            for key in value:
                _key_or_refuse(self, key)
        return super().clean(value)
