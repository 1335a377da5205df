"""Catalogue search: one interface, two engines.

The interface is this module: search, related_to, reindex, categories_of_exporters, and
complete (what the search box offers as a buyer types; completions.py).
The documents searched are built in documents.py; the SQLite (FTS5) and PostgreSQL
(tsvector, pg_trgm) engines that index them are in engines.py.

search() reads a query in three steps:
- understand() (query/) splits it into the product words and facts (sizes, quantities,
  packaging, places, a typed HS code); facts never have to be in a document;
- read() (reading.py) finds the product's head noun, its qualifiers and the trade words
  the glossary knows, correcting misspellings against the catalogue's and HS's words;
- candidates come from the full-text index (any product word, best BM25 / ts_rank
  first), from the codes the glossary and officials' confirmed mappings give for the
  words ("AGO", "iron rods"), and from a typed code (7214.20, chapter 72, a TN VED or
  ECOWAS code) by HS prefix; rank() (ranking.py) keeps those that answer the query and
  orders them by how much of the product's meaning each covers.
A query in double quotes is searched as typed: every word must be in the category, no
speller, no glossary.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction

from catalogue.lib.bulk_insert import BATCH, insert_rows
from catalogue.lib.languages import page_language
from catalogue.lib.normalise import searchable_text
from catalogue.lib.process_cache import Versioned, bump_version
from catalogue.models import CategoryCode, Offer, ProductCategory, SearchDocument
from catalogue.search.candidates import MAX_CANDIDATES, candidates
from catalogue.search.completions import Completion, CompletionIndex, Named
from catalogue.search.documents import documents, head_words, rows_among
from catalogue.search.engines import current_engine
from catalogue.search.query import MAX_QUERY, Kind, Query, understand
from catalogue.search.ranking import Codes, Ranked, rank
from catalogue.search.reading import Phrase, Reading, read
from catalogue.suggest.engine import HEADING, GlossaryEntry, HSKnowledge, Suggestion
from catalogue.suggest.knowledge import read_glossary
from catalogue.suggest.service import current_suggester
from catalogue.suggest.text import Speller, edit_distance, stem, stems, words

VERSION_KEY = "search:version"
SUGGESTION_FLOOR = 0.35
SUGGESTIONS = 10
# Codes found only from HS wording reorder what the words found; they answer nothing.
HS_WORDING = 0.25
GLOSSARY_ORDER = 0.8
FOR_PURPOSE = 0.5
# A stem more documents hold than this share of them (and than COMMON_FROM), a word of
# many HS texts ("frozen", "fresh"), is looked for in the names alone: scoring all the
# documents that hold it costs more than the rest of a search.
COMMON_SHARE, COMMON_FROM = 0.05, 1000


def reindex(category_ids: Iterable[int] | None = None) -> int:
    """Rebuild the search documents of these categories (all when None); returns how many."""
    if category_ids is None:
        ids = list(ProductCategory.objects.values_list("pk", flat=True))
    else:
        ids = list(set(category_ids))
    written = documents(ids)
    # The documents and SQLite's index over them change together or not at all: an index
    # missing what its content table holds would answer from rows that are not there.
    with transaction.atomic():
        existing = SearchDocument.objects.values_list("category_id")
        stale = [pk for (pk,) in rows_among(existing, "category_id", set(ids))]
        for start in range(0, len(stale), BATCH):
            SearchDocument.objects.filter(category_id__in=stale[start : start + BATCH]).delete()
        insert_rows(SearchDocument, written)
        current_engine().add([row["category"] for row in written])
    bump_version(VERSION_KEY)
    return len(ids)


def categories_of_exporters(exporter_ids: Iterable[int]) -> list[int]:
    return list(
        Offer.objects.filter(exporter_id__in=list(exporter_ids)).values_list(
            "category_id", flat=True
        )
    )


@dataclass(frozen=True)
class _Vocabulary:
    """The stems of the catalogue's documents, a speller over them, and those too common
    to look for beyond the names."""

    known: frozenset[str]
    speller: Speller
    common: frozenset[str]


def _read_vocabulary() -> _Vocabulary:
    documents_with = current_engine().vocabulary()
    named = Counter(
        s
        for names in SearchDocument.objects.values_list("names", flat=True).iterator(BATCH)
        for s in names.split()
    )
    known = frozenset(documents_with)

    def weight(s: str) -> int:
        # Between words as close to a misspelling, one that names categories, then the one
        # more documents hold: "buter" is butter, not outer; "zink" zinc, not sink.
        return named.get(s, 0) * 1_000_000 + documents_with.get(s, 0)

    many = max(COMMON_FROM, COMMON_SHARE * SearchDocument.objects.count())
    common = frozenset(s for s, count in documents_with.items() if count > many)
    return _Vocabulary(known, Speller(known, max_depth=1, weight=weight), common)


# Rebuilt when the catalogue changes.
_vocabulary = Versioned(VERSION_KEY, _read_vocabulary).get


def _build_completions() -> CompletionIndex:
    published = ProductCategory.objects.published()
    rows = published.values_list("slug", "name", "name_ru", "name_kk")
    named = [Named(slug, en, ru, tuple(head_words(en, ru, kk)), kk) for slug, en, ru, kk in rows]
    codes = CategoryCode.objects.filter(category__in=published).values_list("hs_code_id", flat=True)
    offered = {code[:n] for code in codes for n in (2, 4, 6)}
    words = {s for c in named for text in c.names for s in stems(text)}
    return CompletionIndex(named, [e for e in read_glossary() if _offered(e, offered, words)])


def _offered(entry: GlossaryEntry, codes: set[str], words: set[str]) -> bool:
    """Whether the catalogue offers what a trade word means: a category under one of its
    codes, or, for a word without codes (a spelling), one named with what it means. The
    search box offers nothing that leads to "not offered"."""
    if entry.codes:
        return any(code in codes for code in entry.codes)
    return any(s in words for s in stems(entry.means))


# The names and trade words the search box offers, rebuilt when the catalogue changes.
_completions = Versioned(VERSION_KEY, _build_completions).get


def complete(text: str, language: str) -> list[Completion]:
    """Categories and trade words with a word starting as the text does, for the search box."""
    return _completions().complete(searchable_text(text[:MAX_QUERY]), language)


@dataclass
class SearchOutcome:
    """What search found for a query, and what it understood of it."""

    query: str
    understood: Query = field(default_factory=lambda: Query(""))
    ranked: list[int] = field(default_factory=list)
    # Named with the head product, or failing that with other words, but not what was asked.
    nearest: list[int] = field(default_factory=list)
    head_offered: bool = False  # some category has the head product, if not the qualifiers
    code: str | None = None
    suggestions: list[Suggestion] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)  # word typed → word read
    # Trade words read through the glossary that the names found do not say ("AGO",
    # "iron rods"): what the page tells the buyer it understood them as.
    readings: tuple[Phrase, ...] = ()

    @property
    def found(self) -> bool:
        return bool(self.ranked)

    @property
    def corrected_query(self) -> str:
        """The query with its misspelt words as they were read."""
        text = self.query
        for typed, read_as in self.corrections.items():
            text = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", read_as, text, flags=re.IGNORECASE)
        return text


def search(query: str, *, language: str = "en") -> SearchOutcome:
    """Categories for a buyer's query, best first (before any filter); on a page in
    Russian or Kazakh (language), those named in it first among answers alike."""
    understood = understand(query)
    outcome = SearchOutcome(understood.text, understood, code=understood.code)
    if not understood.product and not understood.code:
        return outcome
    suggester = current_suggester()
    vocabulary = _vocabulary()
    known, speller = vocabulary.known, vocabulary.speller
    knowledge = suggester.k

    def is_known(s: str) -> bool:
        return s in known or s in knowledge.vocabulary

    purposes = " ".join(f.words for f in understood.facts_of(Kind.PURPOSE))
    grades = understood.facts_of(Kind.GRADE, Kind.STANDARD)
    specs = " ".join(f"{f.label} {f.text} {f.words}" for f in grades)
    # "galvanized steel coil": coils may be how goods are packed, or the goods.
    packed = understood.facts_of(Kind.PACKAGING)
    beside = " ".join(f.words for f in packed if f.words and f.words != understood.product)
    if understood.literal:
        reading = read(understood.product, known=_Known(is_known))
    else:
        reading = read(
            understood.product,
            purposes,
            specs,
            beside=beside,
            known=_Known(is_known),
            correct=speller.correct,
            correct_more=knowledge.speller.correct,
            glossary=knowledge.phrases,
        )
    codes = _codes_reading(understood, reading, outcome)
    hits = current_engine().match(
        reading.searched,
        MAX_CANDIDATES,
        every=understood.literal,
        whole={s for s in reading.searched if is_known(s)},
        common=vocabulary.common,
    )
    sizes = [
        (f.value, f.unit)
        for f in understood.facts_of(Kind.SIZE, Kind.QUANTITY)
        if f.value is not None and f.unit
    ]
    found = candidates(hits, [*codes.reads, *codes.everything])
    ranked = rank(
        reading,
        found,
        codes,
        paired_in_hs=_paired_in(knowledge),
        sizes=sizes,
        grades=[f.label for f in grades],
        literal=understood.literal,
        language=page_language(language),
    )
    outcome.ranked = ranked.answers
    outcome.nearest = ranked.nearest
    outcome.head_offered = ranked.head_found
    outcome.corrections = _shown_corrections(ranked.reading or reading, knowledge, ranked)
    outcome.readings = tuple(
        p
        for p in reading.phrases
        if p.codes and (p.gloss or ranked.answers) and not p.stems <= ranked.named_in_best
    )
    return outcome


class _Known:
    """A container over a membership test."""

    def __init__(self, test: Callable[[str], bool]):
        self.test = test

    def __contains__(self, s: object) -> bool:
        return isinstance(s, str) and self.test(s)


def _codes_reading(understood: Query, reading: Reading, outcome: SearchOutcome) -> Codes:
    """The codes that read the query: typed, from the glossary, confirmed by officials,
    and (to reorder only) from HS wording."""
    weights: dict[str, float] = {}
    reads: dict[str, set[str]] = defaultdict(set)
    everything = {understood.code} if understood.code else set()
    for code in everything:
        weights[code] = 1.0
    chapters: set[str] = set()
    closest = ""
    if understood.product and not understood.literal:
        proposed = current_suggester().suggest(understood.product, SUGGESTIONS)
        chapters = {s.code[:2] for s in proposed}
        closest = proposed[0].code if proposed else ""
        # Only suggestions that account for every word: "cocoa beans" must not bring beans.
        outcome.suggestions = [
            s for s in proposed if s.score >= SUGGESTION_FLOOR and s.coverage == 1.0
        ]
        all_stems = {t.stem for t in reading.product_terms}
        for s in outcome.suggestions:
            if s.source == "confirmed":
                weights[s.code] = max(weights.get(s.code, 0.0), s.score)
                reads[s.code] |= all_stems
            elif s.source == "text":
                weights[s.code] = max(weights.get(s.code, 0.0), HS_WORDING * s.score)
        for phrase in reading.phrases:
            # The glossary lists an entry's codes most likely first.
            for rank_of_code, code in enumerate(phrase.codes):
                weights[code] = max(weights.get(code, 0.0), GLOSSARY_ORDER**rank_of_code)
                reads[code] |= phrase.stems
        for phrase in reading.purpose_phrases:
            # What a purpose names ranks; it answers nothing ("oil for generators").
            for code in phrase.codes:
                weights[code] = max(weights.get(code, 0.0), FOR_PURPOSE)
    return Codes(
        weights,
        {c: frozenset(s) for c, s in reads.items()},
        frozenset(everything),
        frozenset(chapters),
        closest,
    )


def _paired_in(knowledge: HSKnowledge) -> Callable[[str, str], bool]:
    def paired(a: str, b: str) -> bool:
        """Whether an HS subheading's or heading's own text names both."""
        first, second = knowledge.postings.get(a), knowledge.postings.get(b)
        if not first or not second:
            return False
        if len(first) > len(second):
            first, second = second, first
        return any(w >= HEADING and second.get(c, 0.0) >= HEADING for c, w in first.items())

    return paired


def _shown_corrections(reading: Reading, knowledge: HSKnowledge, ranked: Ranked) -> dict[str, str]:
    """The corrections the best answer bears out, each as the word of the names found (or
    of the HS and glossary wording) closest to what was typed: "fertlizer" → fertiliser."""
    shown = {}
    names: list[str] | None = None
    for typed, read_as in reading.corrections.items():
        if read_as not in ranked.in_best:
            continue
        if names is None:
            rows = ProductCategory.objects.filter(pk__in=ranked.answers[:5]).values_list(
                "name", "name_ru"
            )
            names = [w for row in rows for text in row for w in words(text or "")]
        forms = {w for w in names if stem(w) == read_as}
        if not forms:
            forms = {knowledge.display.get(read_as, read_as)}
        word = min(forms, key=lambda w: (edit_distance(typed, w, len(w)), w))
        if word != typed:
            shown[typed] = word
    return shown


def related_to(
    outcome: SearchOutcome, limit: int = 6
) -> tuple[Suggestion | None, list[ProductCategory]]:
    """For a query nothing answered: the closest HS heading, and the categories nearest
    to what was asked (named with its head product), else those near that heading."""
    if not outcome.suggestions and not outcome.code:
        text = outcome.understood.product or outcome.query
        outcome.suggestions = current_suggester().suggest(text, 3) if text else []
    closest = outcome.suggestions[0] if outcome.suggestions else None
    if outcome.nearest:
        nearest = ProductCategory.objects.published().in_bulk(outcome.nearest[:limit])
        return closest, [nearest[pk] for pk in outcome.nearest[:limit] if pk in nearest]
    code = closest.code if closest else outcome.code
    if not code:
        return closest, []
    return closest, ProductCategory.objects.published().near(code, limit)
