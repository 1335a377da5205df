"""Grades, classes and standards in a query: `B500`, `A500C`, `AI-92`, `Euro 5`,
`CEM II 42.5`, `М500`, `NPK 15-15-15`, `grade 3`, `высший сорт`, `ГОСТ 5781`. Pure.

Trade designations that name the goods (rebar by its grade, petrol by its octane,
cement by its class) carry their words, so that a query of nothing else still has
something to search for. Every pattern is matched whole against one token's key and
has no nested repetition.
"""

from __future__ import annotations

import re
from decimal import Decimal

from catalogue.lib.units import MEASURE_BY_KEY, UNIT_BY_KEY
from catalogue.search.query.facts import Fact, Found, Kind
from catalogue.search.query.tokens import Tokens, phrase_at

_REBAR = re.compile(r"y([0-9]{1,2})")
_PETROL = re.compile(r"(?:ai|аи)-?(80|92|95|98|100)")
_OCTANES = frozenset(["80", "92", "95", "98", "100"])
_EURO = re.compile(r"(?:euro|евро)-?([2-6])")
_ECO_CLASS = re.compile(r"[kк]([2-5])")
_STEEL = re.compile(
    r"[aа]-?(?:ii|iii)|[aа]-i|[aа][1-5][0-9]{2}[cс]?|[bв]500[abcсв]?|hrb[3-6][0-9]{2}e?"
    r"|fe[2-6][0-9]{2}d?|s(?:235|275|355|420|460)[a-z0-9]{0,4}|q(?:195|215|235|255|275|345)[a-e]?"
    r"|(?:st|ст)[-.]?[0-6](?:сп|пс|кп)?[0-9]?|[0-9]{2}г[0-9]?с[0-9]?"
)
_CEMENT_MARK = re.compile(r"(?:m|м|пц|pc)-?(?:[1-6]00|[1-5]50)(?:-?(?:д|d)(?:0|5|20))?")
_CEMENT_CLASS = re.compile(r"(32|42|52)[.,]5([nr]?)")
_ROMAN = re.compile(r"(i|ii|iii|iv|v)((?:/[a-c](?:-[a-z]{1,2})?)?)")
_NPK = re.compile(r"npks?-?([0-9]{1,2}[-:/][0-9]{1,2}[-:/][0-9]{1,2})")
_RATIO = re.compile(r"[0-9]{1,2}[-:][0-9]{1,2}[-:][0-9]{1,2}")
_ADDITIVE = re.compile(r"-?(?:д|d)(?:0|5|20)")
_STANDARD_NUMBER = re.compile(
    r"[a-z]?[0-9]{1,5}[a-z]{0,2}(?:[-:/.][a-z]?[0-9]{1,5}[a-z]{0,2}){0,2}"
)
_STANDARDS = {
    ("gost",): "GOST",
    ("гост",): "GOST",
    ("gost", "r"): "GOST R",
    ("гост", "р"): "GOST R",
    ("astm",): "ASTM",
    ("bs",): "BS",
    ("en",): "EN",
    ("iso",): "ISO",
    ("din",): "DIN",
    ("nis",): "NIS",
    ("ст", "рк"): "ST RK",
    ("st", "rk"): "ST RK",
    ("стрк",): "ST RK",
    ("api",): "API",
    ("jis",): "JIS",
    ("ту",): "TU",
}
_CERTIFICATES = {"soncap": "SONCAP", "nafdac": "NAFDAC"}
# "grade 3", "3 класс", "высший сорт": the word, and the label it gets.
_GRADE_WORDS = {
    "grade": "grade",
    "gr": "grade",
    "sort": "grade",
    "сорт": "grade",
    "сорта": "grade",
    "марка": "grade",
    "марки": "grade",
    "class": "class",
    "класс": "class",
    "класса": "class",
    "кл": "class",
    "type": "type",
    "тип": "type",
    "типа": "type",
}
_VALUE_AFTER = re.compile(r"[0-9]{1,3}|[a-e]|i|ii|iii|iv|v|[0-9]{2}[.,]5")
_ORDINALS = {
    **dict.fromkeys(["1st", "first", "первый", "первого", "первая", "первой"], "1"),
    **dict.fromkeys(["2nd", "second", "второй", "второго", "вторая"], "2"),
    **dict.fromkeys(["3rd", "third", "третий", "третьего", "третья"], "3"),
    **dict.fromkeys(["4th", "fourth", "четвертый", "четвертого"], "4"),
    **dict.fromkeys(["5th", "fifth", "пятый", "пятого"], "5"),
    **dict.fromkeys(
        ["premium", "top", "highest", "высший", "высшего", "высшая", "высшей"], "premium"
    ),
    **dict.fromkeys(["extra", "экстра"], "extra"),
}
_RUSSIAN_ORDINAL = re.compile(r"([0-9]{1,2})-?(?:й|го|я|ой|ого)?")
_QUALITIES = {
    **{
        (word, "quality"): f"{word} quality"
        for word in ("export", "high", "premium", "good", "best", "top", "milling")
    },
    **{(word, "grade"): f"{word} grade" for word in ("food", "feed", "industrial", "technical")},
    **{(form,): "feed grade" for form in ("фуражная", "фуражный", "фуражное", "фуражной")},
    # "мука в/с": высшего сорта, as price lists shorten it.
    ("в/с",): "premium grade",
    **{
        (form,): "food grade"
        for form in ("продовольственная", "продовольственный", "продовольственной")
    },
}


