"""Form fields and validators for text that comes from outside: forms, filters, queries."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.mail.message import sanitize_address
from django.utils.translation import gettext_lazy as _

from catalogue.lib.normalise import clean_text


class TextField(forms.CharField):
    """Text as people type it, without the control characters that no one types (and that
    would break the workbooks and databases it reaches); one line unless a Textarea."""

    def to_python(self, value):
        text = super().to_python(value)
        if "\x00" in text or (self.max_length and len(text) > self.max_length):
            return text  # refused, as sent, by the checks every CharField makes
        return clean_text(text, multiline=isinstance(self.widget, forms.Textarea)).strip()


def validate_deliverable_email(value: str) -> None:
    """An address mail can be sent to. Django's EmailValidator accepts some that no mail
    header can carry (a bidi mark in the domain, a label over 63 letters); sending to one
    would fail after the request is saved."""
    if clean_text(value) != value:  # a quoted local part may hold control characters
        raise ValidationError(_("Enter a valid email address."), code="invalid")
    try:
        sanitize_address(value, "utf-8")
    except (ValueError, UnicodeError, IndexError):
        raise ValidationError(_("Enter a valid email address."), code="invalid") from None
