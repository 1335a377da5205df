"""Grades and standards in category names, and whether one a query asks for is among them.
Pure.

Names give them as officials write them: "Soft wheat, class 3 (milling)", "Feed wheat
(class 5)", "Wheat flour, first grade", "Portland cement CEM I 42.5". understand() labels a
buyer's grade in one form ("3rd class" and "3 класс" are "class 3", "first grade" is
"grade 1"); a name is read word by word into the same form: ordinals become numbers,
Russian grade words English ones, and the order of a word and its number does not count.
"""

from __future__ import annotations

import re

from catalogue.search.sizes import MAX_NAME

_TOKEN = re.compile(r"[^\W_]+(?:[.,]\d+)?")
_SAME = {
    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5",
    "1st": "1", "2nd": "2", "3rd": "3", "4th": "4", "5th": "5",
    "первый": "1", "второй": "2", "третий": "3", "четвертый": "4", "пятый": "5",
    "высший": "premium", "класс": "class", "класса": "class", "сорт": "grade",
    "сорта": "grade", "sort": "grade",
}  # fmt: skip


def _words(text: str) -> list[str]:
    return [_SAME.get(w, w) for w in _TOKEN.findall(text[:MAX_NAME].casefold().replace("ё", "е"))]


def named_with(name: str, grades: list[str]) -> bool:
    """Whether the name gives one of the grades (labels as understand() writes them): the
    grade's words side by side, in any order."""
    have = _words(name)
    for grade in grades:
        want = sorted(_words(grade))
        n = len(want)
        if n and any(sorted(have[i : i + n]) == want for i in range(len(have) - n + 1)):
            return True
    return False
