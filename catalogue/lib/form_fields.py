"""Form fields and validators for text that comes from outside: forms, filters, queries."""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.mail.message import sanitize_address
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
        return text if visible(text).strip() else ""  # zero-width fillers say nothing


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
    would fail after the request is saved."""
    if clean_text(value) != value:  # a quoted local part may hold control characters
        raise ValidationError(_("Enter a valid email address."), code="invalid")
    if not value.rpartition("@")[0].isascii():  # "ſ" and "K" pass Django's check as s and k
        raise ValidationError(_("Enter a valid email address."), code="invalid")
    try:
        sanitize_address(value, "utf-8")
    except (ValueError, UnicodeError, IndexError):
        raise ValidationError(_("Enter a valid email address."), code="invalid") from None