def _fact(kind: Kind, label: str, tokens: Tokens, start: int, end: int, **more) -> Found:
    return Found((Fact(kind, label, tokens.text(start, end), **more),), end)


def _one_token(tokens: Tokens, index: int) -> Found | None:
    key, text = tokens.key(index), tokens.texts[index]
    end = index + 1
    if match := _REBAR.fullmatch(key):
        size = int(match.group(1))
        if 6 <= size <= 50:
            label = f"Y{size} ({size} mm)"
            return _fact(
                Kind.SIZE, label, tokens, index, end, value=Decimal(size), unit="mm", words=text
            )
    if match := _PETROL.fullmatch(key):
        return _fact(Kind.GRADE, f"AI-{match.group(1)}", tokens, index, end, words=text)
    if match := _EURO.fullmatch(key):
        return _fact(Kind.STANDARD, f"Euro {match.group(1)}", tokens, index, end, words=text)
    if match := _ECO_CLASS.fullmatch(key):
        return _fact(Kind.STANDARD, f"K{match.group(1)}", tokens, index, end, words=text)
    if _STEEL.fullmatch(key) or _CEMENT_MARK.fullmatch(key):
        label = text.upper().replace("FE", "Fe", 1)
        if _CEMENT_MARK.fullmatch(key) and _ADDITIVE.fullmatch(tokens.key(end)):
            end += 1
            label = f"{label} {tokens.texts[index + 1].upper().lstrip('-')}"
        return _fact(Kind.GRADE, label, tokens, index, end, words=tokens.text(index, end))
    if match := _NPK.fullmatch(key):
        label = f"NPK {match.group(1)}"
        return _fact(Kind.GRADE, label, tokens, index, end, words=text)
    if _RATIO.fullmatch(key):
        return _fact(Kind.GRADE, f"NPK {key.replace(':', '-')}", tokens, index, end)
    if key in _CERTIFICATES:
        return _fact(Kind.STANDARD, _CERTIFICATES[key], tokens, index, end)
    return None


def _cement_class(tokens: Tokens, at: int) -> tuple[str, int] | None:
    """42.5, 42.5R, 42,5 N: a cement's strength class and the token after it."""
    match = _CEMENT_CLASS.fullmatch(tokens.key(at))
    if match is None:
        return None
    strength, suffix = f"{match.group(1)}.5", match.group(2)
    end = at + 1
    if not suffix and tokens.key(end) in ("n", "r"):
        suffix = tokens.key(end)
        end += 1
    return f"{strength}{suffix.upper()}", end


def _cem(tokens: Tokens, index: int) -> Found | None:
    """CEM I 42.5R, CEM II/A-S 42.5 N, ЦЕМ II 32,5Б."""
    if tokens.key(index) not in ("cem", "цем"):
        return None
    match = _ROMAN.fullmatch(tokens.key(index + 1))
    if match is None:
        return None
    label = f"CEM {tokens.texts[index + 1].upper()}"
    end = index + 2
    strength = _cement_class(tokens, end)
    if strength:
        label, end = f"{label} {strength[0]}", strength[1]
    return _fact(Kind.GRADE, label, tokens, index, end, words=tokens.text(index, end))


