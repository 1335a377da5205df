"""What the search box offers as a buyer types: category names and trade words in which a
word starts with what is typed. Pure.

An index is built once per catalogue version (catalogue.search.complete keeps it); each
call is then a binary search. Every word of every name is a key in one sorted list, so
"whe" finds "Wheat bran" and "Durum wheat" alike; a word that recurs is one shared string,
kept beside two numbers (which name, where in it) in compact arrays.

Order: categories named for the word being typed ("Durum wheat" for "whe", as search ranks
them), then those whose name starts with it, then the rest; shorter names first within each.
A category is offered by the name the page shows (catalogue.lib.languages), with the name in
another language that matched beside it.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from catalogue.hscodes import dotted
from catalogue.lib.languages import FALLBACKS, LANGUAGES, page_language, translated
from catalogue.lib.normalise import name_key
from catalogue.suggest.engine import GlossaryEntry

MIN_CHARS = 2  # one letter matches too much to help
LIMIT = 8
TERMS_KEPT = 2  # places kept for trade words when categories alone would fill the list
SCAN = 500  # words read at most for one call: under a millisecond at any catalogue size
NAMED_FOR, NAME_START, WORD_START = range(3)


@dataclass(frozen=True)
class Named:
    """A category as completions know it: its names and the nouns they are about."""

    slug: str
    name: str
    name_ru: str = ""
    heads: tuple[str, ...] = ()
    name_kk: str = ""

    @property
    def names(self) -> tuple[str, str, str]:
        """Its names in the order of LANGUAGES ("" where it has none)."""
        return (self.name, self.name_ru, self.name_kk)


@dataclass(frozen=True)
class Completion:
    kind: str  # "category" or "term"
    label: str  # a category's name in the page's language, or the trade word
    detail: str = ""  # the other name, when that is what matched; a trade word explained
    slug: str = ""  # a category's


class _WordStarts:
    """Texts (name keys) found by any word's beginning: each word is a key of one sorted
    list, with the text it is in and where."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        found: list[tuple[str, int, int]] = []
        for number, text in enumerate(texts):
            offset = 0
            for word in text.split(" ") if text else ():
                found.append((sys.intern(word), number, offset))
                offset += len(word) + 1
        found.sort(key=lambda entry: entry[0])
        self.words = [word for word, _, _ in found]
        self.numbers = array("I", [number for _, number, _ in found])
        self.offsets = array("I", [offset for _, _, offset in found])

    def starting(self, prefix: str) -> Iterator[tuple[int, int]]:
        """(text number, offset) of each place a word of a text begins the prefix."""
        first, _, more = prefix.partition(" ")
        start = bisect_left(self.words, first)
        for i in range(start, min(start + SCAN, len(self.words))):
            word = self.words[i]
            # With more words typed, the first is whole: "durum wh" is not "durumx wh".
            if word != first if more else not word.startswith(first):
                break
            number, offset = self.numbers[i], self.offsets[i]
            if not more or self.texts[number].startswith(prefix, offset):
                yield number, offset


def _word_at(text: str, end: int) -> str:
    """The word of text in which position end - 1 falls."""
    stop = text.find(" ", end)
    return text[text.rfind(" ", 0, end) + 1 : None if stop == -1 else stop]


class CompletionIndex:
    def __init__(self, categories: Iterable[Named], glossary: Iterable[GlossaryEntry]):
        self.categories = list(categories)
        # Three names a category, in the order of LANGUAGES ("" when it has none).
        self._names = _WordStarts([name_key(text) for c in self.categories for text in c.names])
        self._heads = [tuple(sys.intern(name_key(h)) for h in c.heads) for c in self.categories]
        named = set(self._names.texts)
        # A trade word that is a category's name, or means exactly one, adds nothing to it.
        self.terms = [
            e
            for key, e in {name_key(e.term): e for e in glossary}.items()
            if key not in named and name_key(e.meaning) not in named
        ]
        self._terms = _WordStarts([name_key(e.term) for e in self.terms])

    def complete(self, text: str, language: str = "en", limit: int = LIMIT) -> list[Completion]:
        typed = name_key(text)
        if len(typed) < MIN_CHARS:
            return []
        language = page_language(language)
        categories = self._categories(typed, language)
        terms = self._trade_words(typed, language)
        kept = min(len(terms), max(TERMS_KEPT, limit - len(categories)))
        # An abbreviation typed in full ("LPG") is what the buyer means: it goes first.
        lead = [t for t in terms[:1] if name_key(t.label) == typed and t.label.split()[0].isupper()]
        return lead + categories[: limit - kept] + terms[len(lead) : kept]

    def _categories(self, typed: str, language: str) -> list[Completion]:
        # A match in the name the page shows first, then in those it would show instead.
        order = FALLBACKS[language]
        preferred = [order.index(n) if n in order else len(order) for n in LANGUAGES]
        best: dict[int, tuple[int, int, int]] = {}  # category → how, which name matched
        for number, offset in self._names.starting(typed):
            category, which = divmod(number, len(LANGUAGES))
            if _word_at(self._names.texts[number], offset + len(typed)) in self._heads[category]:
                how = NAMED_FOR
            else:
                how = NAME_START if offset == 0 else WORD_START
            match = (how, preferred[which], which)
            best[category] = min(best.get(category, match), match)
        found = []
        for category, (how, _, which) in best.items():
            c = self.categories[category]
            label, _ = translated(c, "name", language)
            matched = c.names[which]
            found.append((how, len(label), label, matched, c.slug))
        found.sort()
        return [
            Completion("category", label, "" if matched == label else matched, slug)
            for _, _, label, matched, slug in found
        ]

    def _trade_words(self, typed: str, language: str) -> list[Completion]:
        best: dict[int, int] = {}
        for number, offset in self._terms.starting(typed):
            # The whole term, then its beginning, then a later word of it.
            how = 0 if self._terms.texts[number] == typed else 1 if offset == 0 else 2
            best[number] = min(best.get(number, how), how)
        ranked = sorted(best, key=lambda n: (best[n], len(self.terms[n].term), self.terms[n].term))
        return [self._term(self.terms[n], language) for n in ranked]

    @staticmethod
    def _term(entry: GlossaryEntry, language: str) -> Completion:
        """A trade word explained: in English by its gist; on Russian and Kazakh pages, whose
        readers the English wording would not help, by what it names in their language,
        where the glossary says, and its likeliest code."""
        gist = entry.gist
        if language != "en":
            gloss, gloss_language = translated(entry, "gloss", language)
            said = [gloss] if gloss and gloss_language == language else []
            gist = ", ".join(said + [dotted(c) for c in entry.codes[:1]])
        return Completion(
            "term", entry.label, "" if name_key(gist) == name_key(entry.term) else gist
        )
