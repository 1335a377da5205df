"""Whether a name in an import means a product the catalogue already holds. Pure.

Names of one HS subheading are compared as product_names reads them: by their words in any
order, grade, packaging and generic words aside; a Russian name meets an English one
through product_dictionary. The verdict is:

- SAME: the same words; or one name adds only words the subheading's own text says of
  every product under it ("без яиц" under 1902.19); or, a Russian-only name against an
  English-only one, both restate the subheading's text and no translation contradicts
  them. No grade differs. The row is the stored product;
- POSSIBLE: the names overlap but one says more (or another grade): an official decides;
- DIFFERENT: a qualifier differs (red/green, chilled/frozen, soft/durum, containing eggs
  or not, M400/M500): never one product;
- UNRELATED: nothing in common.
"""

from __future__ import annotations

import enum
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from catalogue.importing.product_dictionary import Dictionary, bundled_dictionary
from catalogue.importing.product_names import (
    HSText,
    Reading,
    Token,
    read_name,
    said_in,
    same_word,
)
from catalogue.suggest.text import PREFIX

__all__ = ["Existing", "HSText", "Match", "SameProductFinder", "Verdict", "compare_names",
           "read_name", "same_name"]  # fmt: skip

# Candidates of one subheading compared even when they share no word with the name (for
# a Russian-only name against English-only categories); more would be quadratic.
MAX_UNINDEXED = 50
# The stored products a name is compared with at most: those sharing the most words.
MAX_COMPARED = 40
MAX_POSSIBLE = 3


class Verdict(enum.IntEnum):
    DIFFERENT = 0  # a qualifier differs: never one product
    UNRELATED = 1  # nothing in common
    POSSIBLE = 2
    SAME = 3

    @property
    def matches(self) -> bool:
        return self >= Verdict.POSSIBLE


def _qualifier_conflict(a: Iterable[Token], b: Iterable[Token]) -> bool:
    """A qualifier of one group with two values: "red" against "green"."""
    values: dict[str, set[str]] = defaultdict(set)
    for token in a:
        if (q := token.qualifier) and not token.negated:
            values[q[0]].add(q[1])
    for token in b:
        if (q := token.qualifier) and not token.negated and values[q[0]] - {q[1]}:
            return True
    return False


def _polarity_conflict(a: Sequence[Token], b: Sequence[Token]) -> bool:
    """A word one name has and the other excludes ("containing eggs", "без яиц")."""
    return any(x.negated != y.negated and same_word(x.stem, y.stem) for x in a for y in b)


def _grades_agree(a: Reading, b: Reading) -> bool:
    return not (a.grade and b.grade and a.grade != b.grade)


def compare_readings(
    a: Reading, b: Reading, dictionary: Dictionary | None = None, hs: HSText | None = None
) -> Verdict:
    """Two names in one language. Words one name adds that the subheading's own text says
    (in that language) add nothing: under 1902.19 "без яиц" is what every product is."""
    if _qualifier_conflict(a.tokens, b.tokens) or _qualifier_conflict(b.tokens, a.tokens):
        return Verdict.DIFFERENT
    if _polarity_conflict(a.tokens, b.tokens):
        return Verdict.DIFFERENT
    left = [t for t in a.tokens if not any(_matches(t, u) for u in b.tokens)]
    right = [u for u in b.tokens if not any(_matches(t, u) for t in a.tokens)]
    if not left and not right:
        return Verdict.SAME if _grades_agree(a, b) else Verdict.POSSIBLE
    if not left or not right:
        said = hs.stems(a.russian) if hs else frozenset()
        extra = left or right
        if said and all(said_in(t, said) for t in extra) and _grades_agree(a, b):
            return Verdict.SAME
        return Verdict.POSSIBLE
    if any(t.number for t in left) and any(u.number for u in right):
        return Verdict.DIFFERENT  # another size, mark or standard: "M400", "M500"
    if len(a.tokens) > len(left) or (dictionary and dictionary.synonyms(left, right)):
        return Verdict.POSSIBLE
    return Verdict.UNRELATED


def same_name(a: str, b: str) -> bool:
    """Two names in one language that differ only in case, order, word forms, packaging
    or generic words: a rename from one to the other says nothing new."""
    x, y = read_name(a), read_name(b)
    return x.russian == y.russian and x.grade == y.grade and compare_readings(x, y) == Verdict.SAME


