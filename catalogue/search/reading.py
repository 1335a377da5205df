"""What full-text search looks for in a query's product words. Pure.

understand() (query/) leaves the product words: `iron rod`, `мука пшеничная`, `AGO`,
`cement + sharp sand`. read() turns them into stems of the words the catalogue and the
HS nomenclature know, and says which word is the product and which only qualify it:

- The words split into noun phrases at punctuation and at function words (`cement +
  sharp sand`, `bags of rice`). The first phrase names the product asked for; the words
  of the others are more products, which rank but never rule a category out.
- The head is the noun the first phrase is about: in English its last word (`iron rod`),
  passing over words after it that only describe it (`oil refined`, `chicken frozen`);
  in Russian its first word that is not an adjective (`мука пшеничная`, `подсолнечное
  масло`). The other words of the phrase are its qualifiers.
- Every word is read as a known stem (of the catalogue's index, the HS texts or the
  glossary): a misspelt word through the speller (`sunflowr`, marked as guessed), two
  words as one when the joined word is known (`buck wheat`, `water melon`). A word still unknown
  stays as a prefix (the buyer may still be typing it) but never becomes the head while
  a known word can. A Russian word typed in Latin letters (`pshenitsa`) is read in
  Cyrillic. A word counted by a number understand() left (`2 trucks`, `500
  lengths`) is the unit of a quantity, not a product: it is dropped.
- Glossary phrases (trade words, abbreviations: `AGO`, `iron rods`, `pure water`) are
  found among the words, longest first, from the head's end of the words (`frozen
  chicken laps` is frozen + `chicken laps`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from catalogue.hscodes import dotted
from catalogue.lib.normalise import fold
from catalogue.suggest.engine import GlossaryEntry
from catalogue.suggest.text import STOPWORDS, edit_distance, stem, words

# Longest glossary phrase looked for, in words (as the suggester does).
MAX_PHRASE = 4
# Most product words read; a pasted paragraph is cut here.
MAX_TERMS = 12
# The words of a glossary meaning that say what the entry is; the rest is HS wording.
MEANING_WORDS = 3
# Most codes a trade word is shown with.
SHOWN_CODES = 3
# Shorter misspellings are not read through the words beside them.
SPELLED_FROM = 3
# Shorter Russian stems are too general to stand for a word's other forms (мед, not медь).
_FORM_FROM = 4
# Russian compounds end in their head: портландцемент is a цемент.
SUFFIX_FROM = 5
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*|[,;+/&|()]")
_CYRILLIC = re.compile(r"[а-я]")
# Russian adjective endings; words this long or longer ending so are taken as adjectives
# ("жмых", four letters, is a noun).
_ADJECTIVE_ENDINGS = (
    "ый", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "его", "ому", "ему", "ым",
    "ую", "юю", "ых", "ими", "ыми", "ский", "цкий",
)  # fmt: skip
_ADJECTIVE_LENGTH = 5
# English words that describe a noun they follow: `oil, refined`, `chicken frozen`; and
# the physical form a product comes in: `caustic soda flakes`, `urea prills`.
_AFTER_THE_NOUN = frozenset(
    ["frozen", "fresh", "chilled", "crude", "raw", "boneless", "whole", "organic", "premium"]
    + ["flakes", "flake", "granules", "granule", "pellets", "pellet", "powder", "prills"]
    + ["lumps", "lump", "crystals", "chips", "briquettes", "solution", "liquid", "rolls"]
)


@dataclass(frozen=True)
class Term:
    stem: str
    known: bool = True  # a word of the catalogue, HS or glossary: matched as a whole word
    guessed: bool = False  # read through the speller
    # Other spellings: stems the glossary says it means ("aluminum"), a compound's words
    # apart ("gasoil": "gas oil").
    synonyms: tuple[str, ...] = ()
    word: str = ""  # as typed (folded)

    @property
    def russian(self) -> bool:
        return bool(_CYRILLIC.search(self.stem))

    @cached_property
    def needles(self) -> tuple[str, ...]:
        """What finds the word in a space-padded text of stems: the whole word (or its
        spellings); an unknown word as the start of one (the buyer may still be typing);
        a long Russian word also as the end of one (портландцемент is a цемент)."""
        if not self.known:
            return (f" {self.stem}",)
        spellings = tuple(f" {s} " for s in self.synonyms)
        if self.russian and len(self.stem) >= SUFFIX_FROM:
            return (f"{self.stem} ", *spellings)
        return (f" {self.stem} ", *spellings)


@dataclass(frozen=True)
class Phrase:
    """A glossary entry read among the product words."""

    entry: GlossaryEntry
    stems: frozenset[str]  # the stems of the query it accounts for
    typed: str  # those words as typed

    @property
    def codes(self) -> tuple[str, ...]:
        return self.entry.codes

    @property
    def gloss(self) -> str:
        """What the entry means, as a buyer would read it: the words an abbreviation
        stands for ("automotive gas oil" for AGO), else nothing beyond its codes."""
        return self.entry.spelled_out

    @property
    def label(self) -> str:
        """`AGO (automotive gas oil, HS 2710.19)`, `iron rods (HS 7214.20)`; a word for goods
        of several headings with each (`vegetable oil (HS 1511.90, 1507.90, 1512.19)`)."""
        said = [self.gloss] if self.gloss else []
        codes = self.codes
        # A code within or around one listed before it says nothing more: HRC (7208,
        # 7208.39, ...) is HS 7208, iron rods (7214.20, 7214) HS 7214.20.
        broadest = [
            c
            for i, c in enumerate(codes)
            if not any(c.startswith(p) or p.startswith(c) for p in codes[:i])
        ]
        if broadest:
            said.append("HS " + ", ".join(dotted(c) for c in broadest[:SHOWN_CODES]))
        shown = self.entry.label if self.entry.label.isupper() else self.typed
        return f"{shown} ({', '.join(said)})" if said else shown


@dataclass(frozen=True)
class Reading:
    head: Term | None = None
    qualifiers: tuple[Term, ...] = ()
    others: tuple[Term, ...] = ()  # words of further noun phrases: more products
    purposes: tuple[Term, ...] = ()
    specs: tuple[Term, ...] = ()  # of grades and standards: "premium grade", "AI-92"
    phrases: tuple[Phrase, ...] = ()
    # Glossary phrases of the purpose, alone or with the product: "fuel for generator" is
    # "generator fuel", "wire for house wiring" "house wire".
    purpose_phrases: tuple[Phrase, ...] = ()
    corrections: dict[str, str] = field(default_factory=dict)  # word typed → stem read
    first: tuple[Term, ...] = ()  # the first noun phrase, as typed
    rest: tuple[Term, ...] = ()  # the words of further noun phrases
    head_order: tuple[int, ...] = ()  # where in first the head may be, likeliest first

    @property
    def product_terms(self) -> tuple[Term, ...]:
        return _distinct([*self.first, *self.rest], set())

    @property
    def searched(self) -> list[str]:
        """The stems the full-text index is asked for: the product's, and their synonyms."""
        found = [t.stem for t in self.product_terms]
        spellings = [w for t in self.product_terms for s in t.synonyms for w in s.split()]
        return list(dict.fromkeys(found + spellings))

    def respelled(self, at: int, stem: str) -> Reading:
        """This reading with the word at this position of the first phrase read as another
        stem, a correction, and the head."""
        was = self.first[at]
        first = list(self.first)
        first[at] = Term(stem, True, True, word=was.word)
        corrections = {**self.corrections, was.word: stem}
        return replace(self, first=tuple(first), corrections=corrections).with_head(at)

    def with_head(self, at: int) -> Reading:
        """This reading with the head at this position of the first phrase."""
        head = self.first[at]
        qualifiers = _distinct([t for i, t in enumerate(self.first) if i != at], {head.stem})
        others = _distinct(list(self.rest), {head.stem} | {q.stem for q in qualifiers})
        return replace(self, head=head, qualifiers=qualifiers, others=others)

    @property
    def meaning(self) -> tuple[str, ...]:
        """The stems of what the glossary says the head means: what an abbreviation stands
        for ("automotive gas oil" for AGO), else the first words of its meaning ("gas oil
        diesel" for gasoil)."""
        if self.head is None:
            return ()
        found: list[str] = []
        for phrase in self.phrases:
            if self.head.stem in phrase.stems:
                gloss = phrase.gloss or " ".join(phrase.entry.means.split()[:MEANING_WORDS])
                found += [s for s in _stems(gloss) if s not in found]
        return tuple(found)


