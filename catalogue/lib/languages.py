"""The page languages and which text a page shows when a field lacks its language.

Translated content lives in sibling fields: `name` (English), `name_ru`, `name_kk`. A
Kazakh page shows the Kazakh text, else the Russian, else the English, field by field;
a Russian page the Russian, else the English.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("en", "ru", "kk")
FALLBACKS = {"en": ("en",), "ru": ("ru", "en"), "kk": ("kk", "ru", "en")}


def page_language(language: str | None) -> str:
    """One of LANGUAGES for a language code ("ru-RU" -> "ru"; anything unknown -> "en")."""
    base = (language or "").split("-")[0].lower()
    return base if base in FALLBACKS else "en"


def field_for(field: str, language: str) -> str:
    """The sibling field holding `field` in a language: name, name_ru, name_kk."""
    return field if language == "en" else f"{field}_{language}"


def translated(obj: Any, field: str, language: str | None) -> tuple[str, str]:
    """The text of `field` a page in `language` shows, and the language it is in.
    Siblings the object does not have are skipped."""
    for candidate in FALLBACKS[page_language(language)]:
        text = getattr(obj, field_for(field, candidate), "")
        if text:
            return text, candidate
    return "", "en"


class Shown(str):
    """A translated field's text as a page shows it; `language` is the language it is in,
    for a lang attribute where that is not the page's (the `lang_attr` template filter)."""

    language: str

    def __new__(cls, text: str, language: str) -> Shown:
        shown = super().__new__(cls, text)
        shown.language = language
        return shown

    def __reduce__(self):
        return Shown, (str(self), self.language)


# Besides its own, the languages a page shows a name in when it differs (under a title).
ALSO_SHOWN = {"en": ("ru",), "ru": ("en",), "kk": ("ru", "en")}


def shown(obj: Any, field: str, language: str | None) -> Shown:
    """translated(), as one Shown."""
    return Shown(*translated(obj, field, language))


def also_shown(obj: Any, field: str, language: str | None) -> Shown:
    """The text of `field` in another language than the one the page shows it in, when it
    differs (ALSO_SHOWN); else an empty Shown."""
    main = shown(obj, field, language)
    for candidate in ALSO_SHOWN[page_language(language)]:
        text = getattr(obj, field_for(field, candidate), "")
        if candidate != main.language and text and text != main:
            return Shown(text, candidate)
    return Shown("", main.language)
