"""Bulk inserts take rows by field name: a value can only land in its own column."""

import pytest
from django.core.exceptions import FieldDoesNotExist

from catalogue.lib.bulk_insert import insert_rows
from catalogue.models import Certification

pytestmark = pytest.mark.django_db


# The names in other languages, which these tests do not care for.
UNNAMED = {"name_ru": "", "name_kk": ""}


def test_the_columns_are_the_row_keys_in_any_order():
    insert_rows(
        Certification,
        [{"code": "halal", "name": "Halal"}, {"name": "ISO 9001", "code": "iso-9001"}],
        same=UNNAMED,
    )
    assert list(Certification.objects.order_by("code").values_list("code", "name")) == [
        ("halal", "Halal"),
        ("iso-9001", "ISO 9001"),
    ]


@pytest.mark.parametrize(
    "second, message",
    [
        ({"code": "iso-9001"}, r"Row 1 lacks \['name'\] and has \[\]"),
        ({"code": "iso-9001", "name": "ISO 9001", "notes": "x"}, r"lacks \[\] and has \['notes'\]"),
        ({"code": "iso-9001", "title": "ISO 9001"}, r"lacks \['name'\] and has \['title'\]"),
    ],
)
def test_a_row_with_other_fields_than_the_first_is_refused(second, message):
    with pytest.raises(ValueError, match=message):
        insert_rows(Certification, [{"code": "halal", "name": "Halal"}, second])
    assert not Certification.objects.exists()


def test_a_key_that_is_no_field_of_the_model_is_refused():
    with pytest.raises(FieldDoesNotExist):
        insert_rows(Certification, [{"code": "halal", "title": "Halal"}])


def test_no_rows_write_nothing():
    insert_rows(Certification, [])
    assert not Certification.objects.exists()


def test_values_every_row_shares_are_named_once():
    rows = [{"code": "halal"}, {"code": "kosher"}]
    insert_rows(Certification, rows, same={"name": "Religious", **UNNAMED})
    assert list(Certification.objects.order_by("code").values_list("code", "name")) == [
        ("halal", "Religious"),
        ("kosher", "Religious"),
    ]


def test_a_field_both_shared_and_in_the_rows_is_refused():
    with pytest.raises(ValueError, match="Given for every row and in the rows: name"):
        insert_rows(Certification, [{"code": "halal", "name": "Halal"}], same={"name": "Religious"})