def _stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def _phrases_of(text: str) -> list[list[list[str]]]:
    """The words of the text in runs between punctuation, each run in noun phrases
    between function words: "cement + sharp sand of x" → [[[cement]], [[sharp, sand], [x]]].
    A word after a number is the number's unit and is left out, unless it is all there is."""
    runs: list[list[list[str]]] = [[[]]]
    counted = False
    units = []
    for token in _TOKEN.findall(fold(text)):
        after_number, counted = counted, token.isdigit()
        if not token[0].isalnum():
            runs.append([[]])
        elif counted:
            continue  # a number: words() would drop it anyway
        elif token in STOPWORDS:
            runs[-1].append([])
        elif after_number:
            units.append(token)
        else:
            runs[-1][-1].append(token)
    found = [[p for p in run if p] for run in runs if any(run)]
    # "200 tyres": with nothing else to go on, what is counted is the product.
    return found or ([[units]] if units else [])


def _adjective(word: str) -> bool:
    return len(word) >= _ADJECTIVE_LENGTH and word.endswith(_ADJECTIVE_ENDINGS)


def _head_order(phrase: list[tuple[str, Term]]) -> tuple[int, ...]:
    """Where the head noun of a noun phrase of (word, term) may be, likeliest first:
    known words before unknown ones; in Russian the nouns from the first, then the
    adjectives; in English the words from the last, those that only describe a noun
    after the others."""
    known = [i for i, (_, term) in enumerate(phrase) if term.known]
    unknown = [i for i, (_, term) in enumerate(phrase) if not term.known]
    if any(term.russian for _, term in phrase):
        nouns = [i for i in known if not _adjective(phrase[i][0])]
        order = nouns + [i for i in reversed(known) if i not in nouns]
    else:
        describing = [
            i for i in known if phrase[i][0].endswith("ed") or phrase[i][0] in _AFTER_THE_NOUN
        ]
        order = [i for i in reversed(known) if i not in describing] + describing[::-1]
    return tuple(order + unknown[::-1])


