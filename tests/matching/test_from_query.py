"""What a buyer searched for fills the first line of the interest form."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from catalogue.search.query import understand
from matching.from_query import line_from_query

REGISTER = "/interest/"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "I need 30 tons of 12mm iron rod delivered to Apapa",
            {"product": "iron rod", "quantity": Decimal(30), "unit": "t", "port": "apapa",
             "specifications": "12 mm"},
        ),
        # A pack size, not an order for one pack.
        ("sunflower oil 20 litres", {"product": "sunflower oil", "notes": "20 l"}),
        ("sunflower oil 20 litres 5000 litres", {"product": "sunflower oil", "notes": "20 l",
                                                 "quantity": Decimal(5000), "unit": "l"}),
        # What the form would refuse is kept as typed, in the notes.
        ("0 t wheat", {"product": "wheat", "notes": "0 t"}),
        ("50kg bags of flour", {"product": "flour", "notes": "50 kg bags"}),
        (
            "about 500 t per month wheat CIF Lagos",
            {"product": "wheat", "quantity": Decimal(500), "unit": "t", "frequency": "monthly",
             "incoterm": "CIF", "notes": "CIF Lagos"},
        ),
        # A count of packs is a count of pieces; the pack, with its size, in the notes.
        (
            "1000 bags of cement 50kg FOB",
            {"product": "cement", "incoterm": "FOB", "quantity": Decimal(1000), "unit": "pcs",
             "notes": "50 kg bags"},
        ),
        ("flour for bakery, Y16", {"product": "flour", "notes": "for bakery",
                                   "specifications": "Y16 (16 mm)"}),
        ("groundnut oil", {"product": "groundnut oil"}),
        ("12mm", {"product": "12mm", "specifications": "12 mm"}),
    ],
)  # fmt: skip
def test_quantity_unit_terms_and_specifications_carry_over(query, expected):
    assert line_from_query(understand(query)) == expected


@pytest.mark.django_db
def test_the_form_comes_filled_from_the_search(client, sunflower):
    form = client.get(REGISTER, {"q": "sunflower oil 200000 litres CIF Apapa 1 L bottles"})
    initial = form.context["lines"].forms[0].initial
    assert initial["product"] == "sunflower oil"
    assert (initial["quantity"], initial["unit"]) == (Decimal(200000), "l")
    assert (initial["incoterm"], initial["port"]) == ("CIF", "apapa")
    assert initial["notes"] == "1 l bottles"
    assert 'value="200000"' in form.text


@pytest.mark.django_db
def test_a_category_page_keeps_its_category_and_takes_the_quantities(client, sunflower):
    form = client.get(REGISTER, {"product": "sunflower-oil", "q": "sunflower oil 500 t monthly"})
    initial = form.context["lines"].forms[0].initial
    assert initial["category"] == sunflower
    assert initial["product"] == "Sunflower oil, refined"
    assert (initial["quantity"], initial["unit"], initial["frequency"]) == (
        Decimal(500),
        "t",
        "monthly",
    )


@pytest.mark.parametrize(
    ("query", "notes"),
    [
        ("rice 4 000 000 000 000 000 t", "4 000 000 000 000 000 t"),
        ("sugar 2e30 kg", "2e30 kg"),
        ("maize 123456789012345678901234567890 tonnes", "123456789012345678901234567890 tonnes"),
        ("diesel 1e-9 l", "1e-9 l"),
        ("cement 99999999999999999999 bags", "99999999999999999999 bags"),
        ("cement 2 000 000 000 t", "2000000000 t"),  # more than the form takes
    ],
)
def test_an_absurd_quantity_fills_no_field_and_stays_as_typed_in_the_notes(query, notes):
    line = line_from_query(understand(query))
    assert line == {"product": query.split()[0], "notes": notes}


def test_digit_groups_fill_the_quantity():
    for query in ["sugar 7.500 t", "sugar 7'500 t", "sugar 7 500 t", "sugar 7,500 t"]:
        line = line_from_query(understand(query))
        assert (line["product"], line["quantity"], line["unit"]) == ("sugar", Decimal(7500), "t")


def test_the_notes_are_in_the_page_language():
    with translation.override("ru"):
        line = line_from_query(understand("rice 25kg bags, 8 mm, CIF Ikorodu"))
    assert line["notes"] == "мешки по 25 кг; CIF Ikorodu"
    assert line["specifications"] == "8 мм"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rice 3 x 20ft", {"quantity": Decimal(3), "unit": "containers",
                           "notes": "20ft container"}),
        ("rice 2 x 40ft HC CIF Onne", {"quantity": Decimal(2), "unit": "containers",
                                       "incoterm": "CIF", "port": "onne",
                                       "notes": "40ft HC container"}),
        ("rice 4 containers", {"quantity": Decimal(4), "unit": "containers"}),
    ],
)  # fmt: skip
def test_a_count_of_containers_keeps_their_size_in_the_notes(query, expected):
    assert line_from_query(understand(query)) == {"product": "rice", **expected}


@pytest.mark.parametrize(
    ("query", "notes"),
    [
        ("rice 400 bags of 50kg", "50 kg bags"),  # the size apart
        ("rice 50kg 400 bags", "50 kg bags"),
        ("rice 400 x 50kg bags", "50 kg bags"),  # the packaging says it once
        ("rice 25kg 400 x 50kg bags", "25 kg; 50 kg bags"),  # and a size apart stays
        ("rice 400 bags", "bags"),
    ],
)
def test_a_count_of_packs_is_a_count_of_pieces_with_the_pack_in_the_notes(query, notes):
    line = line_from_query(understand(query))
    assert line == {"product": "rice", "quantity": Decimal(400), "unit": "pcs", "notes": notes}


def test_a_count_of_packs_beside_an_orderable_quantity_stays_in_the_notes():
    line = line_from_query(understand("rice 20 t 400 bags 50kg"))
    assert (line["quantity"], line["unit"], line["notes"]) == (Decimal(20), "t", "400 bags; 50 kg")


def test_the_pack_is_said_in_the_page_language():
    with translation.override("ru"):
        line = line_from_query(understand("rice 400 bags of 25kg"))
    assert (line["quantity"], line["unit"], line["notes"]) == (
        Decimal(400),
        "pcs",
        "мешки по 25 кг",
    )


@pytest.mark.django_db
def test_the_form_comes_filled_with_a_count_of_packs(client, sunflower):
    form = client.get(REGISTER, {"q": "sunflower oil 5 litres 3000 jerrycans"})
    initial = form.context["lines"].forms[0].initial
    assert (initial["quantity"], initial["unit"]) == (Decimal(3000), "pcs")
    assert initial["notes"] == "5 l jerrycans"
    assert re.search(r'<option value="pcs" selected>', form.text)
