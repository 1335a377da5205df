import pytest
from django.db import IntegrityError, transaction

from catalogue.models import CategoryCode, Exporter
from tests.factories import make_category, make_exporter, make_offer


def _refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.django_db
def test_a_category_code_pair_is_unique(hs):
    category = make_category(code="100119")
    _refused(
        lambda: CategoryCode.objects.create(
            category=category, hs_code_id="100119", is_primary=False
        )
    )


@pytest.mark.django_db
def test_a_category_has_one_primary_code(hs):
    category = make_category(code="100119")
    _refused(
        lambda: CategoryCode.objects.create(category=category, hs_code_id="100199", is_primary=True)
    )
    CategoryCode.objects.create(category=category, hs_code_id="100199", is_primary=False)
    assert category.codes.count() == 2


@pytest.mark.django_db
def test_confidence_must_lie_between_zero_and_one(hs):
    category = make_category(code=None)
    _refused(
        lambda: CategoryCode.objects.create(category=category, hs_code_id="100199", confidence=1.5)
    )


@pytest.mark.django_db
def test_category_identity_is_code_and_normalised_name(hs):
    make_category(name="Durum wheat", code="100119")
    _refused(lambda: make_category(name="Durum  Wheat", code="100119"))
    make_category(name="Durum wheat", code="100199")


@pytest.mark.django_db
def test_exporter_bin_must_be_twelve_digits_and_unique():
    make_exporter(bin="123456789012")
    _refused(lambda: make_exporter(bin="123456789012"))
    _refused(lambda: make_exporter(bin="12345"))
    _refused(lambda: make_exporter(bin="12345678901a"))


@pytest.mark.django_db
def test_exporters_without_bin_are_unique_by_name():
    make_exporter(name="Aktobe Chrome LLP")
    _refused(
        lambda: Exporter.objects.create(
            name="AKTOBE chrome LLP", name_key="aktobe chrome llp", slug="x"
        )
    )
    make_exporter(name="Aktobe Chrome LLP", bin="123456789012")


@pytest.mark.django_db
def test_one_offer_per_exporter_and_category(hs):
    offer = make_offer()
    _refused(lambda: make_offer(exporter=offer.exporter, category=offer.category))
    _refused(lambda: make_offer(category=offer.category, capacity=-1))