def read(
    product: str,
    purpose: str = "",
    specs: str = "",
    *,
    beside: str = "",
    known: Container[str],
    correct: Callable[[str], str | None] = lambda s: None,
    correct_more: Callable[[str], str | None] = lambda s: None,
    glossary: Mapping[tuple[str, ...], GlossaryEntry] | None = None,
) -> Reading:
    """The terms of the product words (and of a purpose's words), with the head noun.

    known says whether a stem is a word of the catalogue, HS or glossary; correct proposes
    a known stem for an unknown one, from the catalogue's words, and correct_more from
    other known words, when neither correct nor reading it in Cyrillic could; glossary maps
    the sorted stems of a trade phrase to its entry. A literal reading passes no speller
    and no glossary. beside are words that may name the goods but were read as something
    else (packaging: "galvanized steel coil"): they rank, as further products do.
    """
    corrections: dict[str, str] = {}
    lexicon = _Lexicon(known, correct, correct_more, glossary or {})
    runs = _phrases_of(product)
    read_runs: list[list[list[tuple[str, Term]]]] = []
    count = 0
    for run in runs:
        read_run = []
        for phrase in run:
            read_phrase = []
            for word, term in _terms_of(phrase, lexicon, corrections):
                if count < MAX_TERMS:
                    read_phrase.append((word, term))
                    count += 1
            if read_phrase:
                read_run.append(read_phrase)
        if read_run:
            read_runs.append(read_run)
    phrases = _glossary_phrases(read_runs, glossary or {})
    read_runs = _with_synonyms(read_runs, phrases)
    noun_phrases = [p for run in read_runs for p in run]
    if not noun_phrases:
        return Reading(corrections=corrections)
    first, *rest = noun_phrases
    rest.append([(w, Term(s, s in known, word=w)) for w in words(beside) for s in [stem(w)]])
    order = _head_order(first)
    for_what = [(w, Term(stem(w), stem(w) in known, word=w)) for w in words(purpose)]
    purpose_phrases = [
        p
        for p in _glossary_phrases([[first + for_what]], glossary or {})
        if for_what
        if p not in phrases and not p.stems <= {t.stem for _, t in first}
    ]
    reading = Reading(
        purposes=tuple(Term(s, s in known) for s in dict.fromkeys(_stems(purpose))),
        specs=tuple(Term(s, s in known) for s in dict.fromkeys(_stems(specs))),
        phrases=phrases,
        purpose_phrases=tuple(purpose_phrases),
        corrections=corrections,
        first=tuple(t for _, t in first),
        rest=tuple(t for p in rest for _, t in p),
        head_order=order,
    )
    return reading.with_head(order[0])


