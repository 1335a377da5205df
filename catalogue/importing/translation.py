"""An import's messages in the active language (report.Message), wherever they are shown:
the preview, the batch's kept report, the command's output."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from catalogue.importing.report import Message


def _number(number: int) -> str:
    return number_format(number, force_grouping=True)


def shown(message: str) -> str:
    """The message in the active language; a plain text (a report kept before messages were
    kept translatable, or a reader's own words) as it is."""
    if isinstance(message, Message):
        return message.translate(gettext, ngettext, _number)
    return message


def shown_data(data: dict | None, text: str) -> str:
    """A kept message (Message.as_data) in the active language; without its data, its text."""
    if not data:
        return text
    try:
        return shown(Message.from_data(data))
    except (KeyError, TypeError, ValueError):  # kept by a version that wrote it otherwise
        return text
