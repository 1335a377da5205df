"""Path converters for the public pages."""

from __future__ import annotations


class HSCodeConverter:
    """An HS code in a page's address, as codes are printed: `72`, `7214`, `721420`,
    `7214.20`, `7214 20`, `1001 99 000 0`. ASCII digits only, dots or single spaces between
    groups, 2, 4, 6, 8 or 10 digits in all; anything else (`7.2142e5`, `①`, `٧٢١٤`, forty
    digits) matches no page and is a 404. The view receives the digits alone."""

    # A chapter; a heading with up to three pairs of digits (7214.20.00.00); or a TN VED
    # code grouped 4-2-3-1. Fixed-length groups, no nested repetition: linear time.
    regex = r"[0-9]{2}|[0-9]{4}(?:[. ]?[0-9]{2}){0,3}|[0-9]{4}[. ]?[0-9]{2}[. ]?[0-9]{3}[. ]?[0-9]"

    def to_python(self, value: str) -> str:
        return value.replace(".", "").replace(" ", "")

    def to_url(self, value: str) -> str:
        return str(value)
