"""Which candidate categories answer a query, and in what order. Pure.

Candidates come from the full-text index (any product word) and from codes (the
glossary's and officials' mappings, a typed code); each brings its search document
(heads, names, details, exporters, as stems) and its HS codes.

A category answers the query when it has the head product and every distinguishing
qualifier, or falls under a typed code:
- The head is among its words (names; HS texts and description; exporters), or the
  category falls under the codes of a glossary phrase or confirmed mapping that reads the
  head ("AGO" is 2710.19, "iron rods" 7214.20). When the glossary reads the head, a
  category outside its codes needs the head in its names: "pure water" is 2201.90, not
  table salt, whose HS text speaks of pure salt and sea water; so does a head the
  speller guessed. Where categories are named with the head, one that only mentions it
  in its HS texts answers only in an HS chapter the suggester reads the words as:
  "sugar" is not yoghurt, "whether or not containing added sugar".
- Each qualifier is among its words, or under the codes of a glossary phrase that reads
  it. A qualifier it lacks rules it out when the qualifier names something: a glossary
  entry with codes reads it ("DAP fertilizer"), or an HS text or a candidate's document
  names it together with the head ("palm oil" is heading 1511, "milling wheat" a
  category of its own); a word the speller guessed, only where a category's name has it
  with the head ("sunflowr oil"). Other words do not rule anything out, they only rank: a
  word nothing knows (a brand) and a known word nothing tells the head apart by
  ("galvanized pipe", were the glossary silent). A category that has the
  head only in its HS texts or exporters is not named for it, and must have them all.
Words of further noun phrases ("cement + sharp sand"), purposes and grades only rank.

Answering categories are ranked by how much of the product's meaning they cover: the head
first (named for it > named with it > in its HS texts; read by a code, and more when the
words say it too), then the share of the qualifiers
they hold, the other products' words, the codes the glossary, officials or HS wording
propose, what a trade word means ("automotive gas oil" for AGO), the grades asked for,
a size that falls in a range the name gives ("transformer 500 kVA": "up to 650 kVA"), the
family the catalogue lists most kinds of under the head ("flour": its wheat flours),
the purposes, fewer words in the name that the query did not ask for ("Portland cement
CEM I 42.5" before "Sulphate-resistant Portland cement"), and the engine's BM25 /
ts_rank; more active offers only break exact ties.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from os.path import commonprefix

from catalogue.search.grades import named_with
from catalogue.search.reading import Reading, Term
from catalogue.search.sizes import in_range
from catalogue.suggest.text import edit_distance, stem

# How much a word counts where it is found.
IN_HEADS, IN_NAMES, IN_DETAILS, IN_EXPORTERS = 1.0, 0.8, 0.5, 0.3
# What each part of the score weighs.
HEAD, QUALIFIERS, OTHERS, CODES, WORDS, MEANING, SPECS, SIZE, GRADE, FAMILY, PURPOSES, ENGINE = (
    8.0, 4.0, 2.0, 1.5, 2.0, 1.0, 1.0, 1.0, 1.0, 0.6, 0.4, 0.1,
)  # fmt: skip
# More for the share of the product's words the name in the page's language has: on a
# Russian or Kazakh page, what is named in its language ranks first among answers that
# cover the query alike. English pages have no such part.
LANGUAGE = 2.0
# Less, for each word of the name the query did not ask for (up to UNASKED_COUNTED).
UNASKED, UNASKED_COUNTED = 0.03, 10
# Shorter heads are not respelled: "yam" is not jam.
RESPELL_FROM = 5
NEAREST = 12


@dataclass(frozen=True)
class Candidate:
    category: int
    heads: str
    names: str
    details: str
    exporters: str
    codes: tuple[str, ...] = ()  # HS codes, the primary first
    engine_score: float = 0.0  # BM25 / ts_rank; 0 when found by code only
    offers: int = 0
    name: str = ""  # as written, when the query gives a size to find in it
    names_ru: str = ""  # the stems of the Russian name
    names_kk: str = ""  # ...and of the Kazakh name

    def names_in(self, language: str) -> str:
        """The stems of its name in a page's language; none for English."""
        return {"ru": self.names_ru, "kk": self.names_kk}.get(language, "")

    def under(self, code: str) -> bool:
        return any(c.startswith(code) for c in self.codes)


