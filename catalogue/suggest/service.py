"""The suggester as the app uses it: HS knowledge plus what officials have confirmed so far."""

from __future__ import annotations

from catalogue.lib.process_cache import Versioned, bump_version
from catalogue.models import CategoryCode
from catalogue.suggest.engine import Confirmed, Suggester, Suggestion
from catalogue.suggest.knowledge import bundled_knowledge

MAX_SUGGEST_QUERY = 300  # characters of product text the API accepts

# Bumped whenever the catalogue changes (its names and confirmed codes teach the suggester);
# every process rebuilds on its next call (cheap: the HS and glossary part is kept).
VERSION_KEY = "hs-suggest:version"


def confirmed_mappings() -> list[Confirmed]:
    rows = CategoryCode.objects.filter(
        status=CategoryCode.Status.CONFIRMED, hs_code__level=6
    ).values_list("category__name", "category__name_ru", "hs_code_id")
    mappings = []
    for name, name_ru, code in rows:
        mappings.append(Confirmed(name, code))
        if name_ru:
            mappings.append(Confirmed(name_ru, code))
    return mappings


_suggester = Versioned(VERSION_KEY, lambda: Suggester(bundled_knowledge(), confirmed_mappings()))


def current_suggester() -> Suggester:
    return _suggester.get()


def suggest_hs(text: str, limit: int = 5) -> list[Suggestion]:
    return current_suggester().suggest(text, limit)


def best_suggestion(*texts: str) -> Suggestion | None:
    """The most confident subheading for any of the texts (an English and a Russian name)."""
    suggester = current_suggester()
    found = [s for text in texts if text for s in suggester.suggest(text, 1) if s.level == 6]
    return max(found, key=lambda s: s.score, default=None)


CLOSE = 0.05  # suggestions this close to the first are as likely, for all a buyer said


def likely_subheadings(text: str, limit: int = 3) -> list[Suggestion]:
    """The subheadings the text most likely means: the first suggestion and those within
    CLOSE of it, at most limit."""
    found = [s for s in current_suggester().suggest(text, limit) if s.level == 6]
    return [s for s in found if s.score >= found[0].score - CLOSE] if found else []


def mappings_changed() -> None:
    """Tell every process, once the transaction commits, that confirmed mappings changed."""
    bump_version(VERSION_KEY)
