"""Sentence case for nomenclature texts published in capitals. Pure.

"ДОМАШНЯЯ ПТИЦА ЖИВАЯ, ТО ЕСТЬ КУРЫ ДОМАШНИЕ (GALLUS DOMESTICUS)" becomes
"Домашняя птица живая, то есть куры домашние (Gallus domesticus)": every word in lower
case but the first, except what capitals mean something in: abbreviations (ЕАЭС, LED),
Roman numerals (XV), chemical formulae (Fe2O3), units (1000 В, 75 кВт) and the Latin
names of plants and animals (genus capitalised, species not).
"""

from __future__ import annotations

import re

# Cyrillic abbreviations that contain a vowel (those without one, like ПВХ, are kept anyway).
ABBREVIATIONS = frozenset({"ЕАЭС", "ЕЭК", "ЕС", "ООН", "ЭВМ", "ТН", "ВЭД", "ГОСТ", "СССР"})
LATIN_ABBREVIATIONS = frozenset({"LED", "OSB", "MDF", "PVC", "PET", "CD", "DVD", "LCD", "USB"})
# English words the Russian texts quote in brackets: "(включая щетинистые (turf))".
QUOTED_ENGLISH = frozenset({"TURF"})
# Units written straight after a number ("600ММ", "1000В"): lower case unless the
# symbol is a capital (volt, watt).
UNITS = {"В": "В", "ВТ": "Вт", "КВТ": "кВт", "МВТ": "МВт", "КВА": "кВА", "МВА": "МВА"}
# Lower-case abbreviations with no vowel, which the rule for ПВХ would otherwise keep.
LOWER_ABBREVIATIONS = frozenset({"ММ", "СМ", "КМ", "КГ", "МГ", "МЛ", "ШТ", "МЛН", "МЛРД"})
# Element symbols, for formulae in capitals: "FE2O3" is Fe2O3.
ELEMENTS = frozenset({
    "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S",
    "Cl", "Ar", "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga",
    "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd",
    "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm",
    "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W", "Re", "Os",
    "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa",
    "U", "Np", "Pu",
})  # fmt: skip
# Cyrillic letters that look Latin, as typed by mistake into formulae ("FЕ2O3").
_LOOKALIKES = str.maketrans("АВЕКМНОРСТХ", "ABEKMHOPCTX")

_TOKEN = re.compile(r"[^\W_]+")
_NUMBER_AND_UNIT = re.compile(r"(\d+)([А-ЯЁ]+)")
_LATIN = re.compile(r"[A-Za-z]")
_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_VOWELS = frozenset("АЕЁИОУЫЭЮЯ")


def sentence_case(text: str) -> str:
    """The text in sentence case, with whitespace runs made single spaces."""
    text = " ".join(text.split())
    out: list[str] = []
    position = 0
    previous_latin = False
    for match in _TOKEN.finditer(text):
        between = text[position : match.start()]
        word = match.group()
        in_latin_name = previous_latin and between in (" ", ". ")
        out.append(between)
        out.append(_word_case(word, in_latin_name))
        previous_latin = bool(_LATIN.search(word)) and not any(c.isdigit() for c in word)
        position = match.end()
    out.append(text[position:])
    result = "".join(out)
    first = next((i for i, c in enumerate(result) if c.isalpha()), None)
    if first is not None:
        result = result[:first] + result[first].upper() + result[first + 1 :]
    return result


def _word_case(word: str, in_latin_name: bool) -> str:
    if any(c.isdigit() for c in word):
        return _with_digits(word)
    if _LATIN.search(word):
        return _latin(word, in_latin_name)
    if word in ABBREVIATIONS:
        return word
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and not _VOWELS.intersection(letters) and word not in LOWER_ABBREVIATIONS:
        return word  # an abbreviation without vowels: ПВХ, СВЧ
    return word.lower()


def _latin(word: str, in_latin_name: bool) -> str:
    if word in LATIN_ABBREVIATIONS or len(word) == 1 or _ROMAN.fullmatch(word):
        return word  # LED; "L." after a species name; XV
    if word in QUOTED_ENGLISH or in_latin_name:
        return word.lower()  # the species of "Gallus domesticus", "spp."
    return word[:1] + word[1:].lower()  # a genus: Brassica


def _with_digits(word: str) -> str:
    unit = _NUMBER_AND_UNIT.fullmatch(word)
    if unit and not _LATIN.search(word):
        number, symbol = unit.groups()
        return f"{number} {UNITS.get(symbol, symbol.lower())}"
    if _LATIN.search(word):
        return _formula(word.translate(_LOOKALIKES))
    return word.lower()


def _formula(word: str) -> str:
    """FE2O3 → Fe2O3, H3BO3 stays: element symbols, one letter where that parses."""
    parsed = _symbols(word)
    return parsed if parsed is not None else word


def _symbols(rest: str) -> str | None:
    if not rest:
        return ""
    if rest[0].isdigit():
        digits = len(rest) - len(rest.lstrip("0123456789"))
        tail = _symbols(rest[digits:])
        return None if tail is None else rest[:digits] + tail
    for size in (1, 2):
        symbol = rest[:size].capitalize()
        if len(rest) >= size and symbol in ELEMENTS:
            tail = _symbols(rest[size:])
            if tail is not None:
                return symbol + tail
    return None
