"""The search documents of categories: their names (English, Russian, Kazakh), HS texts
(English and Russian) and exporters, as stems.

Documents and queries are turned into stems by the same Python code (the HS suggester's
stemmer), so a query matches the same documents on both engines.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache, partial

from django.conf import settings
from django.utils import translation

from catalogue.choices import KazakhRegion
from catalogue.lib.bulk_insert import BATCH
from catalogue.models import CategoryCode, Offer, ProductCategory
from catalogue.suggest.text import stems, words


def _stem_text(*texts: str) -> str:
    return " ".join(_stems_of(t) for t in texts if t)


@lru_cache(maxsize=20_000)
def _stems_of(text: str) -> str:
    """HS descriptions, exporter names and regions recur across many categories: each is
    stemmed once."""
    return " ".join(stems(text))


_BEFORE_QUALIFIERS = re.compile(r"^[^,(;]*")
# A Kazakh noun phrase ends with its head, as an English one does ("Қатты бидай", durum
# wheat), before any comma, bracket or number.
_KAZAKH_NOUN_PHRASE = re.compile(r"^[^,(;\d]*")
# An English noun phrase also ends where a number or a preposition begins what qualifies
# it: "Power cables | above 1 kV", "Raw sheepskins | with wool", "Motor gasoline AI-| 92".
_ENGLISH_NOUN_PHRASE = re.compile(
    r"^[^,(;\d]*?(?=\s+(?:for|with|without|up to|over|above|below|under|in|of|from|"
    r"containing|not)\b|[,(;\d]|$)",
    re.IGNORECASE,
)


def _designation(word: str) -> bool:
    """Abbreviations and designations: "CEM", "AI", "FeSi"."""
    return word.isupper() or word[1:] != word[1:].lower()


def head_words(name: str, name_ru: str, name_kk: str = "") -> list[str]:
    """The nouns the names are about: the last word of an English noun phrase ("Durum
    wheat", "Power cables above 1 kV"), the first of a Russian one ("Пшеница твёрдая"),
    the last of a Kazakh one ("Қатты бидай").
    Qualifiers after a comma, bracket, number or preposition, grades and abbreviations
    ("CEM I 42.5", "AI-95", "FeSi75") do not count."""
    heads = []
    for text, position, phrase in (
        (name, -1, _ENGLISH_NOUN_PHRASE),
        (name_ru, 0, _BEFORE_QUALIFIERS),
        (name_kk, -1, _KAZAKH_NOUN_PHRASE),
    ):
        found_phrase = phrase.match(text or "")
        candidates = [
            w
            for w in re.findall(r"[^\W\d_]+", found_phrase.group(0) if found_phrase else "")
            if len(w) >= 3 and not _designation(w)
        ]
        found = [w for w in words(" ".join(candidates))]
        if found:
            heads.append(found[position])
    return heads


def _region_names() -> dict[str, str]:
    """Each region by its names in every language of the site, so either finds it."""
    names: dict[str, list[str]] = defaultdict(list)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in KazakhRegion.choices:
                names[code].append(str(label))
    return {code: " ".join(dict.fromkeys(labels)) for code, labels in names.items()}


def rows_among(queryset, field: str, ids: set[int]):
    """The rows of a values_list queryset, led by `field`, whose first value is in ids.

    Many ids (an import): one pass over the table beats thousands of parameters, and does
    not rely on the statistics of rows written a moment ago."""
    if len(ids) <= BATCH:
        return queryset.filter(**{f"{field}__in": ids})
    return (row for row in queryset.iterator(chunk_size=BATCH) if row[0] in ids)


def documents(category_ids: Iterable[int]) -> list[dict[str, object]]:
    """The search document of each category given: its heads, names, details and
    exporters, as stems.

    Unpublished categories get no document: search never finds them.
    """
    ids = set(category_ids)
    rows_of = partial(rows_among, ids=ids)
    details: dict[int, list[str]] = defaultdict(list)
    # The HS texts of its codes and their headings, in English and in Russian.
    codes = CategoryCode.objects.values_list(
        "category_id",
        "hs_code__description",
        "hs_code__description_ru",
        "hs_code__parent__description",
        "hs_code__parent__description_ru",
    )
    for category_id, *texts in rows_of(codes, "category_id"):
        details[category_id] += [text or "" for text in texts]
    exporters: dict[int, list[str]] = defaultdict(list)
    regions = _region_names()
    offers = Offer.objects.filter(is_active=True, exporter__is_active=True).values_list(
        "category_id", "exporter__name", "exporter__region"
    )
    for category_id, name, region in rows_of(offers, "category_id"):
        exporters[category_id] += [name, regions.get(region, "")]
    categories = ProductCategory.objects.published().values_list(
        "pk", "name", "name_ru", "name_kk", "description"
    )
    return [
        {
            "category": pk,
            "heads": _stem_text(*head_words(name, name_ru, name_kk)),
            "names": _stem_text(name, name_ru, name_kk),
            "names_ru": _stem_text(name_ru),
            "names_kk": _stem_text(name_kk),
            "details": _stem_text(description, *details[pk]),
            "exporters": _stem_text(*exporters[pk]),
        }
        for pk, name, name_ru, name_kk, description in rows_of(categories, "pk")
    ]
