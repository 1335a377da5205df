"""URL slugs from English or Russian names. Pure."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

_CYRILLIC_TO_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
        "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu",
        "я": "ia", "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
        "һ": "h", "і": "i",
    }
)  # fmt: skip
MAX_LENGTH = 120


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug_for(text: str) -> str:
    text = text.lower().translate(_CYRILLIC_TO_LATIN)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", text).strip("-")[:MAX_LENGTH].strip("-")


def unique_slug(text: str, taken: Container[str], *, qualifier: str = "") -> str:
    """A slug for text not in taken: the name, then name-qualifier, then a counter."""
    base = slug_for(text) or "item"
    candidates = [base]
    if qualifier:
        candidates.append(f"{base[: MAX_LENGTH - len(qualifier) - 1]}-{qualifier}")
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    number = 2
    while f"{candidates[-1][: MAX_LENGTH - 6]}-{number}" in taken:
        number += 1
    return f"{candidates[-1][: MAX_LENGTH - 6]}-{number}"