def _matches(t: Token, u: Token) -> bool:
    return t.negated == u.negated and same_word(t.stem, u.stem)


def _english_senses(token: Token) -> set[str]:
    mark = "!" if token.negated else ""
    senses = {mark + token.stem}
    if q := token.qualifier:
        senses.add(mark + f"q:{q[0]}:{q[1]}")
    return senses


def compare_across(
    russian: Reading, english: Reading, dictionary: Dictionary, hs: HSText | None = None
) -> Verdict:
    """A Russian name and an English one."""
    if _qualifier_conflict(russian.tokens, english.tokens) or _qualifier_conflict(
        english.tokens, russian.tokens
    ):
        return Verdict.DIFFERENT
    groups = dictionary.translate(russian.tokens)
    wanted = [(t, _english_senses(t)) for t in english.tokens]
    covered_english = set()
    untranslated = []
    for group, meaning in groups:
        hit = False
        for i, (token, senses) in enumerate(wanted):
            if token.number:
                hit_here = any(g.number and g.stem == token.stem for g in group)
            else:
                hit_here = bool(meaning & senses)
            if hit_here:
                covered_english.add(i)
                hit = True
            elif meaning & {_flip(s) for s in senses}:
                return Verdict.DIFFERENT  # one excludes what the other says
        if not hit:
            untranslated.append((group, meaning))
    if len(covered_english) == len(wanted) and not untranslated:
        return Verdict.SAME if _grades_agree(russian, english) else Verdict.POSSIBLE
    if hs is None:
        return Verdict.POSSIBLE if covered_english else Verdict.UNRELATED
    # What neither dictionary matches may still be the subheading's own words in both
    # languages ("Кускус", "Couscous"): unless each side says something the other's
    # translation shows it does not ("сафлоровое" is safflower, not sunflower).
    russian_said, english_said = hs.stems(True), hs.stems(False)
    unmatched = [t for group, meaning in untranslated for t in group]
    unmatched_known = any(meaning for _, meaning in untranslated)
    english_left = [t for i, (t, _) in enumerate(wanted) if i not in covered_english]
    if (
        all(said_in(t, russian_said) for t in unmatched)
        and all(said_in(t, english_said) for t in english_left)
        and not (unmatched_known and english_left)
    ):
        return Verdict.SAME if _grades_agree(russian, english) else Verdict.POSSIBLE
    return Verdict.POSSIBLE if covered_english else Verdict.UNRELATED


def _flip(sense: str) -> str:
    return sense[1:] if sense.startswith("!") else "!" + sense


# --- products with several names --------------------------------------------------------


def compare_names(
    names: Sequence[str],
    other: Sequence[str],
    *,
    dictionary: Dictionary | None = None,
    hs: HSText | None = None,
) -> Verdict:
    """Two products, each by its names (English, Russian, in any order; blanks ignored).

    Names in a language both products have are compared with each other; a product
    named only in Russian meets one named only in English through the dictionary.
    A differing qualifier in any language makes them different.
    """
    dictionary = dictionary if dictionary is not None else bundled_dictionary()
    ours = [read_name(n) for n in dict.fromkeys(n for n in names if n.strip())]
    theirs = [read_name(n) for n in dict.fromkeys(n for n in other if n.strip())]
    verdicts = [
        compare_readings(a, b, dictionary, hs)
        for a in ours
        for b in theirs
        if a.russian == b.russian and a.tokens and b.tokens
    ]
    if not verdicts:
        verdicts = [
            compare_across(*((a, b) if a.russian else (b, a)), dictionary, hs)
            for a in ours
            for b in theirs
            if a.russian != b.russian and a.tokens and b.tokens
        ]
    if not verdicts or Verdict.DIFFERENT in verdicts:
        return Verdict.DIFFERENT if verdicts else Verdict.UNRELATED
    if Verdict.SAME in verdicts and Verdict.UNRELATED in verdicts:
        return Verdict.POSSIBLE  # the same in one language, unlike in the other
    return max(verdicts)


# --- finding the existing product --------------------------------------------------------


@dataclass(frozen=True)
class Existing:
    """A product the catalogue holds, by its names."""

    id: int
    names: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    """The existing product a name is (same), or those it may be (possible, best first)."""

    same: int | None = None
    possible: tuple[int, ...] = ()


NO_MATCH = Match()


