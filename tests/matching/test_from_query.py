"""What a buyer searched for fills the first line of the interest form."""

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
             "notes": "12 mm"},
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
        (
            "1000 bags of cement 50kg FOB",
            {"product": "cement", "incoterm": "FOB", "notes": "1000 bags; 50 kg"},
        ),
        ("flour for bakery, Y16", {"product": "flour", "notes": "for bakery; Y16 (16 mm)"}),
        ("groundnut oil", {"product": "groundnut oil"}),
        ("12mm", {"product": "12mm", "notes": "12 mm"}),
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
    assert line["notes"] == "мешки по 25 кг; 8 мм; CIF Ikorodu"
