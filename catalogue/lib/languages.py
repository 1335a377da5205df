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
