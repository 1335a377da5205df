"""Kept messages (catalogue.lib.messages.Message) in the active language, wherever they
are shown: an import's preview, kept report and command output, a match's reasons, a
request's history, the import rules a buyer was shown."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from catalogue.lib.formatting import format_date, format_number, format_quantity
from catalogue.lib.messages import Language, Message


def _active() -> Language:
    return Language(
        gettext, ngettext, format_number, format_quantity, format_date, code=get_language()
    )


def shown(message: str) -> str:
    """The message in the active language; a plain text (a message kept before messages
    were kept translatable, or someone's own words) as it is."""
    if isinstance(message, Message):
        return message.shown_in(_active())
    return message


def shown_data(data: Mapping | None, text: str) -> str:
    """A kept message (Message.as_data) in the active language; without its data, its text."""
    message = _message(data)
    return text if message is None else shown(message)


def shown_kept(kept: Mapping | str) -> str:
    """One of a list of kept messages in the active language: its data (Message.as_data),
    or a text kept before such lists kept data, as it is."""
    if isinstance(kept, str):
        return kept
    return shown_data(kept, kept.get("text", ""))


def _message(data: Mapping | None) -> Message | None:
    if not data:
        return None
    try:
        return Message.from_data(data)
    except (KeyError, TypeError, ValueError):  # kept by a version that wrote it otherwise
        return None


class ShownText(str):
    """A message shown as text, which an HTML page shows with its text values marked as
    the words of another language (Django's templates use __html__ where they escape):
    an e-mail and a workbook read the text, a page the marked-up form."""

    html: SafeString

    def __html__(self) -> SafeString:
        return self.html


def shown_marked(kept: Iterable[Mapping], text: str, *, values_in: str) -> str:
    """Kept messages (Message.as_data) whose text values are words in the language
    `values_in` (a source's own words, untranslated), in the active language, joined by
    " | "; as HTML, those words are marked with their language. Without data: the text."""
    messages = [_message(data) for data in kept]
    if not messages or None in messages:
        return text
    language = _active()

    def marked(value: str) -> str:
        return format_html('<span lang="{}">{}</span>', values_in, value)

    def escaped(write):
        return lambda *args: conditional_escape(write(*args))

    html = Language(
        gettext, ngettext, escaped(format_number), escaped(format_quantity), escaped(format_date),
        text=marked, escape=conditional_escape, code=get_language(),
    )  # fmt: skip
    said = ShownText(" | ".join(m.shown_in(language) for m in messages))
    said.html = mark_safe(" | ".join(m.shown_in(html) for m in messages))  # noqa: S308
    return said
