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
