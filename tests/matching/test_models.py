import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from matching.models import Interest, InterestLine
from tests.factories import make_buyer, make_interest


def _refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.django_db
def test_buyer_phone_must_be_stored_in_international_form():
    _refused(lambda: make_buyer(phone="08031234567"))


@pytest.mark.django_db
def test_buyer_email_is_unique_whatever_its_case():
    make_buyer(email="ada@example.ng")
    _refused(lambda: make_buyer(email="ADA@example.ng"))


@pytest.mark.django_db
def test_buyer_cac_number_format_is_checked():
    make_buyer(cac_number="RC1234567")
    _refused(lambda: make_buyer(cac_number="1234567"))


@pytest.mark.django_db
def test_an_interest_line_needs_a_category_or_words():
    interest = make_interest(lines=0)
    _refused(lambda: InterestLine.objects.create(interest=interest))
    _refused(lambda: InterestLine.objects.create(interest=interest, free_text="flour", quantity=0))


@pytest.mark.django_db
def test_a_reference_goes_with_a_confirmation():
    _refused(lambda: make_interest(reference="KZNG-2026-000001"))
    interest = make_interest(
        reference="KZNG-2026-000001", confirmed_at=timezone.now(), status="confirmed"
    )
    assert Interest.objects.get(reference="KZNG-2026-000001") == interest