@dataclass(frozen=True)
class Codes:
    """Codes that read the query: each with its weight and the stems it accounts for
    (all of them for a confirmed mapping); typed codes answer whatever the words."""

    weights: dict[str, float] = field(default_factory=dict)
    reads: dict[str, frozenset[str]] = field(default_factory=dict)
    everything: frozenset[str] = frozenset()
    # The HS chapters the suggester reads the product words as: where categories are
    # named with the head, one that only mentions it in its HS texts answers only in one.
    chapters: frozenset[str] = frozenset()
    closest: str = ""  # the code the suggester reads the product words as, if any


class _ByCode:
    """What the codes reading a query say of one HS code, worked out once per code: the
    candidates of a large catalogue share a few hundred codes."""

    def __init__(self, codes: Codes):
        self.codes = codes
        self._of: dict[str, tuple[dict[str, float], list[tuple[str, float]], bool, bool]] = {}

    def of(self, code: str) -> tuple[dict[str, float], list[tuple[str, float]], bool, bool]:
        """For a category's code: how well the reading codes read each stem, the weighted
        codes it falls under, whether it is under a typed code, and in a chapter read."""
        found = self._of.get(code)
        if found is None:
            codes = self.codes
            reads: dict[str, float] = {}
            for reading, stems in codes.reads.items():
                if code.startswith(reading):
                    # A subheading reads exactly, a heading or chapter as broadly as a name.
                    level = IN_HEADS if len(reading) >= 6 else IN_NAMES
                    for s in stems:
                        reads[s] = max(reads.get(s, 0.0), level)
            weighted = [(w, weight) for w, weight in codes.weights.items() if code.startswith(w)]
            typed = any(code.startswith(t) for t in codes.everything)
            found = (reads, weighted, typed, code[:2] in codes.chapters)
            self._of[code] = found
        return found


@dataclass(frozen=True)
class _NamedFacts:
    """Sizes and grades the query asks for, which a category's name may give."""

    sizes: list[tuple[Decimal, str]]
    grades: list[str]

    def bonus(self, name: str) -> float:
        found = SIZE if self.sizes and in_range(name, self.sizes) else 0.0
        return found + (GRADE if self.grades and named_with(name, self.grades) else 0.0)


@dataclass(frozen=True)
class Ranked:
    answers: list[int]
    # Named with the head but not answering; when none is, named with another product word.
    nearest: list[int]
    head_found: bool  # some candidate is named with the head, whether or not it answers
    in_best: frozenset[str] = frozenset()  # the product's stems the best answer has
    named_in_best: frozenset[str] = frozenset()  # ...in the names the page shows with it
    reading: Reading | None = None  # as ranked: with the head chosen, perhaps respelled


class _Fields:
    """A candidate's fields padded with spaces, so a word is found whole or as a prefix
    (Term.needles)."""

    def __init__(self, candidate: Candidate, by_code: _ByCode, language: str = "en"):
        self.candidate = candidate
        self.heads = f" {candidate.heads} "
        self.names = f" {candidate.names} "
        self.in_language = f" {candidate.names_in(language)} "
        self.shown_names = f" {_shown_names(candidate, language)} "
        self.details = f" {candidate.details} "
        self.exporters = f" {candidate.exporters} "
        self._levels: dict[int, float] = {}  # by id of the term: terms live as long
        # Per stem, how well a code the candidate falls under reads it; the weight of the
        # best code proposed for the query it falls under (its primary code exactly: full);
        # whether it is under a typed code, and in a chapter the suggester reads.
        self.by_code: dict[str, float] = {}
        self.code_weight = 0.0
        self.typed = self.in_chapter = False
        for i, code in enumerate(candidate.codes):
            reads, weighted, typed, in_chapter = by_code.of(code)
            for s, level in reads.items():
                self.by_code[s] = max(self.by_code.get(s, 0.0), level)
            for proposed, weight in weighted:
                exact = i == 0 and code == proposed
                self.code_weight = max(self.code_weight, weight * (1.0 if exact else 0.8))
            self.typed = self.typed or typed
            self.in_chapter = self.in_chapter or in_chapter

    def level(self, term: Term) -> float:
        """Where the word is: in the heads, names, details or exporters."""
        found = self._levels.get(id(term))
        if found is None:
            needles = term.needles
            if any(n in self.heads for n in needles):
                found = IN_HEADS
            elif any(n in self.names for n in needles):
                found = IN_NAMES
            elif any(n in self.details for n in needles):
                found = IN_DETAILS
            elif any(n in self.exporters for n in needles):
                found = IN_EXPORTERS
            else:
                found = 0.0
            self._levels[id(term)] = found
        return found

    def coverage(self, term: Term) -> float:
        return max(self.by_code.get(term.stem, 0.0), self.level(term))

    def shares_code(self, code: str) -> int:
        """How many leading digits of the code its primary code shares."""
        return len(commonprefix([self.candidate.codes[0] if self.candidate.codes else "", code]))

    def in_names(self, s: str) -> bool:
        return f" {s} " in self.names or f" {s} " in self.heads

    def in_language_name(self, term: Term) -> bool:
        return any(n in self.in_language for n in term.needles)

    def named_on_page(self, term: Term) -> bool:
        """Whether the names a page shows with the category have the word."""
        return any(n in self.shown_names for n in term.needles)

    def unasked(self, asked: set[str]) -> int:
        """Words of the English and Russian names the query did not ask for: a Kazakh name
        too would count a category's words twice over that others count once."""
        kazakh = _kazakh_only(self.candidate)
        names = self.candidate.names.split()
        extra = {w for w in names if len(w) >= 3 and w not in asked and w not in kazakh}
        return min(len(extra), UNASKED_COUNTED)


