"""What the catalogue page says it understood of a query: "Showing AGO (automotive gas
oil, HS 2710.19) · 12 mm · 5,000 t" («Показано: AGO (дизельное топливо, ГС 2710.19)» on a
Russian page), a link to search the words as typed, and "did you mean" for corrected
spellings the line does not already show."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext

from catalogue.hscodes import dotted
from catalogue.lib.languages import shown
from catalogue.pages.fact_labels import fact_label
from catalogue.search import SearchOutcome
from catalogue.search.query import Fact, Kind
from catalogue.search.reading import SHOWN_CODES, Phrase
from catalogue.suggest.text import words
from catalogue.templatetags.languages import lang_span

# Facts that only say how the buyer asks ("pls", "price", "urgent"): not worth repeating.
_NOT_SHOWN = frozenset([Kind.BUYER_PHRASE])


@dataclass(frozen=True)
class Understood:
    # The product words as read, with what trade words were read as (HTML: an explanation
    # in another language than the page's says which).
    product: str
    facts: tuple[str, ...]  # sizes, quantities, grades, places... in the page's language
    # The query that searches the product words as typed, in double quotes; "" when the
    # query has none (a code, a size alone): quoted, those find nothing.
    as_typed: str
    corrected: str  # the query with its spellings corrected, when the line does not say them
    literal: bool = False  # the query was in double quotes: its words were searched as typed

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(p for p in (self.product, *self.facts) if p)


def understood(outcome: SearchOutcome | None) -> Understood | None:
    """What to say above the results, or None when the query was read as it was typed."""
    if outcome is None or not outcome.query:
        return None
    query = outcome.understood
    if query.literal:
        return Understood(query.product, (), query.text, "", literal=True)
    listed: list[str] = []  # the codes the line has said so far
    readings = [_reading(p, query.product, listed) for p in outcome.readings]
    # The results answer the words as corrected: the line says those, not the misspelling.
    words_read = replace(outcome, query=query.product).corrected_query
    text, product = words_read, conditional_escape(words_read)
    if readings:
        said = " ".join(t for t, _ in readings)
        html = format_html_join("; ", "{}", ((h,) for _, h in readings))
        text, product = said, html
        if _more_than(said, words_read):
            text, product = f"{words_read} {said}", format_html("{} — {}", words_read, html)
    facts = tuple(
        fact_label(f) for f in query.facts if f.kind not in _NOT_SHOWN and not _listed(f, listed)
    )
    if not (facts or readings or outcome.corrections):
        return None
    line = " ".join([text, *facts]).casefold()
    unsaid = any(w.casefold() not in line for w in outcome.corrections.values())
    corrected = outcome.corrected_query if unsaid else ""
    as_typed = f'"{query.product}"' if query.product else ""
    return Understood(product, facts, as_typed, corrected)


def _reading(phrase: Phrase, product: str, listed: list[str]) -> tuple[str, SafeString]:
    """A trade word as read, in the page's language, as text and as HTML: `AGO (automotive
    gas oil, HS 2710.19)`, «AGO (дизельное топливо, ГС 2710.19)». The buyer's word stays
    as written; what it names is said as the page's readers call the goods. A code within
    or around one listed before it, by this word or one before it on the line, says
    nothing more: HRC (7208, 7208.39) is HS 7208; LPG and cooking gas, both 2711.12,
    2711.13 and 2711.19, list them once."""
    before = list(listed)
    codes = []
    for code in phrase.codes:
        if not any(code.startswith(c) or c.startswith(code) for c in before):
            codes.append(code)
        before.append(code)
    codes = codes[:SHOWN_CODES]
    listed += codes
    gloss = shown(phrase.entry, "gloss", get_language())
    said = [gloss] if gloss else []
    if codes:
        said.append(pgettext("fact", "HS %(code)s") % {"code": ", ".join(map(dotted, codes))})
    written = _as_written(phrase, product)
    if not said:
        return written, conditional_escape(written)
    explained = format_html_join(", ", "{}", ((lang_span(s),) for s in said))
    return f"{written} ({', '.join(said)})", format_html("{} ({})", written, explained)


def _as_written(phrase: Phrase, product: str) -> str:
    """The trade word with capitals: as the glossary writes an abbreviation (AGO, HC
    fecr), else as the buyer wrote it (Jet A1); else as read (jet a1)."""
    label = phrase.entry.label
    if label != label.casefold():
        return label
    wanted = phrase.typed.split()
    pieces = product.split()
    for start in range(len(pieces)):
        for end in range(start + 1, len(pieces) + 1):
            found = words(" ".join(pieces[start:end]))
            if found == wanted:
                written = " ".join(pieces[start:end]).strip(",;")
                return written if written != written.casefold() else phrase.typed
            if found != wanted[: len(found)]:
                break
    return phrase.typed


def _listed(fact: Fact, codes: list[str]) -> bool:
    """Whether the fact is a typed code the trade words' readings already list."""
    return fact.kind == Kind.CODE and "".join(c for c in fact.label if c.isdigit()) in codes


def _more_than(readings: str, product: str) -> bool:
    """Whether the product has words the trade-word readings do not show."""
    said = readings.casefold()
    return any(word.casefold() not in said for word in product.split())
