"""Which curated sector covers an HS code: pure, no Django.

A sector covers ranges of HS codes of one level each: chapters 01–24, heading 2523,
headings 7213–7214, subheading 271019. A code falls under the ranges whose codes it starts
with, and the most specific of them decides: a heading range beats a chapter range (so
cement, 2523, is construction while the rest of chapter 25 is mining), a subheading range
a heading range, and of two ranges of one level the narrower. Two as specific as each
other: the one listed first (the caller lists sectors in their order).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

# A chapter, heading or subheading: 2, 4 or 6 digits. The database checks the same.
RANGE_END = r"[0-9]{2}|[0-9]{4}|[0-9]{6}"
_RANGE_END = re.compile(rf"(?:{RANGE_END})")


class RangeError(ValueError):
    """A range that is not two codes of one level, the first not after the second."""


@dataclass(frozen=True, order=True)
class HSRange:
    """The codes from `first` to `last` (the same when one code), both of one level."""

    first: str
    last: str

    def __post_init__(self) -> None:
        for end in (self.first, self.last):
            if not _RANGE_END.fullmatch(end):
                raise RangeError(f"{end!r} is not an HS chapter, heading or subheading.")
        if len(self.first) != len(self.last):
            raise RangeError(f"{self.first} and {self.last} are not codes of one level.")
        if self.first > self.last:
            raise RangeError(f"{self.first} comes after {self.last}.")

    def __str__(self) -> str:
        return self.first if self.first == self.last else f"{self.first}–{self.last}"

    def covers(self, code: str) -> bool:
        """Whether the code (of any level) lies in the range: 252329 in 2523, 2603 in 25–26."""
        return len(code) >= len(self.first) and self.first <= code[: len(self.first)] <= self.last

    @property
    def specificity(self) -> tuple[int, int]:
        """Longer codes first, then fewer of them."""
        return len(self.first), -(int(self.last) - int(self.first))


def read_range(text: str) -> HSRange:
    """ "01-24", "01–24" or "2523" as a range; raises RangeError."""
    first, _, last = text.replace("–", "-").partition("-")
    return HSRange(first.strip(), (last or first).strip())


def covering(code: str, ranges: Iterable[tuple[HSRange, T]]) -> T | None:
    """What the most specific range covering the code belongs to; None when none does."""
    best: tuple[tuple[int, int], T] | None = None
    for hs_range, owner in ranges:
        if hs_range.covers(code) and (best is None or hs_range.specificity > best[0]):
            best = (hs_range.specificity, owner)
    return best[1] if best else None