def _kazakh_only(c: Candidate) -> set[str]:
    """The stems of the Kazakh name that neither other name has."""
    return {w for w in c.names_kk.split() if not w.isascii()} - set(c.names_ru.split())


def _shown_names(c: Candidate, language: str) -> str:
    """The stems of the names a page shows with a category (languages.ALSO_SHOWN): on a
    Kazakh page the Kazakh and the Russian where it has both, else the English and Russian."""
    if language == "kk":
        return f"{c.names_kk} {c.names_ru}" if c.names_kk and c.names_ru else c.names
    kazakh = _kazakh_only(c)
    return " ".join(w for w in c.names.split() if w not in kazakh)


def distinguishing(
    reading: Reading, fields: list[_Fields], paired_in_hs: Callable[[str, str], bool]
) -> set[str]:
    """The qualifiers a category must have to answer (see the module's docstring)."""
    head = reading.head
    if head is None:
        return set()
    found = set()
    for q in reading.qualifiers:
        if not q.known:
            continue
        if q.guessed:
            # A guess rules out only where a category's name bears it out with the head.
            if any(f.level(q) >= IN_NAMES and f.level(head) >= IN_NAMES for f in fields):
                found.add(q.stem)
            continue
        by_glossary = any(q.stem in p.stems and p.codes for p in reading.phrases)
        if by_glossary or paired_in_hs(q.stem, head.stem):
            found.add(q.stem)
            continue
        if any(f.level(q) > 0 and f.level(head) > 0 for f in fields):
            found.add(q.stem)  # exporters too: "Kostanay wheat"
    return found


def rank(
    reading: Reading,
    candidates: list[Candidate],
    codes: Codes,
    *,
    paired_in_hs: Callable[[str, str], bool] = lambda a, b: False,
    sizes: list[tuple[Decimal, str]] | None = None,
    grades: list[str] | None = None,
    literal: bool = False,
    language: str = "en",
) -> Ranked:
    """The candidates that answer, best first, and the nearest of the others.
    paired_in_hs says whether an HS text names two stems together; sizes are the sizes
    and quantities asked for (value, unit), found in the ranges names give; grades the
    grades and standards asked for (understand()'s labels), found in names. literal: the
    candidates hold every word as typed, and all answer. language: the page's (en, ru,
    kk); names in it rank first among answers alike."""
    by_code = _ByCode(codes)
    fields = [_Fields(c, by_code, language) for c in candidates]
    in_names = _NamedFacts(sizes or [], grades or [])
    if literal:
        return _rank_as(reading, fields, codes, paired_in_hs, in_names, literal=True)
    chosen = _respelled_with_qualifiers(reading, fields)
    if chosen is None:
        chosen = _respelled_head(_choose_head(reading, fields), fields)
    ranked = _rank_as(chosen, fields, codes, paired_in_hs, in_names)
    if not ranked.answers:
        # "barbed wire rolls": no category is the rolls, Barbed wire is named for the wire.
        for other in _other_heads(chosen, fields):
            again = _rank_as(other, fields, codes, paired_in_hs, in_names)
            if again.answers:
                return again
    return ranked


