"""Buyer phrases and purposes in a query, in English, Nigerian trade English and Russian,
and the filler words between them. Pure.

Each reader looks at a token and a few after it, returns what it found there or None.
"""

from __future__ import annotations

from collections.abc import Callable

from catalogue.search.query.facts import Fact, Found, Kind
from catalogue.search.query.places import place_at
from catalogue.search.query.tokens import FILLER, Tokens, longest, phrase_at, word_table

BUYER_PHRASES = word_table(
    {
        "suppliers": [
            *(
                f"{noun}{plural}{of}"
                for noun in ("supplier", "manufacturer", "producer", "exporter", "distributor")
                for plural in ("", "s")
                for of in ("", " of", " for")
            ),
            "seller of",
            "sellers of",
            "who sells",
            "who sell",
            "who dey sell",
            "поставщик",
            "поставщики",
            "поставщиков",
            "производитель",
            "производители",
            "производителей",
            "экспортер",
            "экспортеры",
            "экспортеров",
        ],
        "wholesale": [
            "wholesale",
            "wholesaler",
            "wholesalers",
            "bulk buyer",
            "bulk purchase",
            "оптом",
            "опт",
            "оптовый",
            "оптовая",
            "оптовые",
            "оптовая продажа",
        ],
        "price": [
            "price",
            "prices",
            "price of",
            "price for",
            "price list",
            "pricelist",
            "best price",
            "cost",
            "cost of",
            "how much",
            "how much is",
            "how much are",
            "how much for",
            "cheap",
            "cheapest",
            "quote",
            "quotation",
            "quotation for",
            "rfq",
            "цена",
            "цены",
            "цену",
            "стоимость",
            "сколько стоит",
            "прайс",
            "прайс-лист",
        ],
        "urgent": ["urgent", "urgently", "asap", "срочно"],
        "request": [
            "i need",
            "we need",
            "need",
            "needed",
            "i want",
            "we want",
            "want",
            "send",
            "pls send",
            "send me",
            "i want to buy",
            "we want to buy",
            "i would like",
            "i'd like",
            "to buy",
            "buy",
            "buying",
            "looking for",
            "i am looking for",
            "i'm looking for",
            "im looking for",
            "we are looking for",
            "where to buy",
            "where can i buy",
            "where can i get",
            "who has",
            "who get",
            "who get am",
            "who fit supply",
            "do you have",
            "available",
            "availability",
            "for sale",
            "for export",
            "supply of",
            "offer for",
            "offers for",
            "request for",
            "please",
            "pls",
            "plz",
            "kindly",
            "abeg",
            "hello",
            "hi",
            "sir",
            "купить",
            "куплю",
            "где купить",
            "нужен",
            "нужна",
            "нужно",
            "нужны",
            "требуется",
            "требуются",
            "ищу",
            "ищем",
            "закуп",
            "закупка",
            "закупаем",
            "продажа",
            "интересует",
            "в наличии",
            "пожалуйста",
        ],
    }
)
_BUYER_LONGEST = longest(BUYER_PHRASES)


def read_buyer_phrase(tokens: Tokens, index: int) -> Found | None:
    found = phrase_at(tokens, index, BUYER_PHRASES, _BUYER_LONGEST)
    if found is None:
        return None
    label, end = found
    return Found((Fact(Kind.BUYER_PHRASE, label, tokens.text(index, end)),), end)


_PURPOSE_LEADS = word_table(
    {
        "for": ["for", "suitable for", "used for", "use for", "meant for", "intended for"],
        "для": ["для", "подходит для", "используется для"],
    }
)
MAX_PURPOSE_WORDS = 4
_DETERMINERS = frozenset(
    ["a", "an", "the", "my", "our", "your", "his", "her", "their", "this", "these", "some"]
)
# Inside a purpose these join its words ("for production of bread"); at its end they do not.
_JOINING = frozenset(["of", "and", "и"])


def read_purpose(
    tokens: Tokens, index: int, starts_fact: Callable[[Tokens, int], bool]
) -> Found | None:
    """`for flour mills`, `for bakery`, `для хлебопекарни`: up to four words after `for`,
    until a pause, a filler or what another reader takes (`for bakery in 50kg bags`)."""
    lead = phrase_at(tokens, index, _PURPOSE_LEADS, 2)
    if lead is None:
        return None
    word, start = lead
    # "for my gas plant", "for the bakery": the purpose is what follows.
    while tokens.key(start) in _DETERMINERS and not tokens.pause_before(start):
        start += 1
    end = start
    while end - start < MAX_PURPOSE_WORDS and end < len(tokens) and not tokens.pause_before(end):
        key = tokens.key(end)
        if not any(c.isalpha() for c in key) or starts_fact(tokens, end):
            break
        if key in FILLER:
            joins = key in _JOINING and end > start and tokens.key(end + 1) not in FILLER
            if not joins or tokens[end].pause:
                break
        end += 1
    while end > start and tokens.key(end - 1) in FILLER:
        end -= 1
    if end == start or place_at(tokens, start, any_word=False):
        return None
    words = tokens.text(start, end)
    label = f"{word} {' '.join(words.lower().split())}"
    return Found((Fact(Kind.PURPOSE, label, tokens.text(index, end), words=words),), end)