def _npk(tokens: Tokens, index: int) -> Found | None:
    """NPK 15-15-15, NPK 16:16:16, NPK 20 10 10."""
    if tokens.key(index) not in ("npk", "npks", "нпк"):
        return None
    following = tokens.key(index + 1)
    if _RATIO.fullmatch(following) or re.fullmatch(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{1,2}", following):
        ratio, end = re.sub(r"[:/]", "-", following), index + 2
    else:
        parts = [tokens.key(index + k) for k in (1, 2, 3)]
        if not all(p.isdigit() and len(p) <= 2 for p in parts):
            return None
        ratio, end = "-".join(parts), index + 4
    return _fact(Kind.GRADE, f"NPK {ratio}", tokens, index, end, words=tokens.text(index, end))


def _two_tokens(tokens: Tokens, index: int) -> Found | None:
    """AI 92, Euro 5, ПЦ 400, M 500."""
    key, following = tokens.key(index), tokens.key(index + 1)
    end = index + 2
    if key in ("ai", "аи") and following in _OCTANES:
        return _fact(
            Kind.GRADE, f"AI-{following}", tokens, index, end, words=tokens.text(index, end)
        )
    if key in ("euro", "евро") and re.fullmatch(r"[2-6]", following):
        label = f"Euro {following}"
        return _fact(Kind.STANDARD, label, tokens, index, end, words=tokens.text(index, end))
    if key in ("пц", "pc", "m", "м") and _CEMENT_MARK.fullmatch(key + following):
        label = f"{tokens.texts[index].upper()} {following.upper()}"
        if _ADDITIVE.fullmatch(tokens.key(end)):
            label, end = f"{label} {tokens.texts[end].upper().lstrip('-')}", end + 1
        return _fact(Kind.GRADE, label, tokens, index, end, words=tokens.text(index, end))
    if key == "icumsa" and following.isdigit() and len(following) <= 4:
        label = f"ICUMSA {following}"
        return _fact(Kind.GRADE, label, tokens, index, end, words=tokens.text(index, end))
    return None


def _standard(tokens: Tokens, index: int) -> Found | None:
    found = phrase_at(tokens, index, _STANDARDS, 2)
    if found is None:
        return None
    name, at = found
    if tokens.pause_before(at) or not _STANDARD_NUMBER.fullmatch(tokens.key(at)):
        return None
    end = at + 1
    # The tokens cut "5L" (API 5L) in two; glued back, it is one designation.
    if end < len(tokens) and tokens[end].start == tokens[at].end and tokens.key(end).isalpha():
        end += 1
    label = f"{name} {tokens.text(at, end).upper()}"
    return _fact(Kind.STANDARD, label, tokens, index, end)


def _grade_value(key: str, *, before: bool) -> str | None:
    """The value in "grade 3", "class II", "grade A" (after) or "3 класс", "1st grade",
    "высший сорт" (before; no letters there: "a grade" is an article)."""
    if key in _ORDINALS:
        return _ORDINALS[key]
    if before:
        match = _RUSSIAN_ORDINAL.fullmatch(key)
        return str(int(match.group(1))) if match else None
    if _VALUE_AFTER.fullmatch(key):
        return key.upper() if key.isalpha() else key.replace(",", ".")
    return None


def _graded(tokens: Tokens, index: int) -> Found | None:
    key, following = tokens.key(index), tokens.key(index + 1)
    if tokens[index].pause:
        return None
    if key in _GRADE_WORDS:
        value, word = _grade_value(following, before=False), _GRADE_WORDS[key]
    elif following in _GRADE_WORDS and _GRADE_WORDS[following] != "type":
        value, word = _grade_value(key, before=True), _GRADE_WORDS[following]
    else:
        return None
    if value is None:
        return None
    label = f"{value} {word}" if value in ("premium", "extra") else f"{word} {value}"
    return _fact(Kind.GRADE, label, tokens, index, index + 2)


def _quality(tokens: Tokens, index: int) -> Found | None:
    found = phrase_at(tokens, index, _QUALITIES, 2)
    if found is None:
        return None
    label, end = found
    return _fact(Kind.GRADE, label, tokens, index, end)


def _strength_class(tokens: Tokens, index: int) -> Found | None:
    """A cement class alone ("cement 42.5R"); `42.5 kg` is a weight, read elsewhere."""
    found = _cement_class(tokens, index)
    if found is None or _unit_follows(tokens, found[1]):
        return None
    label, end = found
    return _fact(Kind.GRADE, label, tokens, index, end)


def _unit_follows(tokens: Tokens, index: int) -> bool:
    return tokens.key(index) in UNIT_BY_KEY or tokens.key(index) in MEASURE_BY_KEY


_READERS = (_cem, _npk, _standard, _two_tokens, _graded, _quality, _one_token, _strength_class)


def read_grade(tokens: Tokens, index: int) -> Found | None:
    for reader in _READERS:
        found = reader(tokens, index)
        if found:
            return found
    return None
