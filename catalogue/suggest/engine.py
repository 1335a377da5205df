"""The HS suggester's core: rank HS 2022 subheadings for a piece of free text. Pure.

Knowledge comes from three places:
- the HS descriptions of every level, in English and in Russian (a heading's and
  chapter's wording counts, less, for each subheading under it); words an HS text
  excludes ("other than durum wheat", "кроме семенной") count against it. Every
  section, chapter and heading has a Russian text, few subheadings do;
- the glossary (catalogue/data/hs_glossary.csv): trade words, abbreviations,
  Nigerian usage and Russian and Kazakh product words, each meaning English
  words and/or pointing straight at codes (a spelled-out abbreviation also says
  what it names in Russian and Kazakh, for the pages in those languages);
- mappings officials have confirmed ("Аммофос" → 3105.40), which win outright
  for the same text and weigh heavily for close variants.
Typos and Russian word forms are read through text.Speller.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from catalogue.hscodes import code_prefix, dotted, looks_like_code
from catalogue.lib.normalise import name_key, searchable_text
from catalogue.suggest.text import CYRILLIC, Speller, clause_stems, stem, stems, words

OWN, HEADING, CHAPTER = 1.0, 0.5, 0.15
FULL_MATCH = OWN + HEADING + CHAPTER
NEGATED_PENALTY = 0.6
UNEXPLAINED_PENALTY = 0.02
GLOSSARY_BOOST = 0.45
CONFIRMED_EXACT = 2.0
MAX_PHRASE = 4
MIN_SCORE = 0.1
LANGUAGES = ("en", "ru")
BORROWED = 0.5  # share of OWN for a heading's text standing in for a subheading's


@dataclass(frozen=True)
class HSEntry:
    code: str
    level: int
    description: str
    description_ru: str = ""  # "" for most subheadings

    def text(self, language: str) -> str:
        return self.description_ru if language == "ru" else self.description


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    means: str = ""
    codes: tuple[str, ...] = ()
    note: str = ""
    # What a spelled-out abbreviation names, as Russian and Kazakh readers call the goods
    # ("дизельное топливо" for AGO): its letters stand for English words, which would
    # explain nothing to them. The siblings of `gloss` (catalogue.lib.languages).
    gloss_ru: str = ""
    gloss_kk: str = ""

    @property
    def label(self) -> str:
        """The term as buyers write it: an abbreviation in capitals ('AGO', 'HC fecr')."""
        first, _, rest = self.term.partition(" ")
        initials = "".join(w[0] for w in self.means.split()[: len(first)])
        # 'ago' is the initials of what it means; 'hhk' and 'y12' cannot be words.
        unspoken = any(c.isdigit() for c in first) or not any(c in "aeiouy" for c in first)
        short = len(first) <= 4 and first.isascii() and (initials == first or unspoken)
        if "abbreviation" in self.note or short:
            return f"{first.upper()} {rest}".rstrip()
        return self.term

    @property
    def meaning(self) -> str:
        """What the term means, in a few words; else the codes it stands for."""
        return " ".join(self.means.split()[:5]) or ", ".join(dotted(c) for c in self.codes[:2])

    @property
    def spelled_out(self) -> str:
        """What an abbreviation's letters stand for ("automotive gas oil" for AGO), else ""."""
        letters = self.term.replace(" ", "").casefold()
        meaning = self.means.split()
        if len(letters) < 2 or not letters.isalpha():
            return ""
        initials = "".join(w[0] for w in meaning[: len(letters)])
        return " ".join(meaning[: len(letters)]) if initials == letters else ""

    @property
    def gloss(self) -> str:
        """The term explained in English: what its letters stand for, else nothing."""
        return self.spelled_out

    @property
    def gist(self) -> str:
        """The term explained for a buyer: "automotive gas oil, HS 2710.19", "HS 7214.20";
        a term without codes by what it means ("aluminium")."""
        if not self.codes:
            return self.meaning
        return ", ".join(filter(None, [self.spelled_out, f"HS {dotted(self.codes[0])}"]))

    @property
    def explanation(self) -> str:
        return f"{self.label} {'=' if self.means.strip() else '→'} {self.meaning}"


@dataclass(frozen=True)
class Confirmed:
    """An official's mapping of a product name to an HS code."""

    text: str
    code: str


