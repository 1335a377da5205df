"""Words, stems and spelling for the HS suggester. Pure."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache

import Stemmer

from catalogue.lib.normalise import fold, visible

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
CYRILLIC = re.compile(r"[а-яәғқңөұүһі]")
# Letters of Kazakh that Russian lacks: a word with one is Kazakh, which the Russian
# stemmer would cut at random ("бидайы" → "бидай" but "ұны" kept).
KAZAKH = re.compile(r"[әғқңөұүһі]")
# British and American spellings meet in one form before stemming.
_BRITISH_IZE = re.compile(r"(?<=\w\w\w)is(e|ed|es|ing|ation|ations|er|ers)$")

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "such",
        "than",
        "that",
        "the",
        "their",
        "thereof",
        "these",
        "this",
        "to",
        "up",
        "with",
        "whether",
        "which",
        "put",
        "other",
        "others",
        "not",
        "nor",
        "excluding",
        "including",
        "n",
        "e",
        "c",
        "nes",
        "kind",
        "kinds",
        "type",
        "types",
        "etc",
        "per",
        "containing",
        "contain",
        "weight",
        "form",
        "forms",
        "used",
        "use",
        "retail",
        "sale",
        "otherwise",
        "similar",
        "heading",
        "subheading",
        "chapter",
        "mainly",
        "solely",
        "и",
        "в",
        "во",
        "на",
        "с",
        "со",
        "к",
        "по",
        "для",
        "из",
        "от",
        "до",
        "или",
        "а",
        "также",
        "прочие",
        "прочий",
        "прочее",
        "других",
        "другие",
        "кроме",
        "не",
        "без",
    ]  # noqa: SIM905
)
# Words after these, in the same clause of an HS description, name what it is *not*.
NEGATIONS = (
    "other than",
    "excluding",
    "not",
    "except",
    "without",
    "nor",
    "кроме",
    "за исключением",
    "исключая",
    "без",
)
# Phrases that only say "with or without": "whether or not containing added sugar",
# "с добавлением или без добавления сахара". They negate nothing.
_EITHER_WAY = re.compile(r"\bwhether or not\b|\bили без\b")

_english = Stemmer.Stemmer("english")
_russian = Stemmer.Stemmer("russian")


# Word forms whose stem would be another word's: медь (copper) and мёд (honey) both stem
# to "мед".
_OWN_STEMS = {"медь": "медь", "меди": "медь", "медью": "медь"}


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    if KAZAKH.search(word):
        return word
    if CYRILLIC.search(word):
        return _OWN_STEMS.get(word) or _russian.stemWord(word)
    return _english.stemWord(_BRITISH_IZE.sub(r"iz\1", word))


def words(text: str) -> list[str]:
    """Folded words; a hyphenated word also yields its parts ('ferro-chromium'). Characters
    that show nothing (a soft hyphen, a zero-width joiner pasted from a document) do not
    part a word: names hold them as imported, queries lose them."""
    found = []
    for word in _WORD.findall(fold(text if text.isprintable() else visible(text))):
        if "-" in word:
            parts = word.split("-")
            found.extend(parts)
            found.append("".join(parts))
        else:
            found.append(word)
    return [w for w in found if w not in STOPWORDS and not w.isdigit()]


def stems(text: str) -> list[str]:
    """The stems of words(text), read a run of characters between spaces at a time:
    names and HS texts share most of their runs ("wheat", "Пшеница"), which are read once.
    No word spans a space, so the stems are those of the whole text."""
    if not text.isprintable():
        text = visible(text)
    found: list[str] = []
    for run in text.split():
        found += _run_stems(run) if len(run) <= _RUN_KEPT else [stem(w) for w in words(run)]
    return found


_RUN_KEPT = 40  # longer runs are rare, and would make the memory below large


@lru_cache(maxsize=100_000)
def _run_stems(run: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(run))


def clause_stems(description: str) -> list[tuple[str, bool]]:
    """Stems of an HS description, each marked True when it sits under a negation.

    "Cereals; wheat and meslin, other than durum wheat" → durum is negated there, and
    "семенной" in "Пшеница твердая, кроме семенной".
    """
    marked: list[tuple[str, bool]] = []
    text = _EITHER_WAY.sub(" ", fold(description))
    for clause in re.split(r"[;,()]", text):
        negated = False
        position = 0
        text = clause
        for marker in NEGATIONS:
            found = re.search(rf"\b{marker}\b", text)
            if found:
                position = found.end()
                negated = True
                break
        before, after = (text[:position], text[position:]) if negated else (text, "")
        marked += [(s, False) for s in stems(before)]
        marked += [(s, True) for s in stems(after)]
    return marked


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance of a and b, or limit + 1 once it must exceed limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def deletes(word: str, depth: int) -> set[str]:
    """Every string made by deleting up to depth characters (the SymSpell trick)."""
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


PREFIX = 5


def shared_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


# The longest stem the speller corrects: longer is no misspelt word but a paste or an attack.
MAX_SPELLED = 30


class Speller:
    """Finds the known stem that a misspelt or differently inflected stem stands for.

    Misspellings: stems within edit distance 1 (2 for long ones), found through
    an index of deletions (the SymSpell trick) instead of comparing with every
    known stem. Word forms: Russian adjectives and nouns of one root share a
    long prefix ("пшеничн", "пшениц").
    """

    def __init__(
        self,
        vocabulary: Iterable[str],
        *,
        weight: Callable[[str], int] = lambda s: 0,
        max_depth: int = 2,
    ):
        self.weight = weight
        self.max_depth = max_depth
        self.deletions: dict[str, set[str]] = defaultdict(set)
        self.prefixes: dict[str, set[str]] = defaultdict(set)
        for s in vocabulary:
            if len(s) >= 4:
                for variant in deletes(s, self._depth(s)):
                    self.deletions[variant].add(s)
            if len(s) >= PREFIX:
                self.prefixes[s[:PREFIX]].add(s)

    def _depth(self, s: str) -> int:
        return min(self.max_depth, 1 if len(s) < 7 else 2)

    def correct(self, s: str) -> str | None:
        if len(s) > MAX_SPELLED:
            return None  # no word is this long; its deletions would take cubic time
        if len(s) >= 4:
            limit = self._depth(s)
            candidates = {c for d in deletes(s, limit) for c in self.deletions.get(d, ())}
            close = [(d, c) for c in candidates if (d := edit_distance(s, c, limit)) <= limit]
            if close:
                return min(close, key=lambda dc: (dc[0], -self.weight(dc[1]), dc[1]))[1]
        if len(s) >= PREFIX:
            related = [
                v
                for v in self.prefixes.get(s[:PREFIX], ())
                if shared_prefix(s, v) >= max(PREFIX, int(0.75 * min(len(s), len(v))))
            ]
            if related:
                return max(related, key=lambda v: (shared_prefix(s, v), -len(v), v))
        return None
