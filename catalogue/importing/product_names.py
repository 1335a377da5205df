"""How the importer reads a product's name to compare it with others. Pure.

A name becomes its content words (stems, in any order, each marked when the name excludes
it: "без яиц", "not containing eggs") and its grade; grade words ("first grade", "высшего
сорта", "class 3"), packaging words ("in bags", "навалом", "50 kg") and generic words
("grain", "product", "товар") are set aside. Qualifiers of one group (red/green,
chilled/frozen, soft/durum) are known in English and Russian.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from catalogue.lib.normalise import fold
from catalogue.suggest.text import CYRILLIC, PREFIX, STOPWORDS, shared_prefix, stem

# Names longer than this are cut before reading: a name is a few words, not a paragraph.
MAX_NAME = 300
# Words of a name compared, at most.
MAX_WORDS = 16
MAX_HS_TEXT = 2000

NEGATIONS = ("other than", "excluding", "except", "without", "not", "nor", "free of",
             "кроме", "за исключением", "исключая", "без", "не")  # fmt: skip
_NEGATION = re.compile(r"\b(?:" + "|".join(NEGATIONS) + r")\b")
_CLAUSE = re.compile(r"[,;:()\[\]/]|\s-\s")
_TOKEN = re.compile(r"[^\W_]+")
_EITHER_WAY = re.compile(r"\bwhether or not\b|\bили без\b|\bили не\b")

# English words by stem; Russian ones as written (folded), since Russian stems of
# unrelated words meet (сырьё and сыр both stem to "сыр").
GENERIC = {
    "product", "products", "produce", "goods", "commodity", "commodities", "item", "items",
    "raw", "material", "materials", "grain", "grains", "kazakhstan", "kazakh", "origin",
    "товар", "товары", "продукция", "продукции", "продукт", "продукты", "изделие", "изделия",
    "изделий", "сырье", "сырья", "зерно", "зерна", "зерне", "казахстанский", "казахстанская",
    "казахстанское", "казахстанские", "казахстан", "казахстана", "отечественный",
    "отечественная", "отечественное", "производства", "происхождения",
}  # fmt: skip
PACKAGING = {
    "bag", "bags", "sack", "sacks", "bulk", "packed", "packaged", "packaging", "pack",
    "packet", "carton", "cartons", "box", "boxes", "bottles", "bigbag", "bigbags", "jumbo",
    "drums", "barrels", "jars", "canisters", "container", "containers", "pallets", "tote",
    "flexitank", "мешок", "мешки", "мешках", "мешке", "мешков", "мешкам", "навалом",
    "насыпью", "наливом", "фасованный", "фасованная", "фасованное", "фасованные", "фасовка",
    "фасовке", "расфасованный", "расфасованная", "расфасованное", "расфасованные",
    "упаковка", "упаковке", "упаковках", "упакованный", "упакованная", "упакованное",
    "упакованные", "тара", "таре", "коробка", "коробках", "коробке", "бутылка", "бутылках",
    "бутылки", "канистра", "канистрах", "бочка", "бочках", "бигбэг", "бигбэгах", "бэг",
    "бэгах", "контейнер", "контейнерах", "паллет", "паллетах", "поддонах",
}  # fmt: skip
# Words that only say what a named packaging is made of, how big it is or where it is.
PACKAGING_MODIFIERS = {"big", "pp", "paper", "plastic", "polypropylene", "woven",
                       "laminated", "in", "of", "биг", "полипропиленовых", "полипропиленовые",
                       "бумажных", "бумажные", "в", "по"}  # fmt: skip
PACK_UNITS = {"kg", "g", "gr", "l", "ml", "lb", "t", "mt", "ton", "tons", "tonnes", "кг", "г",
              "гр", "л", "мл", "т", "тонн", "тонна", "тонны"}  # fmt: skip
GRADE_NOUNS = {"grade", "grades", "class", "sort", "quality", "category", "сорт", "сорта",
               "сорту", "класс", "класса", "классу", "категория", "категории"}  # fmt: skip
# A grade's value, one spelling for every language.
GRADE_VALUES = {
    "top": "premium top highest extra superior prime высший высшего высшая высшее экстра",
    "1": "1 1st first i первый первого первая первое",
    "2": "2 2nd second ii второй второго вторая второе",
    "3": "3 3rd third iii третий третьего третья третье",
    "4": "4 4th fourth iv четвертый четвертого четвертая",
    "5": "5 5th fifth v пятый пятого пятая",
}
# Mutually exclusive qualifiers: two values of one group never name one product. Each
# value lists its English and Russian forms.
QUALIFIERS = {
    "colour": {
        "red": "red красный красная красное красные",
        "green": "green зеленый зеленая зеленое зеленые",
        "yellow": "yellow желтый желтая желтое желтые",
        "white": "white белый белая белое белые",
        "black": "black черный черная черное черные",
        "brown": "brown коричневый коричневая коричневое коричневые бурый бурая",
        "pink": "pink розовый розовая розовые",
    },
    "temperature": {
        "chilled": "chilled fresh охлажденный охлажденная охлажденное охлажденные свежий "
        "свежая свежее свежие парной парная",
        "frozen": "frozen замороженный замороженная замороженное замороженные мороженый "
        "мороженая мороженое",
    },
    "moisture": {
        "dried": "dried dry dehydrated сушеный сушеная сушеное сушеные сухой сухая сухое "
        "сухие вяленый вяленая",
    },
    "hardness": {
        "soft": "soft мягкий мягкая мягкое мягкие мягких",
        "durum": "durum hard твердый твердая твердое твердые твердых",
    },
    "refining": {
        "refined": "refined рафинированный рафинированная рафинированное рафинированные",
        "unrefined": "unrefined crude нерафинированный нерафинированная нерафинированное "
        "нерафинированные",
    },
    "fat": {
        "whole": "whole цельный цельная цельное цельные",
        "skimmed": "skimmed skim nonfat обезжиренный обезжиренная обезжиренное обезжиренные",
    },
    "bone": {
        "boneless": "boneless deboned бескостный бескостная бескостное бескостные "
        "обваленный обваленная обваленное обваленные",
        "bone-in": "bone необваленный необваленная необваленное необваленные кости",
    },
    "shell": {
        "shelled": "shelled hulled dehulled лущеный лущеная лущеное лущеные",
        "in-shell": "inshell unshelled нелущеный нелущеная нелущеные",
    },
    "roasting": {
        "roasted": "roasted жареный жареная жареные обжаренный обжаренная обжаренные",
        "unroasted": "unroasted нежареный нежареная нежареные необжаренный необжаренные",
    },
    "salting": {
        "salted": "salted соленый соленая соленое соленые",
        "unsalted": "unsalted несоленый несоленая несоленое несоленые",
    },
    "rice grain": {
        "long": "long длиннозерный длиннозерная длиннозерный",
        "medium": "medium среднезерный среднезерная",
        "round": "round круглозерный круглозерная",
    },
    "milling": {
        "milled": "milled polished шлифованный шлифованная полированный",
        "parboiled": "parboiled пропаренный пропаренная",
    },
    "sweetening": {
        "sweetened": "sweetened подслащенный подслащенная подслащенное",
        "unsweetened": "unsweetened неподслащенный неподслащенная неподслащенное",
    },
}
# Two-word forms read as one word first, so "in shell" is not read as "shelled".
_JOINED = {"in shell": "inshell", "bone in": "bone", "big bag": "bigbag", "big bags": "bigbag",
           "jumbo bag": "bigbag", "jumbo bags": "bigbag"}  # fmt: skip
_JOINED_WORDS = re.compile(r"\b(?:" + "|".join(sorted(_JOINED, key=len, reverse=True)) + r")\b")


@lru_cache(maxsize=100_000)
def _word_key(word: str) -> str:
    """How a word is looked up in the lists above: English by stem, Russian as written."""
    return word if CYRILLIC.search(word) else stem(word)


def _keys(words: Iterable[str]) -> set[str]:
    return {_word_key(fold(w)) for w in words}


_GENERIC = _keys(GENERIC)
_PACKAGING = _keys(PACKAGING)
_PACKAGING_MODIFIERS = _keys(PACKAGING_MODIFIERS)
_PACK_UNITS = {fold(u) for u in PACK_UNITS}
_GRADE_NOUNS = _keys(GRADE_NOUNS)
_GRADE_VALUE = {_word_key(fold(w)): value for value, ws in GRADE_VALUES.items() for w in ws.split()}
_QUALIFIER = {
    _word_key(fold(form)): (group, value)
    for group, values in QUALIFIERS.items()
    for value, forms in values.items()
    for form in forms.split()
}


class Token(NamedTuple):
    """A content word of a name: its stem, negated when the name excludes it."""

    stem: str
    negated: bool = False
    # The word as the lists above know it: the stem in English, the word in Russian.
    key: str = ""

    @property
    def russian(self) -> bool:
        return bool(CYRILLIC.search(self.stem))

    @property
    def number(self) -> bool:
        return any(c.isdigit() for c in self.stem)

    @property
    def qualifier(self) -> tuple[str, str] | None:
        return _QUALIFIER.get(self.key or self.stem)


class Reading(NamedTuple):
    """A name as compared: its content words (in order) and its grade."""

    tokens: tuple[Token, ...]
    grade: str = ""
    russian: bool = False

    @property
    def stems(self) -> frozenset[tuple[str, bool]]:
        return frozenset((t.stem, t.negated) for t in self.tokens)


def _clauses(text: str) -> list[tuple[list[str], list[str]]]:
    """Each clause of a folded text as (words said, words excluded)."""
    found = []
    if "whether" in text or "или" in text:
        text = _EITHER_WAY.sub(" ", text)
    negations = _NEGATION.search(text) is not None
    for clause in _CLAUSE.split(text):
        negation = _NEGATION.search(clause) if negations else None
        if negation:
            said, excluded = clause[: negation.start()], clause[negation.end() :]
        else:
            said, excluded = clause, ""
        found.append((_TOKEN.findall(said), _TOKEN.findall(excluded)))
    return found


def _is_number(word: str) -> bool:
    return word[:1].isdigit()


@lru_cache(maxsize=100_000)
def _token(word: str, negated: bool) -> Token:
    if _is_number(word):
        return Token(word, negated, word)
    return Token(stem(word), negated, _word_key(word))


def folded(name: str, limit: int = MAX_NAME) -> str:
    text = fold(name[:limit]).replace("-", " ")
    if " " in text:
        text = _JOINED_WORDS.sub(lambda m: _JOINED[m.group(0)], text)
    return text


@lru_cache(maxsize=200_000)
def read_name(name: str) -> Reading:
    """The content words and grade of one name (in one language)."""
    text = folded(name)
    tokens: list[Token] = []
    grade = ""
    for said, excluded in _clauses(text):
        for words, negated in ((said, False), (excluded, True)):
            keys = [_word_key(w) for w in words]
            aside = _aside(words, keys)
            for i, (word, key) in enumerate(zip(words, keys, strict=True)):
                if i in aside:
                    if key in _GRADE_NOUNS:
                        grade = grade or _grade_near(keys, i)
                    continue
                if key == "free" and tokens and not negated:  # "sugar-free"
                    tokens[-1] = Token(tokens[-1].stem, True, tokens[-1].key)
                    continue
                tokens.append(_token(word, negated))
    if not tokens:  # only generic words: they are the name
        return read_words(text, grade)
    return Reading(_first_words(tokens), grade, bool(CYRILLIC.search(text)))


def read_words(text: str, grade: str = "") -> Reading:
    """Every word but stopwords, of a folded text."""
    tokens = [
        _token(w, negated)
        for said, excluded in _clauses(text)
        for words, negated in ((said, False), (excluded, True))
        for w in words
        if w not in STOPWORDS
    ]
    return Reading(tuple(dict.fromkeys(tokens)), grade, bool(CYRILLIC.search(text)))


def _first_words(tokens: list[Token]) -> tuple[Token, ...]:
    """Each word once, the first MAX_WORDS of them: comparing two names costs the product
    of their lengths, and a name's first words say what it is."""
    return tuple(dict.fromkeys(tokens))[:MAX_WORDS]


