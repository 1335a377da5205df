"""What a buyer's query asks for: the product words, and the rest as facts. Pure.

Buyers type what they would send a supplier on WhatsApp: `I need 30 tons of 12mm iron
rod delivered to Apapa`. understand() splits that into the product (`iron rod`, what
full-text search should look for) and facts the page can show (30 t, 12 mm, to Apapa).

The rules:
- A word no reader understands stays in the product: nothing is dropped silently. Only
  fillers (`of`, `the`, `в`) at the edges of the product's runs of words are let go.
- Sizes, quantities, packaging, purposes, destinations, terms, origin, buyer phrases
  (`supplier of`, `price`, `оптом`) and codes leave the product.
- Grades and standards leave it too, but trade designations that name goods (Y16, B500,
  AI-92, CEM II 42.5, NPK 15-15-15, Euro 5) and packaging (jumbo bags) keep their words
  in Fact.words: when nothing else is left, those words are the product (`AI-92` alone
  searches for AI-92). A query of nothing but a size or a quantity has no product.
- A purpose's words (`for flour mills`) are not the product, but Query.search_words has
  them for a search that wants to use them.
- A query in double quotes is taken literally: no facts, the product is what is inside.
- Codes are read by catalogue.hscodes.code_at: `HS 7214.20`, `chapter 72`, `1001 99 000 0`;
  a bare `72` or `7214` only when it is the whole query; in ASCII digits (after NFKC:
  full-width digits are ASCII then), so `①②`, `²` and `٧٢١٤` are no codes.
- Packaging and places are not the goods, unless the goods are nowhere else: `jumbo bags`
  alone, `CIF Sugar` (Found.fallback). Packaging made of something (`leather bags`) is
  goods wherever it stands.
- A number too large to be meant (`5 000 000 000 000 000 t`, `1e30 t`) stays a fact,
  shown as typed, with no value.
- The query is read as catalogue.lib.normalise.searchable_text gives it: invisible
  characters gone, compatibility forms folded (ﬂour → flour). Query.text is that text, so
  what the buyer typed and what the page offers back ("did you mean") compare as equals.

Readers work on tokens (tokens.py), each looking a bounded number of tokens ahead, and
no pattern has nested repetition: the time grows linearly with the query, which is cut to
MAX_QUERY characters first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from catalogue.hscodes import code_at, dotted
from catalogue.lib.normalise import searchable_text
from catalogue.search.query.facts import Fact, Found, Kind
from catalogue.search.query.grades import read_grade
from catalogue.search.query.measures import read_measure, read_packed
from catalogue.search.query.phrases import read_buyer_phrase, read_purpose
from catalogue.search.query.places import read_destination, read_origin, read_terms
from catalogue.search.query.tokens import FILLER, Tokens, tokenise

__all__ = ["FILLER", "MAX_QUERY", "Fact", "Kind", "Query", "understand"]

# The longest query read; the search box and the search take no more either.
MAX_QUERY = 200
# The most of a query's raw text normalised: invisible characters are dropped from it, so
# it may be longer than what is read, but not without bound.
_MAX_RAW = 8 * MAX_QUERY
# Facts whose words may stand for the product when nothing else does.
_NAMING = frozenset([Kind.SIZE, Kind.GRADE, Kind.STANDARD, Kind.PACKAGING])
_QUOTES = {'"': '"', "“": "”", "«": "»", "„": "“"}


@dataclass(frozen=True)
class Query:
    text: str  # as typed, as searchable_text folds it: whitespace collapsed, cut to MAX_QUERY
    product: str = ""
    facts: tuple[Fact, ...] = ()
    code: str | None = None  # an HS chapter (2 digits), heading (4) or subheading (6)
    literal: bool = False

    @property
    def search_words(self) -> str:
        """The product's words and those of its purposes: `oil for generators` →
        'oil generators'."""
        purposes = [f.words for f in self.facts if f.kind == Kind.PURPOSE]
        return " ".join(w for w in [self.product, *purposes] if w)

    def facts_of(self, *kinds: Kind) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.kind in kinds)


def _read_code(tokens: Tokens, index: int) -> Found | None:
    words = tokens.code_words
    found = code_at(words, index)
    # "HS 7214.20 1 x 40ft": the 1 counts containers; read into the code it would make
    # 0721.42. A code must begin with the digits typed, so the last group goes back.
    while found and not _begins_as_typed(found.code, words[index : index + found.words]):
        found = code_at(words[: index + found.words - 1], index) if found.words > 1 else None
    if found is None:
        return None
    end = index + found.words
    return Found((_code_fact(found.code, tokens.text(index, end)),), end, found.code)


def _begins_as_typed(code: str, words: list[str]) -> bool:
    """Whether the code starts with the digits typed; a leading zero may have been lost
    only from a first group of odd length up to three (`402.10`, `chapter 7`)."""
    typed = "".join(c if c.isdigit() else " " for c in " ".join(words)).split()
    digits = "".join(typed)
    first = typed[0] if typed else ""
    return digits.startswith(code) or (len(first) in (1, 3) and f"0{digits}".startswith(code))


def _code_fact(code: str, text: str) -> Fact:
    label = f"HS chapter {code}" if len(code) == 2 else f"HS {dotted(code)}"
    return Fact(Kind.CODE, label, text)


# In this order: a buyer phrase before a purpose ("for sale"), a grade before a number
# ("3 класс", "42.5R"), a number with a unit before a code ("500000 litres").
_READERS: tuple[Callable[[Tokens, int], Found | None], ...] = (
    read_buyer_phrase,
    read_grade,
    read_measure,
    _read_code,
    read_packed,
    read_terms,
    read_destination,
    read_origin,
)


def _starts_fact(tokens: Tokens, index: int) -> bool:
    return any(reader(tokens, index) for reader in _READERS)


def _read_at(tokens: Tokens, index: int) -> Found | None:
    # Facts are whole words: a reading that starts or stops inside one ("сорт 50" of
    # "сорт 50kg", "0m" of "x0m") is not one.
    if _inside_word(tokens, index):
        return None
    for reader in _READERS:
        found = reader(tokens, index)
        if found and not _inside_word(tokens, found.end):
            return found
    found = read_purpose(tokens, index, _starts_fact)
    return found if found and not _inside_word(tokens, found.end) else None


def _inside_word(tokens: Tokens, index: int) -> bool:
    return 0 < index < len(tokens) and tokens[index].start == tokens[index - 1].end


def _filler(tokens: Tokens, index: int) -> bool:
    """A filler word standing alone: the x of "0x" is part of a word."""
    return tokens.key(index) in FILLER and not tokens[index].glued


# Inside the product, these (and commas) part one product from the next: "cement + sharp
# sand, granite".
_LIST_MARKS = frozenset([",", ";", "+", "&"])


def _product(tokens: Tokens, unknown: list[int]) -> str:
    """The words no reader took, each run of them without fillers at its edges; pieces of
    one word ("12" and "mm" of "12mm") stay one word; a list of products keeps its commas."""
    words: list[str] = []
    start = 0
    while start < len(unknown):
        end = start + 1
        while end < len(unknown) and unknown[end] == unknown[end - 1] + 1:
            end += 1
        run = [k for k in unknown[start:end] if any(c.isalnum() for c in tokens.key(k))]
        first, last = 0, len(run)
        while first < last and _filler(tokens, run[first]):
            first += 1
        while last > first and _filler(tokens, run[last - 1]):
            last -= 1
        for position in range(first, last):
            k = run[position]
            if position > first and run[position - 1] == k - 1 and _inside_word(tokens, k):
                words[-1] += tokens.texts[k]
                continue
            if position > first and (
                tokens.pause_before(k)
                or any(tokens.key(j) in _LIST_MARKS for j in range(run[position - 1] + 1, k))
            ):
                words[-1] += ","
            words.append(tokens.texts[k])
        start = end
    return " ".join(words)


def _literal(text: str) -> str | None:
    """The words inside quotes when the whole query is quoted, else None."""
    if len(text) >= 3 and _QUOTES.get(text[0]) == text[-1] and text[1:-1].strip():
        return " ".join(text[1:-1].split())
    return None


def _readings(tokens: Tokens) -> list[tuple[int, Found | None]]:
    """Each token no reader took, as (index, None), and each reading, as (start, found)."""
    readings: list[tuple[int, Found | None]] = []
    index = 0
    while index < len(tokens):
        found = _read_at(tokens, index)
        readings.append((index, found))
        index = found.end if found else index + 1
    return readings


def _unknown(readings: list[tuple[int, Found | None]]) -> list[int]:
    return [index for index, found in readings if found is None]


def _falling_back(readings: list[tuple[int, Found | None]]) -> list[tuple[int, Found | None]]:
    """The readings with each that has a fallback replaced by it, and the words it leaves
    returned unread: for a query that otherwise names no goods. Not where a sure reading
    says the same kind of thing: in `в мешках 50kg bags` the bags are packaging still."""
    sure = {f.kind for _, found in readings if found and not found.fallback for f in found.facts}
    result: list[tuple[int, Found | None]] = []
    for start, found in readings:
        if found is None or found.fallback is None or sure & {f.kind for f in found.facts}:
            result.append((start, found))
            continue
        shorter = found.fallback
        if shorter.end > start:
            result.append((start, shorter))
        result.extend((k, None) for k in range(max(start, shorter.end), found.end))
    return result


def understand(query: str) -> Query:
    """Split a buyer's query into the product words and facts; never raises."""
    text = " ".join(" ".join(searchable_text(query[:_MAX_RAW]).split())[:MAX_QUERY].split())
    if (inner := _literal(text)) is not None:
        return Query(text, product=inner, literal=True)
    tokens = tokenise(text)
    whole = code_at(tokens.code_words, alone=True)
    if whole and whole.words == len(tokens) and _begins_as_typed(whole.code, tokens.code_words):
        return Query(text, facts=(_code_fact(whole.code, text),), code=whole.code)
    readings = _readings(tokens)
    product = _product(tokens, _unknown(readings))
    if not product and any(found and found.fallback for _, found in readings):
        readings = _falling_back(readings)
        product = _product(tokens, _unknown(readings))
    founds = [found for _, found in readings if found]
    facts = tuple(fact for found in founds for fact in found.facts)
    code = next((found.code for found in founds if found.code), None)
    product = product or " ".join(f.words for f in facts if f.kind in _NAMING and f.words)
    return Query(text, product=product, facts=facts, code=code)
