"""The one road of catalogue changes: search at once, one public signal after commit with the
categories and their HS headings before and after."""

from __future__ import annotations

import pytest
from django.db import transaction

from catalogue.changes import CatalogueChange, change_committed
from catalogue.models import CategoryCode, ProductCategory
from catalogue.search import search
from tests.factories import make_category, make_exporter, make_offer

pytestmark = pytest.mark.django_db


class RolledBack(Exception):
    pass


@pytest.fixture
def sent():
    changes: list[CatalogueChange] = []
    change_committed.connect(
        lambda change, **kwargs: changes.append(change), weak=False, dispatch_uid="test.sent"
    )
    yield changes
    change_committed.disconnect(dispatch_uid="test.sent")


@pytest.fixture
def oil(hs, committed):
    """A category with an offer, committed."""
    return committed(
        lambda: (
            make_offer(
                exporter=make_exporter(name="Pavlodar Oil LLP"),
                category=make_category(name="Sunflower oil, refined", code="151219"),
            ).category
        )
    )


def move_code(category: ProductCategory, code: str) -> None:
    primary = category.codes.get()
    primary.hs_code_id = code
    primary.save()


def test_one_signal_after_commit_with_the_headings_before_and_after(
    oil, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        move_code(oil, "040221")
        oil.name = "Sunflower oil, deodorised"
        oil.save()
        offer = oil.offers.get()
        offer.capacity = 500
        offer.save()
        offer.exporter.save()
    assert sent == []  # nothing before the commit
    for callback in callbacks:  # the commit
        callback()
    assert sent == [
        CatalogueChange(
            category_ids=frozenset({oil.pk}),
            headings_before=frozenset({"1512"}),
            headings_after=frozenset({"0402"}),
        )
    ]


def test_search_follows_at_once_inside_the_transaction(oil):
    oil.name = "Sunflower oil, winterised"
    oil.save()
    assert search("winterised").ranked == [oil.pk]


def test_a_deleted_category_is_sent_with_its_headings_before_and_none_after(oil, sent, committed):
    committed(ProductCategory.objects.filter(pk=oil.pk).delete)
    assert sent == [CatalogueChange(frozenset({oil.pk}), frozenset({"1512"}), frozenset())]


def test_a_rolled_back_change_is_never_sent_nor_mixed_into_the_next(oil, sent, committed):
    wheat = committed(make_category, name="Durum wheat", code="100119")
    sent.clear()
    with pytest.raises(RolledBack), transaction.atomic():
        move_code(oil, "040221")
        raise RolledBack
    assert CategoryCode.objects.get(category=oil).hs_code_id == "151219"

    wheat.name = "Durum wheat, class 1"
    committed(wheat.save)

    assert sent == [
        CatalogueChange(frozenset({wheat.pk}), frozenset({"1001"}), frozenset({"1001"}))
    ]


@pytest.mark.django_db(transaction=True)
def test_a_save_outside_any_transaction_is_sent_at_once_with_what_it_replaced(oil, sent):
    move_code(oil, "040221")  # autocommit: the code's pre_save, its write, then its post_save
    assert sent == [CatalogueChange(frozenset({oil.pk}), frozenset({"1512"}), frozenset({"0402"}))]