def _distinct(terms: list[Term], seen: set[str]) -> tuple[Term, ...]:
    found = []
    for term in terms:
        if term.stem not in seen:
            seen.add(term.stem)
            found.append(term)
    return tuple(found)


@dataclass(frozen=True)
class _Lexicon:
    """The words a query is read against: see read()."""

    known: Container[str]
    correct: Callable[[str], str | None]
    correct_more: Callable[[str], str | None]
    glossary: Mapping[tuple[str, ...], GlossaryEntry]

    def joined(self, word: str, after: str) -> str | None:
        """The stem of a compound typed apart ("water melon", "buck wheat"), unless the two
        words are a trade phrase apart ("gas oil")."""
        joined, apart = stem(word + after), (stem(word), stem(after))
        if joined not in self.known:
            return None
        if all(s in self.known for s in apart) and tuple(sorted(apart)) in self.glossary:
            return None
        return joined

    def in_phrase(self, s: str, beside: list[str]) -> str | None:
        """The stem a misspelt word stands for when, with a known word beside it, it makes
        a trade phrase: "iron rood" is iron rod, not roofing."""
        if len(s) < SPELLED_FROM:
            return None
        limit = 1 if len(s) < 7 else 2
        for key in self.glossary:
            if len(key) != 2:
                continue
            for n in beside:
                if n in key and n in self.known:
                    other = key[1] if key[0] == n else key[0]
                    if other != s and edit_distance(s, other, limit) <= limit:
                        return other
        return None


def _terms_of(
    phrase: list[str], lexicon: _Lexicon, corrections: dict[str, str]
) -> list[tuple[str, Term]]:
    """Each word of a noun phrase as a term: joined with the next word into a compound,
    known, corrected, or unknown."""
    found: list[tuple[str, Term]] = []
    expanded = words(" ".join(phrase))  # hyphenated words also as their parts
    # "sunflower-oil" is read by its parts; joined, only where that is a known word.
    hyphenated = {w.replace("-", "") for w in phrase if "-" in w}
    i = 0
    while i < len(expanded):
        word = expanded[i]
        s = stem(word)
        if word in hyphenated and s not in lexicon.known:
            i += 1
            continue
        joined = lexicon.joined(word, expanded[i + 1]) if i + 1 < len(expanded) else None
        if joined:
            after = expanded[i + 1]
            apart = f"{s} {stem(after)}"  # names may write it apart too
            found.append((f"{word} {after}", Term(joined, synonyms=(apart,), word=word)))
            i += 2
            continue
        guessed = False
        if s not in lexicon.known:
            beside = [t.stem for _, t in found[-1:]] + [stem(w) for w in expanded[i + 1 : i + 2]]
            corrected = (
                lexicon.in_phrase(s, beside)
                or lexicon.correct(s)
                or _in_cyrillic(word, lexicon.known)
                or lexicon.correct_more(s)
            )
            if corrected:
                corrections[word] = corrected
                s, guessed = corrected, True
        forms = _russian_forms(word, s, lexicon.known)
        found.append((word, Term(s, s in lexicon.known, guessed, forms, word=word)))
        i += 1
    return found


