"""Open interests, defined once: those whose matches are kept, those a buyer may withdraw."""

from __future__ import annotations

import pytest
from django.utils import timezone

from matching.models import Interest
from tests.factories import make_interest


@pytest.mark.django_db
def test_open_interests_are_the_same_one_by_one_and_in_a_query():
    by_status = {}
    for n, status in enumerate(Interest.Status):
        confirmed = {"reference": f"KZNG-OPEN-{n}", "confirmed_at": timezone.now()}
        by_status[status] = make_interest(
            status=status, **({} if status == Interest.Status.NEW else confirmed)
        )
    one_by_one = {status for status, interest in by_status.items() if interest.is_open}
    in_a_query = set(Interest.objects.open().values_list("status", flat=True))
    assert one_by_one == in_a_query == {"confirmed", "contacted", "matched"}


def test_open_interests_are_those_a_buyer_may_withdraw():
    withdrawable = {
        status
        for status, moves in Interest.TRANSITIONS.items()
        if Interest.Status.WITHDRAWN in moves
    }
    assert withdrawable == set(Interest.OPEN_STATUSES)
