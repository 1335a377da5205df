"""Many buyers at once: every submission is kept exactly once, on SQLite and on PostgreSQL."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from catalogue.nomenclature import load_nomenclature
from matching.links import confirmation_token, status_token
from matching.models import Buyer, Interest, InterestLine, StatusChange
from matching.revisions import what_confirming_does
from tests.factories import make_category
from tests.matching.helpers import interest_post

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def category(settings):
    settings.INTEREST_LIMIT_PER_IP_HOUR = 1000
    settings.INTEREST_LIMIT_PER_EMAIL_DAY = 1000
    load_nomenclature()
    return make_category(name="Sunflower oil, refined", code="151219", slug="sunflower-oil")


def _submit(data: dict) -> int:
    try:
        return Client().post("/interest/", data).status_code
    finally:
        connection.close()


def _run(posts: list[dict]) -> list[int]:
    with ThreadPoolExecutor(max_workers=10) as pool:
        return list(pool.map(_submit, posts))


def test_fifty_parallel_submissions_are_all_kept_once(category):
    posts = [
        interest_post(
            {
                "category": "sunflower-oil",
                "product": "Sunflower oil, refined",
                "quantity": str(100 + n),
                "unit": "t",
            },
            email=f"buyer{n}@lagos.ng",
            company_name=f"Buyer {n} Ltd",
        )  # fmt: skip
        for n in range(50)
    ]
    assert _run(posts) == [302] * 50
    assert Buyer.objects.count() == 50
    assert Interest.objects.count() == 50
    assert sorted(InterestLine.objects.values_list("quantity", flat=True)) == list(range(100, 150))


def test_the_same_request_sent_ten_times_at_once_is_kept_once(category):
    post = interest_post(
        {
            "category": "sunflower-oil",
            "product": "Sunflower oil, refined",
            "quantity": "500",
            "unit": "t",
        }
    )
    assert _run([post] * 10) == [302] * 10
    assert Buyer.objects.count() == 1
    assert InterestLine.objects.filter(category=category).count() == 1


def test_one_confirmation_link_posted_four_times_at_once_confirms_once(category):
    Client().post("/interest/", interest_post({"category": "sunflower-oil", "product": "oil"}))
    interest = Interest.objects.get()
    path = f"/interest/confirm/{confirmation_token(interest)}/"
    shown = {"shown": what_confirming_does(interest).fingerprint}

    def confirm(_) -> tuple[int, str]:
        try:
            response = Client().post(path, shown)
            return response.status_code, response.get("Location", "")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(confirm, range(4)))
    assert [code for code, _ in answers] == [302] * 4
    assert all(location.startswith("/interest/status/") for _, location in answers)
    assert StatusChange.objects.filter(interest=interest).count() == 1


def test_erasing_while_another_request_of_the_buyer_is_confirmed_never_fails(category):
    """Erasure locks the buyer, then its requests; so does a confirmation: one waits for the
    other, and the page that loses the race says so."""
    for n in range(4):
        email = f"racer{n}@lagos.ng"
        line = {"category": "sunflower-oil", "product": "oil", "quantity": str(10 + n), "unit": "t"}
        Client().post("/interest/", interest_post(line, email=email))
        first = Interest.objects.get(buyer__email=email)
        Client().post(
            f"/interest/confirm/{confirmation_token(first)}/",
            {"shown": what_confirming_does(first).fingerprint},
        )
        other = {**line, "product": "wheat", "category": "", "quantity": "7"}
        Client().post("/interest/", interest_post(other, email=email))
        second = Interest.objects.get(buyer__email=email, status="new")
        erase = f"/interest/status/{status_token(first)}/erase/"
        confirm = f"/interest/confirm/{confirmation_token(second)}/"
        shown = {"shown": what_confirming_does(second).fingerprint}

        def post(args) -> int:
            try:
                return Client().post(*args).status_code
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=2) as pool:
            erased, confirmed = pool.map(post, [(erase, {}), (confirm, shown)])
        # Confirmed first, refused as gone, or shown again because what it would change
        # changed: never an error page.
        assert erased == 200 and confirmed in (302, 400, 409)
        assert Buyer.objects.get(pk=first.buyer_id).is_erased
        assert not Interest.objects.filter(buyer_id=first.buyer_id, anonymised_at=None).exists()