def _with_synonyms(
    runs: list[list[list[tuple[str, Term]]]], phrases: tuple[Phrase, ...]
) -> list[list[list[tuple[str, Term]]]]:
    """A word a glossary entry without codes reads as one other word is a spelling of it:
    "aluminum" is "aluminium", "sulfur" "sulphur". (Longer meanings are definitions:
    "galvanized" is "plated coated zinc", not a plate.)"""
    synonyms = {}
    for p in phrases:
        meant = set(_stems(p.entry.means)) - p.stems
        if len(p.stems) == 1 and not p.codes and len(meant) == 1:
            synonyms[next(iter(p.stems))] = tuple(meant)
    if not synonyms:
        return runs
    return [
        [[(w, replace(t, synonyms=synonyms.get(t.stem, ()))) for w, t in phrase] for phrase in run]
        for run in runs
    ]


# Russian words typed in Latin letters, as exporters' price lists spell them: pshenitsa,
# muka, sakhar. Longest spellings first.
_LATIN_TO_CYRILLIC = [
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"),
    ("sh", "ш"), ("yu", "ю"), ("ya", "я"), ("yo", "е"), ("ye", "е"), ("a", "а"), ("b", "б"),
    ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("y", "ы"),
    ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"),
    ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "ц"), ("w", "в"),
]  # fmt: skip
_LATIN = re.compile("|".join(latin for latin, _ in _LATIN_TO_CYRILLIC))
_CYRILLIC_OF = dict(_LATIN_TO_CYRILLIC)


def _russian_forms(word: str, s: str, known: Container[str]) -> tuple[str, ...]:
    """Known stems of the same Russian word that the stemmer cuts shorter in other forms:
    цыплята is цыплят, but the catalogue's цыплят-бройлеров is цыпл."""
    if not _CYRILLIC.search(word) or len(word) < SUFFIX_FROM:
        return ()
    shorter = {stem(word[:-n]) for n in (1, 2)} - {s}
    return tuple(sorted(f for f in shorter if len(f) >= _FORM_FROM and f in known))


def _in_cyrillic(word: str, known: Container[str]) -> str | None:
    """The stem of a Latin-lettered word read as Russian, when that is a known word."""
    if not word.isascii() or not word.isalpha() or len(word) < 4:
        return None
    s = stem(_LATIN.sub(lambda m: _CYRILLIC_OF[m.group(0)], word))
    return s if s in known else None


def _glossary_phrases(
    runs: list[list[list[tuple[str, Term]]]], glossary: Mapping[tuple[str, ...], GlossaryEntry]
) -> tuple[Phrase, ...]:
    """Glossary entries among the words of each run (function words between them do not
    count, as in the glossary's own keys), longest first, from the end of the words where
    the head is: the last in English, the first in Russian."""
    found: list[Phrase] = []
    for run in runs:
        terms = [(word, term) for phrase in run for word, term in phrase]
        backwards = not any(term.russian for _, term in terms)
        if backwards:
            terms.reverse()
        in_run: list[Phrase] = []
        i = 0
        while i < len(terms):
            for n in range(min(MAX_PHRASE, len(terms) - i), 0, -1):
                window = terms[i : i + n]
                entry = glossary.get(tuple(sorted(t.stem for _, t in window)))
                if entry:
                    in_order = window[::-1] if backwards else window
                    typed = " ".join(word for word, _ in in_order)
                    if any(t.guessed for _, t in window):
                        typed = entry.term  # as the glossary spells it, not misspelt
                    in_run.append(Phrase(entry, frozenset(t.stem for _, t in window), typed))
                    i += n
                    break
            else:
                i += 1
        found += in_run[::-1] if backwards else in_run
    return tuple(found)
