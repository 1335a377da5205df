"""Text normalisation shared by imports, search and HS suggestions. Pure."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """Lower case, ё as е, compatibility forms unified (ﬁ, full-width digits)."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return text.replace("ё", "е")


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The identity of a name: case, punctuation and spacing do not count."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).replace("_", " ").split())
