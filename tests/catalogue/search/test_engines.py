"""The full-text engines, the same on SQLite and PostgreSQL."""

import pytest

from catalogue.search.engines import current_engine
from catalogue.suggest.text import stems
from tests.factories import make_category

pytestmark = pytest.mark.django_db


def matched(query: str, *, every: bool, common: set[str] = frozenset()) -> set[int]:
    terms = stems(query)
    hits = current_engine().match(terms, 50, every=every, whole=set(terms), common=common)
    return {hit.category for hit in hits}


def test_a_common_word_counts_in_the_names_alone_when_any_word_will_do():
    fish = make_category("Frozen fish", code=None)
    beef = make_category("Beef carcasses", code=None, description="Frozen, in boxes")
    chicken = make_category("Chicken", code=None, description="Halal")
    assert matched("frozen chicken", every=False) == {fish.pk, beef.pk, chicken.pk}
    assert matched("frozen chicken", every=False, common={"frozen"}) == {fish.pk, chicken.pk}
    # Where every word is needed, a common one counts wherever it is.
    assert matched("frozen boxes", every=True, common={"frozen"}) == {beef.pk}
