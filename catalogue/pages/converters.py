"""Path converters for the public pages."""

from __future__ import annotations

from catalogue.hscodes import PRINTED_CODE


class HSCodeConverter:
    """An HS code in a page's address, as codes are printed: `72`, `7214`, `721420`,
    `7214.20`, `7214 20`, `1001 99 000 0`. ASCII digits only, dots or single spaces between
    groups, 2, 4, 6, 8 or 10 digits in all; anything else (`7.2142e5`, `①`, `٧٢١٤`, forty
    digits) matches no page and is a 404. The view receives the digits alone."""

    regex = PRINTED_CODE

    def to_python(self, value: str) -> str:
        return value.replace(".", "").replace(" ", "")

    def to_url(self, value: str) -> str:
        return str(value)
