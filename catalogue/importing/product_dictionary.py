"""English for the Russian words of product names, from the glossary's Russian terms and
the qualifiers product_names knows; English synonyms from its English terms. Pure."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from catalogue.importing.product_names import Token, folded, read_name, read_words, same_word
from catalogue.suggest.text import CYRILLIC, PREFIX

GLOSSARY_FILE = Path(__file__).resolve().parent.parent / "data" / "hs_glossary.csv"


@dataclass
class Dictionary:
    """English words for Russian ones, and English synonyms, from the glossary; the
    qualifiers of product_names are known in both languages."""

    # A Russian phrase (its stems) → the English stems it stands for.
    russian: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)
    # An English word's stem → stems of the words the glossary says it means.
    english: dict[str, frozenset[str]] = field(default_factory=dict)
    # The phrases by the first letters of their first word (in sorted order), each with
    # the first letters of all its words, which a name's must include.
    _by_prefix: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]] = field(
        default_factory=dict, repr=False
    )
    _translated: dict[tuple[Token, ...], list] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by_prefix: dict[str, list] = defaultdict(list)
        for phrase in self.russian:
            prefixes = frozenset(w[:PREFIX] for w in phrase)
            by_prefix[min(prefixes)].append((phrase, prefixes))
        self._by_prefix = dict(by_prefix)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Dictionary:
        """(term, means) pairs of the glossary: Russian terms translate, English ones are
        synonyms."""
        russian: dict[tuple[str, ...], set[str]] = defaultdict(set)
        english: dict[str, set[str]] = defaultdict(set)
        for term, means in pairs:
            meaning = {t.stem if not t.negated else "!" + t.stem
                       for t in read_name(means).tokens if not t.number}  # fmt: skip
            phrase = tuple(t.stem for t in read_words(folded(term)).tokens)
            if not meaning or not phrase:
                continue
            if CYRILLIC.search(term):
                russian[phrase] |= meaning
            elif len(phrase) == 1:
                english[phrase[0]] |= meaning
        return cls(
            {k: frozenset(v) for k, v in russian.items()},
            {k: frozenset(v) for k, v in english.items()},
        )

    def translate(self, tokens: Sequence[Token]) -> list[tuple[tuple[Token, ...], frozenset[str]]]:
        """The Russian tokens in groups, each with the English stems it stands for (none
        when no glossary phrase or qualifier covers it); longest phrases first."""
        key = tuple(tokens)
        found = self._translated.get(key)
        if found is None:
            if len(self._translated) > 100_000:
                self._translated.clear()
            found = self._translated[key] = self._translate(key)
        return found

    def _translate(self, tokens: tuple[Token, ...]) -> list:
        left = list(tokens)
        groups: list[tuple[tuple[Token, ...], frozenset[str]]] = []
        # Each phrase is looked at once, under one of its words: linear in the name.
        prefixes = {t.stem[:PREFIX] for t in left}
        phrases = {
            phrase
            for prefix in prefixes
            for phrase, needed in self._by_prefix.get(prefix, ())
            if needed <= prefixes
        }
        for phrase in sorted(phrases, key=lambda p: (-len(p), p)):
            used = _find_phrase(phrase, left)
            if used is None:
                continue
            group = tuple(left[i] for i in used)
            left = [t for i, t in enumerate(left) if i not in used]
            meaning = self.russian[phrase]
            if group[0].negated:
                meaning = frozenset("!" + m for m in meaning)
            groups.append((group, meaning | qualifier_senses(group)))
        for token in left:
            groups.append(((token,), qualifier_senses((token,))))
        return groups

    def synonyms(self, left: Sequence[Token], right: Sequence[Token]) -> bool:
        """Some English word of one side means a word of the other (the glossary's
        'macaroni' means pasta)."""
        for x in left:
            for y in right:
                if y.stem in self.english.get(x.stem, ()) or x.stem in self.english.get(y.stem, ()):
                    return True
        return False


def _find_phrase(phrase: tuple[str, ...], tokens: Sequence[Token]) -> set[int] | None:
    """Positions of the tokens that make up the phrase, in any order."""
    used: set[int] = set()
    for word in phrase:
        at = next(
            (i for i, t in enumerate(tokens) if i not in used and same_word(t.stem, word)), None
        )
        if at is None:
            return None
        used.add(at)
    return used


def qualifier_senses(group: Sequence[Token]) -> frozenset[str]:
    """The qualifiers of the tokens as senses both languages share ("q:colour:red")."""
    senses = set()
    for token in group:
        if q := token.qualifier:
            senses.add(("!" if token.negated else "") + f"q:{q[0]}:{q[1]}")
    return frozenset(senses)


@cache
def bundled_dictionary() -> Dictionary:
    with GLOSSARY_FILE.open(encoding="utf-8", newline="") as f:
        pairs = [(row["term"].strip(), row["means"].strip()) for row in csv.DictReader(f)]
    return Dictionary.from_pairs((t, m) for t, m in pairs if t and m)