@dataclass(frozen=True)
class Suggestion:
    code: str
    level: int
    description: str
    score: float
    reason: str
    heading: str = ""
    # code (typed), confirmed (an official's mapping), similar (like one), glossary, text
    source: str = "text"
    # Share of the typed words the suggestion accounts for: 1.0 when it explains them all.
    coverage: float = 1.0
    heading_description: str = ""
    description_ru: str = ""
    heading_description_ru: str = ""


@dataclass
class _Term:
    stem: str
    weight: float
    word: str
    typed: bool = True  # False for words a glossary entry added
    covers: tuple[str, ...] = ()  # the typed words this term stands for
    entry: int = -1  # for words a glossary entry added: its index in _Query.entry_words


@dataclass
class _Query:
    terms: list[_Term] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    typed: list[str] = field(default_factory=list)
    entry_words: list[tuple[GlossaryEntry, tuple[str, ...]]] = field(default_factory=list)
    # code → the typed words something about that code accounts for
    explained: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


class HSKnowledge:
    """What the suggester knows that does not change while the app runs: HS and the glossary."""

    def __init__(self, entries: Iterable[HSEntry], glossary: Iterable[GlossaryEntry]):
        self.entries = {e.code: e for e in entries}
        self.children: dict[str, list[str]] = defaultdict(list)
        for code in self.entries:
            if len(code) == 6:
                self.children[code[:4]].append(code)
        self.postings: dict[str, dict[str, float]] = defaultdict(dict)
        self.negated: dict[str, set[str]] = defaultdict(set)
        self.display: dict[str, str] = {}
        # Words a subheading adds to its heading ("seed" in "durum wheat, seed"), in English,
        # the one language every code has a text in.
        self.specific: dict[str, frozenset[str]] = {}
        self.heading_specific: dict[str, frozenset[str]] = {}
        self._parsed: dict[tuple[str, str], list[tuple[str, bool]]] = {}
        subheadings = [c for codes in self.children.values() for c in codes]
        for subheading in subheadings:
            self._index_subheading(subheading)
        self._parsed.clear()
        documents = len(subheadings)
        self.idf = {
            s: math.log(1 + documents / len([c for c, w in p.items() if w >= HEADING]))
            for s, p in self.postings.items()
            if any(w >= HEADING for w in p.values())
        }
        self.max_idf = math.log(1 + documents)
        self.phrases: dict[tuple[str, ...], GlossaryEntry] = {}
        for entry in glossary:
            # Word order does not matter: "мука пшеничная" is "пшеничная мука".
            key = tuple(sorted(stems(entry.term)))
            if key:
                self.phrases.setdefault(key, entry)
                for word in words(entry.term):
                    self.display.setdefault(stem(word), word)
        self.vocabulary = set(self.postings) | {s for key in self.phrases for s in key}
        self.speller = Speller(self.vocabulary, weight=lambda s: len(self.postings.get(s, ())))

    def _clauses(self, code: str, language: str) -> list[tuple[str, bool]]:
        """The stems of a code's text, each marked negated or not; each text parsed once."""
        key = (code, language)
        if key not in self._parsed:
            entry = self.entries.get(code)
            parsed = clause_stems(entry.text(language)) if entry else []
            if language != "en":
                # Latin words of the Russian texts (LED, Gallus domesticus) are in the
                # English ones already; counted twice they would outweigh the rest.
                parsed = [(s, negated) for s, negated in parsed if not s.isascii()]
            self._parsed[key] = parsed
        return self._parsed[key]

    def _index_subheading(self, code: str) -> None:
        for language in LANGUAGES:
            self._index_text(code, language)
        positive = frozenset(s for s, negated in self._clauses(code, "en") if not negated)
        heading_stems = {s for s, _ in self._clauses(code[:4], "en")}
        self.specific[code] = positive - heading_stems
        if code[:4] in self.entries and code[:4] not in self.heading_specific:
            chapter_stems = {s for s, _ in self._clauses(code[:2], "en")}
            self.heading_specific[code[:4]] = frozenset(heading_stems) - chapter_stems

    def _index_text(self, code: str, language: str) -> None:
        # Few subheadings have a Russian text. One without borrows its heading's, at less
        # weight than a text of its own: it says what the subheading belongs to, not what
        # sets it apart from its siblings.
        own, own_weight = self._clauses(code, language), OWN
        if not own:
            own, own_weight = self._clauses(code[:4], language), OWN * BORROWED
        positive = frozenset(s for s, negated in own if not negated)
        for s in positive:
            self._post(s, code, own_weight)
        for s, negated in own:
            if negated and s not in positive:
                self.negated[s].add(code)
        for parent, weight in ((code[:4], HEADING), (code[:2], CHAPTER)):
            parent_stems = [s for s, negated in self._clauses(parent, language) if not negated]
            for s in set(parent_stems):
                # A word a heading repeats ("cement" four times in 2523) is what it is about.
                repeats = min(parent_stems.count(s), 4)
                self._post(s, code, weight * (1 + 0.25 * (repeats - 1)))
        for word in words(self.entries[code].text(language)):
            self.display.setdefault(stem(word), word)

    def _post(self, s: str, code: str, weight: float) -> None:
        # Weights add up over the levels: a word in both the subheading and its heading
        # ("wheat" in 1001.99 and 1001) says more than one in the subheading alone (1108.11).
        self.postings[s][code] = self.postings[s].get(code, 0.0) + weight