def _rank_as(
    reading: Reading,
    fields: list[_Fields],
    codes: Codes,
    paired_in_hs: Callable[[str, str], bool],
    in_names: _NamedFacts,
    *,
    literal: bool = False,
) -> Ranked:
    required = distinguishing(reading, fields, paired_in_hs)
    best_engine = max((f.candidate.engine_score for f in fields), default=0.0) or 1.0
    asked = {t.stem for t in (*reading.product_terms, *reading.specs, *reading.purposes)}
    asked |= set(reading.meaning)
    head = reading.head
    named = head is not None and any(f.coverage(head) >= IN_NAMES for f in fields)
    asking = _Asking(
        reading,
        required,
        head_named=named,
        glossary_reads_head=head is not None
        and any(head.stem in stems for stems in codes.reads.values()),
        meaning=reading.meaning,
        head_words=_head_words(reading),
    )
    scored: list[tuple[float, _Fields, bool]] = []
    for f in fields:
        answers, score = _judge(f, asking)
        answers = answers or literal
        score += ENGINE * f.candidate.engine_score / best_engine
        if reading.head is not None:
            score -= UNASKED * f.unasked(asked)
        score += in_names.bonus(f.candidate.name)
        if head is not None and f.in_language.strip():
            said = [*asking.head_words, *reading.qualifiers]
            score += LANGUAGE * _mean([1.0 if f.in_language_name(t) else 0.0 for t in said])
        scored.append((score, f, answers))
    _add_family(scored, reading)

    def order(item: tuple[float, _Fields, bool]) -> tuple:
        score, f, _ = item
        return (-round(score, 9), -f.candidate.offers, f.candidate.category)

    scored.sort(key=order)
    answers = [f.candidate.category for _, f, ok in scored if ok]
    # The nearest by HS code to what the suggester reads the words as first: for "palm
    # oil", the other vegetable oils before motor oils.
    unanswered = sorted(
        (f for _, f, ok in scored if not ok), key=lambda f: -f.shares_code(codes.closest)
    )
    named_with_head = [
        f.candidate.category for f in unanswered if head and f.coverage(head) >= IN_NAMES
    ]
    nearest = named_with_head or [
        f.candidate.category
        for f in unanswered
        if any(f.level(t) >= IN_NAMES for t in reading.product_terms)
    ]
    best = next((f for _, f, ok in scored if ok), None)
    terms = reading.product_terms if best is not None else ()
    in_best = frozenset(t.stem for t in terms if best and best.coverage(t) > 0)
    named_in_best = frozenset(t.stem for t in terms if best and best.named_on_page(t))
    return Ranked(
        answers,
        nearest[:NEAREST],
        bool(answers or named_with_head),
        in_best,
        named_in_best,
        reading,
    )


def _head_words(reading: Reading) -> tuple[Term, ...]:
    """The head, or the words of the glossary phrase it is the head of ("gas oil")."""
    head = reading.head
    if head is None:
        return ()
    for phrase in reading.phrases:
        if head.stem in phrase.stems:
            words = [t for t in reading.first if t.stem in phrase.stems]
            return tuple(words) if len(words) == len(phrase.stems) else (head,)
    return (head,)


def _named_for(head: Term, fields: list[_Fields]) -> bool:
    """Some category is named for the word (it is the head of its name), or a code reads it."""
    return any(head.stem in f.by_code or f.level(head) == IN_HEADS for f in fields)


def _choose_head(reading: Reading, fields: list[_Fields]) -> Reading:
    """The likeliest head, when a candidate is named with it (or a code reads it); else the
    next likeliest that a category is named for (or a code reads): "diesel AGO supply"
    is about AGO, "sugar market" about sugar. Not "frozen" for "frozen shrimps": no
    category is named for frozen."""
    if reading.head is None or any(f.coverage(reading.head) >= IN_NAMES for f in fields):
        return reading
    return next(_other_heads(reading, fields), reading)


def _respelled_head(reading: Reading, fields: list[_Fields]) -> Reading:
    """A head no candidate is named with, a letter or two from a word candidates are named
    with, is read as that word: "bitumin" (a stem of "bituminous", in HS texts) is bitumen."""
    head = reading.head
    if head is None or head.russian or len(head.stem) < RESPELL_FROM:
        return reading
    if any(f.coverage(head) >= IN_NAMES for f in fields):
        return reading
    limit = 1 if len(head.stem) < 7 else 2
    named = Counter(w for f in fields for w in f.candidate.names.split() if len(w) >= 4)
    close = [
        (distance, -count, word)
        for word, count in named.items()
        if abs(len(word) - len(head.stem)) <= limit
        and (distance := edit_distance(head.stem, word, limit)) <= limit
    ]
    if not close:
        return reading
    at = reading.first.index(head)
    return reading.respelled(at, min(close)[2])


