"""Where the goods go and on what terms: `delivered to Apapa`, `to Lagos port`,
`CIF Lagos`, `доставка в Лагос`; and where they come from: `from Kazakhstan`. Pure.
"""

from __future__ import annotations

from dataclasses import replace

from catalogue.search.query.facts import Fact, Found, Kind
from catalogue.search.query.tokens import (
    FILLER,
    Tokens,
    longest,
    phrase_at,
    word_forms,
    word_table,
)

PLACES = word_table(
    {
        "Lagos": ["lagos", "лагос", "лагоса"],
        "Apapa": ["apapa", "апапа"],
        "Tin Can Island": ["tin can", "tincan", "tin-can", "tin can island"],
        "Onne": ["onne"],
        "Lekki": ["lekki"],
        "Port Harcourt": ["port harcourt", "portharcourt", "порт-харкорт", "порт харкорт"],
        "Calabar": ["calabar"],
        "Warri": ["warri"],
        "Kano": ["kano"],
        "Abuja": ["abuja", "абуджа"],
        "Ibadan": ["ibadan"],
        "Onitsha": ["onitsha"],
        "Kaduna": ["kaduna"],
        "Ikeja": ["ikeja"],
        "Cotonou": ["cotonou"],
        "Nigeria": ["nigeria", "нигерия", "нигерию", "нигерии"],
    }
)
_PLACE_LONGEST = longest(PLACES)
_PLACE_SUFFIXES = {"port": "port", "порт": "port", "seaport": "port", "state": "state"}
_DESTINATION_LEADS = word_table(
    {
        "said": [
            "delivered to",
            "deliver to",
            "delivery to",
            "delivered in",
            "delivery in",
            "ship to",
            "shipped to",
            "shipping to",
            "shipment to",
            "destination",
            "port of discharge",
            "доставка в",
            "доставка до",
            "доставкой в",
            "с доставкой в",
        ],
        "known only": ["to", "in", "at", "into", "в", "до", "to the port of", "в порт"],
    }
)


def place_at(tokens: Tokens, index: int, *, any_word: bool) -> tuple[str, int] | None:
    """A place at the token, and the token after it: a known port or city, or, when the
    words before said it is one (any_word), a word that could be a name."""
    found = phrase_at(tokens, index, PLACES, _PLACE_LONGEST)
    if found is None:
        text = tokens.texts[index] if index < len(tokens) else ""
        if not (any_word and text[:1].isalpha() and tokens.key(index) not in FILLER):
            return None
        found = text[:1].upper() + text[1:], index + 1
    name, end = found
    suffix = _PLACE_SUFFIXES.get(tokens.key(end))
    if suffix and not tokens.pause_before(end):
        return f"{name} {suffix}", end + 1
    return name, end


def read_destination(tokens: Tokens, index: int) -> Found | None:
    """`delivered to Apapa`, `to Lagos port`, `in Kano`, `доставка в Лагос`, `Nigeria`."""
    lead = phrase_at(tokens, index, _DESTINATION_LEADS, 4)
    after = index
    if lead and not tokens.pause_before(lead[1]):
        after = lead[1]
    place = place_at(tokens, after, any_word=bool(lead) and lead[0] == "said")
    if place is None and after != index:
        place = place_at(tokens, index, any_word=False)
        after = index
    if place is None:
        return None
    name, end = place
    return Found((Fact(Kind.DESTINATION, f"to {name}", tokens.text(index, end)),), end)


# The Incoterms rules a buyer types (catalogue.choices.Incoterm has them all).
INCOTERMS = {
    **{
        rule.lower(): rule
        for rule in ["EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP"]
    },
    "c&f": "CFR",
    "cnf": "CFR",
    "c+f": "CFR",
}
# DAP is also diammonium phosphate, a fertiliser: it is a rule only before a place.
_ALSO_GOODS = frozenset(["dap"])


def read_terms(tokens: Tokens, index: int) -> Found | None:
    """`CIF Lagos`, `FOB`, `C&F Apapa`: the rule, and the place it names.

    A known place is one; so is a word written with a capital, if it does not run on into
    lower-case words ("CIF Crude oil") and the query names its goods elsewhere: "CIF Sugar"
    and "FOB Cement" ask for sugar and cement (Found.fallback)."""
    rule = INCOTERMS.get(tokens.key(index))
    if rule is None:
        return None
    known = None if tokens[index].pause else place_at(tokens, index + 1, any_word=False)
    if known is None and tokens.key(index) in _ALSO_GOODS:
        return None
    if known:
        return _terms(tokens, index, rule, known)
    rule_alone = _terms(tokens, index, rule, None)
    named = _named_place(tokens, index + 1)
    if named is None:
        return rule_alone
    return replace(_terms(tokens, index, rule, named), fallback=rule_alone)


def _terms(tokens: Tokens, index: int, rule: str, place: tuple[str, int] | None) -> Found:
    label, end = (f"{rule} {place[0]}", place[1]) if place else (rule, index + 1)
    return Found((Fact(Kind.TERMS, label, tokens.text(index, end)),), end)


# Labels a capitalised word after an Incoterm may be, besides a place.
_NOT_PLACES = frozenset(["hs", "тн", "code", "gost", "гост", "iso", "astm", "en", "bs"])
_ROMAN = frozenset(["i", "ii", "iii", "iv", "v"])


def _named_place(tokens: Tokens, index: int) -> tuple[str, int] | None:
    """A word after an Incoterm that may name a place: written with a capital, not followed
    by a lower-case word that would make it the first word of the goods."""
    if index >= len(tokens) or tokens.pause_before(index) or not tokens.texts[index][:1].isupper():
        return None
    place = place_at(tokens, index, any_word=True)
    if place is None:
        return None
    after = place[1]
    following = tokens.texts[after] if after < len(tokens) else ""
    if (
        following[:1].islower()
        and tokens.key(after) not in FILLER
        and not tokens.pause_before(after)
    ):
        return None
    # What other readers read is no place: a code (HS 2523), a grade or standard with its
    # number (ICUMSA 45, CEM II 42.5, Euro 5, AI-92), another Incoterm (CIF FOB).
    words = [tokens.key(k) for k in range(index, after)]
    numbered = following[:1].isdigit() or tokens.key(after) in _ROMAN
    if numbered or any(any(c.isdigit() for c in w) for w in words):
        return None
    if any(w in INCOTERMS or w in _NOT_PLACES for w in words):
        return None
    return place


_ORIGIN = word_table(
    {
        "from Kazakhstan": [
            "from kazakhstan",
            "from kz",
            "made in kazakhstan",
            "kazakhstan",
            "kazakh",
            "kazakhstani",
            "kz",
            "из казахстана",
            "казахстан",
            "казахстана",
            *word_forms("казахстанск", "ий,ая,ое,ие,ого,ой,их,ую"),
            "рк",
        ]
    }
)


def read_origin(tokens: Tokens, index: int) -> Found | None:
    found = phrase_at(tokens, index, _ORIGIN, 3)
    if found is None:
        return None
    label, end = found
    return Found((Fact(Kind.ORIGIN, label, tokens.text(index, end)),), end)