def _most_shared(postings: list[set[int]]) -> set[int]:
    """The MAX_COMPARED products sharing the most words with a name, from its words'
    postings, shortest first. A word thousands of products share tells little: it only
    narrows the products the rarer words found, or, when every word is that common, the
    products with all of them are taken."""
    shared: Counter[int] = Counter()
    for at, posting in enumerate(postings):
        if len(posting) > MAX_COMPARED * 10:
            if not shared:
                common = set.intersection(*postings[at:])
                shared.update(sorted(common)[:MAX_COMPARED])
            else:
                shared.update(p for p in shared.keys() & posting)
            continue
        shared.update(posting)
    ranked = sorted(shared.items(), key=lambda item: (-item[1], item[0]))
    return {position for position, _ in ranked[:MAX_COMPARED]}


class SameProductFinder:
    """Looks for a name among the products of its HS subheading, grouped once.

    Only products that share a word with the name (or a translation of one) are compared,
    and, in small groups, those named in another language only: never the whole catalogue.
    """

    def __init__(
        self,
        by_code: Mapping[str, Sequence[Existing]],
        *,
        hs_texts: Mapping[str, HSText] | None = None,
        dictionary: Dictionary | None = None,
    ):
        self.by_code = by_code
        self.hs_texts = hs_texts or {}
        self.dictionary = dictionary if dictionary is not None else bundled_dictionary()
        self._indexes: dict[str, tuple[dict[str, set[int]], list[set[bool]]]] = {}

    def find(self, code: str, names: Sequence[str]) -> Match:
        group = self.by_code.get(code, ())
        if not group or not any(n.strip() for n in names):
            return NO_MATCH
        hs = self.hs_texts.get(code)
        verdicts: list[tuple[Verdict, int, Existing]] = []
        for position in sorted(self._candidates(code, group, names)):
            existing = group[position]
            verdict = compare_names(names, existing.names, dictionary=self.dictionary, hs=hs)
            if verdict.matches:
                verdicts.append((verdict, position, existing))
        same = [e.id for v, _, e in verdicts if v == Verdict.SAME]
        if len(same) == 1:
            return Match(same=same[0])
        possible = same or [e.id for v, _, e in verdicts]
        return Match(possible=tuple(dict.fromkeys(possible))[:MAX_POSSIBLE])

    def _candidates(self, code: str, group: Sequence[Existing], names: Sequence[str]) -> set[int]:
        index, languages_of = self._index(code, group)
        readings = [read_name(n) for n in names if n.strip()]
        languages = {r.russian for r in readings}
        words = {
            word
            for reading in readings
            for word in _index_words(reading, self.dictionary, translate=languages == {True})
        }
        found = _most_shared(sorted((index.get(w, set()) for w in words), key=len))
        if len(group) <= MAX_UNINDEXED:
            found |= {i for i, theirs in enumerate(languages_of) if languages.isdisjoint(theirs)}
        return found

    def _index(
        self, code: str, group: Sequence[Existing]
    ) -> tuple[dict[str, set[int]], list[set[bool]]]:
        """The group's products by their index words, and the languages of each."""
        built = self._indexes.get(code)
        if built is None:
            index: dict[str, set[int]] = defaultdict(set)
            languages: list[set[bool]] = []
            for position, existing in enumerate(group):
                readings = [read_name(n) for n in existing.names if n.strip()]
                russian_only = {r.russian for r in readings} == {True}
                languages.append({r.russian for r in readings})
                for reading in readings:
                    for word in _index_words(reading, self.dictionary, translate=russian_only):
                        index[word].add(position)
            built = self._indexes[code] = (index, languages)
        return built


def _index_words(reading: Reading, dictionary: Dictionary, *, translate: bool) -> set[str]:
    """Words by which names that may be one product meet: English stems, Russian
    stems cut to a common prefix, and the English of Russian words if translate (for a
    product named only in Russian)."""
    words = set()
    for token in reading.tokens:
        if token.russian:
            words.add(token.stem[:PREFIX])
        else:
            words.add(token.stem)
            words |= {s for s in dictionary.english.get(token.stem, ()) if s[:1] != "!"}
    if reading.russian and translate:
        for _, meaning in dictionary.translate(reading.tokens):
            words |= {m for m in meaning if m[:1] != "!" and not m.startswith("q:")}
    return words