def _respelled_with_qualifiers(reading: Reading, fields: list[_Fields]) -> Reading | None:
    """A head no candidate is named with together with every qualifier, read as a word a
    letter or two from what was typed that a candidate is named with together with them:
    "wheat flower" is wheat flour, "ice ceram" ice cream, "steel boolts" steel bolts (not
    the boots the speller guessed without the words around it)."""
    head = reading.head
    qualifiers = [q.stem for q in reading.qualifiers if q.known]
    if head is None or head.russian or not qualifiers:
        return None
    typed = stem(head.word) if head.guessed and head.word else head.stem
    if len(typed) < RESPELL_FROM:
        return None
    with_qualifiers = [f for f in fields if all(f.in_names(q) for q in qualifiers)]
    if any(f.coverage(head) >= IN_NAMES for f in with_qualifiers):
        return None
    limit = 1 if len(typed) < 6 else 2
    close = Counter(
        w
        for f in with_qualifiers
        for w in f.candidate.names.split()
        if w not in qualifiers and abs(len(w) - len(typed)) <= limit
    )
    ranked = sorted(
        (distance, -count, w)
        for w, count in close.items()
        if (distance := edit_distance(typed, w, limit)) <= limit
    )
    return reading.respelled(reading.first.index(head), ranked[0][2]) if ranked else None


def _other_heads(reading: Reading, fields: list[_Fields]) -> Iterator[Reading]:
    """The reading with each other word of the first phrase that a category is named for
    as the head, likeliest first."""
    for at in reading.head_order:
        other = reading.with_head(at)
        if other.head and other.head != reading.head and _named_for(other.head, fields):
            yield other


@dataclass(frozen=True)
class _Asking:
    """What one reading asks of every candidate, worked out once."""

    reading: Reading
    required: set[str]  # the distinguishing qualifiers
    head_named: bool  # some candidate is named with the head
    glossary_reads_head: bool
    meaning: tuple[str, ...]
    head_words: tuple[Term, ...]  # the head, or the trade phrase it is the head of


def _judge(f: _Fields, asking: _Asking) -> tuple[bool, float]:
    """Whether the candidate answers, and its score before the parts that compare it with
    the other candidates."""
    reading, required = asking.reading, asking.required
    code_weight, by_typed_code = f.code_weight, f.typed
    head = reading.head
    if head is None:
        return by_typed_code, CODES * code_weight
    literal = f.level(head)
    head_level = f.coverage(head)
    if asking.glossary_reads_head and head.stem not in f.by_code and literal < IN_NAMES:
        head_level = 0.0
    named = head_level >= IN_NAMES
    mention = head_level == IN_DETAILS and asking.head_named
    if mention and not f.in_chapter:
        head_level = 0.0  # "sugar" is not yoghurt, "whether or not containing added sugar"
    if head.guessed and head_level < IN_NAMES:
        head_level = 0.0  # a guess at the head counts where names bear it out
    qualifier_levels = [f.coverage(q) for q in reading.qualifiers]
    answers = by_typed_code or (
        head_level > 0
        and all(
            level > 0 or (named and q.stem not in required)
            for q, level in zip(reading.qualifiers, qualifier_levels, strict=True)
        )
    )
    # A code reads the head as well as the names do; under the code, names that say it too
    # count more ("paracetamol": Paracetamol tablets before Medicaments in measured doses).
    # The head of a trade phrase is the phrase: "gas oil" is not any oil.
    said_too = min(f.level(t) for t in asking.head_words) if head.stem in f.by_code else 0.0
    score = HEAD * head_level + WORDS * said_too + CODES * code_weight
    score += QUALIFIERS * _mean(qualifier_levels)
    score += OTHERS * _mean([f.coverage(t) for t in reading.others])
    score += MEANING * _mean([1.0 if f.in_names(s) else 0.0 for s in asking.meaning])
    score += SPECS * _mean([f.level(t) for t in reading.specs])
    score += PURPOSES * _mean([f.level(t) for t in reading.purposes])
    return answers, score


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 1.0


def _add_family(scored: list[tuple[float, _Fields, bool]], reading: Reading) -> None:
    """Among answers named for the head, favour the subheading the catalogue lists most
    kinds of: for "flour", its wheat flours over the one rye flour."""
    head = reading.head
    if head is None:
        return
    named = [
        (i, f.candidate.codes[0])
        for i, (_, f, ok) in enumerate(scored)
        if ok and f.candidate.codes and f.level(head) == IN_HEADS
    ]
    counts = Counter(code for _, code in named)
    most = max(counts.values(), default=0)
    if most < 2:
        return
    for i, code in named:
        score, f, ok = scored[i]
        scored[i] = (score + FAMILY * counts[code] / most, f, ok)