def _join_split_words(found: list[str], known: set[str]) -> list[str]:
    """'buck wheat' → 'buckwheat' when only the joined word is known."""
    joined: list[str] = []
    i = 0
    while i < len(found):
        pair = found[i : i + 2]
        if (
            len(pair) == 2
            and stem("".join(pair)) in known
            and not (stem(pair[0]) in known and stem(pair[1]) in known)
        ):
            joined.append(found[i] + found[i + 1])
            i += 2
            continue
        joined.append(found[i])
        i += 1
    return joined


# Russian adjectives made from nouns (арахисовая паста: арахис; шерстяная ткань: шерсть)
# and compounds (поливинилхлорид: винилхлорид) are read as the noun too, as HS names them.
_ADJECTIVE_ENDINGS = ("ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "ых", "ую")
_ADJECTIVE_SUFFIXES = ("ов", "ев", "ян", "ан", "н")
_ROOT_FROM = 4
_COMPOUND_HEAD_FROM = 6


def _russian_root(word: str, s: str, known: set[str]) -> tuple[str, ...]:
    """The known noun stem a Russian adjective is made from, or the known head of an
    unknown compound; none for other words."""
    if not CYRILLIC.search(word):
        return ()
    if s not in known:
        heads = [s[i:] for i in range(1, len(s) - _COMPOUND_HEAD_FROM + 1) if s[i:] in known]
        return tuple(heads[:1])
    if not word.endswith(_ADJECTIVE_ENDINGS):
        return ()
    for suffix in _ADJECTIVE_SUFFIXES:
        root = s.removesuffix(suffix)
        if root != s and len(root) >= _ROOT_FROM:
            for noun in (root, root + "ь"):
                if noun in known and noun != s:
                    return (noun,)
    return ()


def confidence(raw: float) -> float:
    """Map a raw score onto 0..1: an official's exact mapping ≈ 0.97, a bare word match ≈ 0.4."""
    return round(min(0.99, 1 - math.exp(-2.2 * max(raw, 0.0))), 3)


class Suggester:
    """Ranks HS 2022 subheadings for free text, with a score and a reason for each."""

    def __init__(self, knowledge: HSKnowledge, confirmed: Iterable[Confirmed] = ()):
        self.k = knowledge
        self.exact: dict[str, Confirmed] = {}
        self.by_stems: dict[frozenset[str], Confirmed] = {}
        # stem → (size of the mapping's stem set, index into self.mappings), smallest first
        self.mappings: list[Confirmed] = []
        self.learned_postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for mapping in confirmed:
            if mapping.code not in knowledge.entries:
                continue
            self.exact.setdefault(name_key(mapping.text), mapping)
            key = frozenset(stems(mapping.text))
            if key:
                self.by_stems.setdefault(key, mapping)
                for s in key:
                    self.learned_postings[s].append((len(key), len(self.mappings)))
                self.mappings.append(mapping)
        for postings in self.learned_postings.values():
            postings.sort()
        self.learned_speller = Speller(set(self.learned_postings) - knowledge.vocabulary)
        self.known = knowledge.vocabulary | set(self.learned_postings)

    def suggest(self, text: str, limit: int = 5) -> list[Suggestion]:
        # Invisible characters (a zero-width space pasted inside "beer") hide no word.
        text = searchable_text((text or "")[:300]).strip()
        if not text:
            return []
        if looks_like_code(text):
            return self._by_code(text, limit)
        query = self._analyse(text)
        scores: dict[str, float] = defaultdict(float)
        reasons: dict[str, tuple[str, str]] = {}
        self._score_learned(text, query, scores, reasons)
        self._score_glossary(query, scores, reasons)
        matched = self._score_text(query, scores)
        ranked = sorted(
            ((score, code) for code, score in scores.items() if score > MIN_SCORE),
            key=lambda item: (-item[0], item[1]),
        )[:limit]
        suggestions = []
        typed = set(query.typed)
        for score, code in ranked:
            source, reason = reasons.get(code) or ("text", self._text_reason(code, matched, query))
            suggestion = self._suggestion(code, confidence(score), reason, source)
            coverage = len(query.explained[code] & typed) / len(typed) if typed else 0.0
            suggestions.append(dataclasses.replace(suggestion, coverage=round(coverage, 2)))
        return suggestions

    def _by_code(self, text: str, limit: int) -> list[Suggestion]:
        prefix = code_prefix(text)
        if not prefix or prefix not in self.k.entries:
            return []
        if len(prefix) == 6:
            return [self._suggestion(prefix, 1.0, f"HS code {dotted(prefix)} typed", "code")]
        children = [
            self._suggestion(c, 0.9, f"under heading {prefix}", "code")
            for c in self.k.children[prefix]
        ]
        typed = self._suggestion(prefix, 1.0, f"HS heading {prefix} typed", "code")
        return [typed, *children][:limit]

    def _analyse(self, text: str) -> _Query:
        query = _Query()
        known = self.known
        original = _join_split_words(words(text), known)
        found = []
        for word in original:
            s = stem(word)
            if s not in known:
                corrected = self.k.speller.correct(s) or self.learned_speller.correct(s)
                if corrected:
                    query.corrections[word] = self.k.display.get(corrected, corrected)
                    s = corrected
            found.append((s, word))
        query.typed = [word for _, word in found]
        i = 0
        while i < len(found):
            for n in range(min(MAX_PHRASE, len(found) - i), 0, -1):
                entry = self.k.phrases.get(tuple(sorted(s for s, _ in found[i : i + n])))
                if entry:
                    covered = tuple(word for _, word in found[i : i + n])
                    query.entry_words.append((entry, covered))
                    for s, word in found[i : i + n]:
                        query.terms.append(_Term(s, 0.4, word, covers=(word,)))
                    meaning = list(
                        dict.fromkeys(s for s, neg in clause_stems(entry.means) if not neg)
                    )
                    # What the entry means weighs as much, in all, as one typed word.
                    for s in meaning:
                        query.terms.append(
                            _Term(
                                s,
                                1.0 / len(meaning),
                                entry.term,
                                typed=False,
                                covers=covered,
                                entry=len(query.entry_words) - 1,
                            )
                        )
                    i += n
                    break
            else:
                s, word = found[i]
                related = _russian_root(word, s, known)
                weight = 1.0 / (1 + len(related))
                for r in (s, *related):
                    query.terms.append(_Term(r, weight, word, covers=(word,)))
                i += 1
        return query

    def _score_learned(self, text: str, query: _Query, scores, reasons) -> None:
        mapping = self.exact.get(name_key(text))
        query_stems = frozenset(t.stem for t in query.terms if t.typed)
        if mapping is None:
            mapping = self.by_stems.get(query_stems)
        if mapping is not None:
            scores[mapping.code] += CONFIRMED_EXACT
            query.explained[mapping.code].update(query.typed)
            reasons[mapping.code] = ("confirmed", f"confirmed by an official for '{mapping.text}'")
            return
        # A mapping of more than twice the query's words cannot reach a Jaccard of 0.5.
        largest = 2 * len(query_stems)
        overlap: dict[int, int] = defaultdict(int)
        sizes: dict[int, int] = {}
        shared_words: dict[int, set[str]] = defaultdict(set)
        for term in query.terms:
            if not term.typed:
                continue
            for size, index in self.learned_postings.get(term.stem, ()):
                if size > largest:
                    break
                if term.word not in shared_words[index]:
                    overlap[index] += 1
                sizes[index] = size
                shared_words[index].add(term.word)
        for index, shared in overlap.items():
            jaccard = shared / (len(query_stems) + sizes[index] - shared)
            if jaccard >= 0.5:
                candidate = self.mappings[index]
                boost = 0.6 * jaccard
                query.explained[candidate.code].update(shared_words[index])
                if boost > scores.get(candidate.code, 0):
                    scores[candidate.code] += boost
                    reasons.setdefault(
                        candidate.code,
                        ("similar", f"like '{candidate.text}', confirmed by an official"),
                    )

    def _score_glossary(self, query: _Query, scores, reasons) -> None:
        typed = sum(1 for t in query.terms if t.typed) or 1
        for entry, covered in query.entry_words:
            # An entry that explains one word of "soya beans" weighs half.
            share = min(1.0, len(words(entry.term)) / typed)
            for rank, code in enumerate(entry.codes):
                boost = GLOSSARY_BOOST * (0.8**rank) * share
                targets = [code] if len(code) == 6 else self.k.children.get(code, [])
                if len(code) == 4:
                    boost *= 0.6
                for target in targets:
                    if target in self.k.entries:
                        scores[target] += boost
                        query.explained[target].update(covered)
                        reasons.setdefault(target, ("glossary", entry.explanation))

    def _score_text(self, query: _Query, scores) -> dict[str, list[str]]:
        """Add each subheading's share of the query its HS text explains; returns matched words."""
        text_scores: dict[str, float] = defaultdict(float)
        matched: dict[str, list[str]] = defaultdict(list)
        meaning_hits: dict[tuple[int, str], float] = defaultdict(float)
        total = 0.0
        for term in query.terms:
            idf = self.k.idf.get(
                term.stem, self.k.max_idf if term.stem not in self.k.postings else 0.5
            )
            total += term.weight * idf
            for code, field_weight in self.k.postings.get(term.stem, {}).items():
                text_scores[code] += term.weight * idf * field_weight
                if term.typed:
                    query.explained[code].update(term.covers)
                else:
                    meaning_hits[(term.entry, code)] += term.weight
                if term.typed and field_weight >= HEADING and term.word not in matched[code]:
                    matched[code].append(term.word)
            for code in self.k.negated.get(term.stem, ()):
                text_scores[code] -= NEGATED_PENALTY * term.weight * idf
        # A glossary entry's meaning accounts for its words where it matches more than half.
        for (entry, code), share in meaning_hits.items():
            if share > 0.5:
                query.explained[code].update(query.entry_words[entry][1])
        if total:
            query_stems = {t.stem for t in query.terms}
            for code, value in text_scores.items():
                # Prefer the subheading whose own words the query explains: for "durum
                # wheat", "durum wheat, other than seed" over "durum wheat, seed".
                unexplained = len(self.k.specific.get(code, frozenset()) - query_stems)
                in_heading = len(self.k.heading_specific.get(code[:4], frozenset()) - query_stems)
                penalty = UNEXPLAINED_PENALTY * (min(unexplained, 4) + 0.5 * min(in_heading, 6))
                scores[code] += 0.75 * value / (total * FULL_MATCH) - penalty
        return matched

    def _text_reason(self, code: str, matched: dict[str, list[str]], query: _Query) -> str:
        words_matched = matched.get(code, [])
        parts = []
        if words_matched:
            parts.append("matched " + ", ".join(f"'{w}'" for w in words_matched[:4]))
        for typed, read in query.corrections.items():
            parts.append(f"read '{typed}' as '{read}'")
        return "; ".join(parts) or "related words in the HS description"

    def _suggestion(self, code: str, score: float, reason: str, source: str) -> Suggestion:
        entry = self.k.entries[code]
        heading = self.k.entries.get(code[:4]) if entry.level == 6 else None
        return Suggestion(
            code=code,
            level=entry.level,
            description=entry.description,
            score=round(score, 3),
            reason=reason,
            heading=heading.code if heading else "",
            heading_description=heading.description if heading else "",
            source=source,
            description_ru=entry.description_ru,
            heading_description_ru=heading.description_ru if heading else "",
        )