def _aside(words: list[str], keys: list[str]) -> set[int]:
    """Positions of stopwords, grade, packaging and generic words."""
    aside = {i for i, w in enumerate(words) if w in STOPWORDS}
    for i, key in enumerate(keys):
        if key in _GENERIC:
            aside.add(i)
        elif key in _GRADE_NOUNS:
            aside.add(i)
            for j in (i - 1, i + 1):
                if 0 <= j < len(keys) and keys[j] in _GRADE_VALUE:
                    aside.add(j)
        elif key in _PACKAGING:
            aside.add(i)
            j = i - 1
            # "in big bags", "в мешках": the size before a unit goes with the unit below.
            while j >= 0 and (keys[j] in _PACKAGING_MODIFIERS or keys[j] in _PACK_UNITS):
                aside.add(j)
                j -= 1
        elif words[i] in _PACK_UNITS and i and _is_number(words[i - 1]):
            aside.update((i - 1, i))
        elif _is_number(words[i]) and words[i].lstrip("0123456789.,") in _PACK_UNITS:
            aside.add(i)  # "50kg"
    return aside


def _grade_near(keys: list[str], i: int) -> str:
    for j in (i + 1, i - 1):
        if 0 <= j < len(keys) and keys[j] in _GRADE_VALUE:
            return _GRADE_VALUE[keys[j]]
    return ""


def same_word(a: str, b: str) -> bool:
    """One word: the same stem, or Russian forms of one root ("пшеничн", "пшениц")."""
    if a == b:
        return True
    if a[:PREFIX] != b[:PREFIX] or len(a) < PREFIX or len(b) < PREFIX:
        return False
    if not CYRILLIC.search(a):
        return False
    return shared_prefix(a, b) >= max(PREFIX, int(0.75 * min(len(a), len(b))))


@dataclass(frozen=True)
class HSText:
    """The subheading's own words, in English and in Russian (either may be blank)."""

    english: str = ""
    russian: str = ""

    def stems(self, russian: bool) -> frozenset[tuple[str, bool]]:
        return _text_stems(self.russian if russian else self.english)


@lru_cache(maxsize=20_000)
def _text_stems(text: str) -> frozenset[tuple[str, bool]]:
    return read_words(folded(text, MAX_HS_TEXT)).stems if text else frozenset()


def said_in(token: Token, stems: frozenset[tuple[str, bool]]) -> bool:
    """The text has the word, excluded where the token is."""
    return not token.number and any(
        negated == token.negated and same_word(token.stem, s) for s, negated in stems
    )
