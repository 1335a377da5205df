"""How the About page tells a text officials wrote from a placeholder still waiting for one.

The page ships with placeholders (about/migrations/0002_placeholders.py) because nobody has
given these facts yet, and inventing them (an agency's name, an address, a phone number)
would mislead buyers. A section whose text is blank or still holds a placeholder's opening
counts as not provided, and the page tells visitors so.
"""

from __future__ import annotations

# The openings of the shipped placeholders, English and Russian; an official who types
# around a placeholder without replacing it has still not provided the section.
MARKS = ("[To be completed", "[Заполняется")


def is_provided(text: str) -> bool:
    return bool(text.strip()) and not any(mark in text for mark in MARKS)
