"""Form fields for text that comes from outside: forms, filters, query strings."""

from __future__ import annotations

from django import forms

from catalogue.normalise import clean_text


class TextField(forms.CharField):
    """Text as people type it, without the control characters that no one types (and that
    would break the workbooks and databases it reaches); one line unless a Textarea."""

    def to_python(self, value):
        text = super().to_python(value)
        if "\x00" in text or (self.max_length and len(text) > self.max_length):
            return text  # refused, as sent, by the checks every CharField makes
        return clean_text(text, multiline=isinstance(self.widget, forms.Textarea)).strip()
