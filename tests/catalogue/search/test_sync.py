"""Search follows every change made through the models, wherever it is made."""

import pytest
from django.urls import reverse

from catalogue.models import Exporter, Offer
from catalogue.search import search
from tests.factories import make_category, make_exporter, make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def copper(hs):
    cathodes = make_category(name="Copper cathodes", code="740311", slug="cathodes")
    wire = make_category(name="Copper wire", code="740811", slug="wire")
    exporter = make_exporter(name="Zhezkazgan Smelting LLP")
    return cathodes, wire, make_offer(exporter=exporter, category=cathodes)


def found(query: str) -> set[int]:
    return set(search(query).ranked)


def test_moving_an_offer_updates_both_categories(copper):
    cathodes, wire, offer = copper
    assert found("zhezkazgan") == {cathodes.pk}
    offer.category = wire
    offer.save()
    assert found("zhezkazgan") == {wire.pk}


def test_deleting_an_exporter_or_offers_in_bulk_leaves_no_trace(copper):
    cathodes, wire, offer = copper
    make_offer(exporter=offer.exporter, category=wire)
    assert found("zhezkazgan") == {cathodes.pk, wire.pk}
    Offer.objects.filter(category=wire).delete()
    assert found("zhezkazgan") == {cathodes.pk}
    Exporter.objects.all().delete()
    assert found("zhezkazgan") == set()


def test_a_rename_in_the_admin_is_searchable_at_once(admin_client, copper):
    cathodes, _, _ = copper
    cathodes.name = "Refined copper cathodes, grade M00k"
    cathodes.save()
    assert found("m00k") == {cathodes.pk}
    response = admin_client.post(
        reverse("admin:catalogue_exporter_delete", args=[copper[2].exporter_id]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert found("zhezkazgan") == set()


def test_the_full_text_index_holds_exactly_the_documents_after_changes(copper):
    """New documents enter SQLite's index in bulk, old ones leave it by trigger: after
    renames, moves and deletes the index agrees with its content table, row for row."""
    from django.db import connection

    cathodes, wire, offer = copper
    cathodes.name = "Copper cathodes, grade M00k"
    cathodes.save()
    offer.category = wire
    offer.save()
    wire.delete()
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL indexes generated columns; there is no index table to check")
    with connection.cursor() as cursor:
        # FTS5 compares every token of the index with its content table, and raises when
        # they differ.
        cursor.execute(
            "INSERT INTO catalogue_search(catalogue_search, rank) VALUES ('integrity-check', 1)"
        )
    assert found("m00k") == {cathodes.pk}
    assert found("wire") == set()


def test_a_reindex_that_fails_midway_leaves_the_documents_and_their_index_as_they_were(
    copper, monkeypatch
):
    from django.db import connection

    from catalogue.search import reindex
    from catalogue.search.engines import current_engine

    cathodes, wire, _ = copper
    cathodes.name = "Copper cathodes, grade M00k"
    cathodes.save()

    def fail(self, category_ids):
        raise OSError("disk full")

    # The documents are written; the index then fails to take them, as a full disk would.
    monkeypatch.setattr(type(current_engine()), "add", fail)
    with pytest.raises(OSError):
        reindex([cathodes.pk, wire.pk])
    monkeypatch.undo()
    assert found("m00k") == {cathodes.pk}
    assert found("wire") == {wire.pk}
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO catalogue_search(catalogue_search, rank) VALUES ('integrity-check', 1)"
            )
