"""The matching engine's scoring, as plain functions."""

from decimal import Decimal

import pytest

from matching.scoring import InterestFacts, OfferFacts, same_product, score_offer

SUNFLOWER = OfferFacts(
    codes=("151219",),
    capacity=Decimal(20000),
    unit="t",
    incoterms=("DAP", "FCA"),
    certifications={"halal": "Halal"},
    words="Sunflower oil, refined Pavlodar Oil LLP",
)


def interest(**fields) -> InterestFacts:
    return InterestFacts(**{"code": "151219", **fields})


def test_same_hs6_beats_same_heading_beats_same_chapter():
    same_code = score_offer(SUNFLOWER, interest(code="151219")).value
    same_heading = score_offer(SUNFLOWER, interest(code="151211")).value
    same_chapter = score_offer(SUNFLOWER, interest(code="150710")).value
    other = score_offer(SUNFLOWER, interest(code="100199")).value
    assert same_code > same_heading > same_chapter > other


def test_reasons_name_the_code():
    assert "Same HS code 1512.19" in score_offer(SUNFLOWER, interest()).reasons
    assert "Same HS heading 1512" in score_offer(SUNFLOWER, interest(code="151211")).reasons


def test_capacity_is_compared_per_year():
    covered = score_offer(SUNFLOWER, interest(quantity=Decimal(500), unit="t", frequency="monthly"))
    assert "Capacity 20,000 t/year covers 500 t/month" in covered.reasons
    short = score_offer(SUNFLOWER, interest(quantity=Decimal(5000), unit="t", frequency="monthly"))
    assert "Capacity 20,000 t/year is less than 5,000 t/month asked" in short.reasons
    assert covered.value > short.value


def test_units_convert_where_they_can():
    in_kg = score_offer(
        SUNFLOWER, interest(quantity=Decimal(500000), unit="kg", frequency="yearly")
    )
    assert any(r.startswith("Capacity 20,000 t/year covers") for r in in_kg.reasons)
    in_barrels = score_offer(SUNFLOWER, interest(quantity=Decimal(10), unit="bbl"))
    assert any("other units" in r for r in in_barrels.reasons)


def test_incoterm_offered_or_not():
    assert "Offers FCA" in score_offer(SUNFLOWER, interest(incoterm="FCA")).reasons
    cif = score_offer(SUNFLOWER, interest(incoterm="CIF"))
    assert "Does not offer CIF (offers DAP, FCA)" in cif.reasons
    assert score_offer(SUNFLOWER, interest(incoterm="FCA")).value > cif.value


def test_required_certification_held_or_not():
    halal = score_offer(SUNFLOWER, interest(certification="halal", certification_name="Halal"))
    assert "Holds Halal" in halal.reasons
    kosher = score_offer(SUNFLOWER, interest(certification="kosher", certification_name="Kosher"))
    assert "No Kosher certificate listed" in kosher.reasons
    assert halal.value > kosher.value


def test_the_buyers_own_words_count():
    worded = score_offer(SUNFLOWER, interest(words="refined sunflower oil in jerrycans"))
    assert "Matches your words: 'oil', 'refined', 'sunflower'" in worded.reasons


def test_score_lies_between_0_and_1():
    best = score_offer(
        SUNFLOWER,
        interest(
            quantity=Decimal(1),
            unit="t",
            incoterm="FCA",
            certification="halal",
            words="sunflower oil",
        ),
    )
    assert 0.9 < best.value <= 1.0
    worst = score_offer(
        SUNFLOWER, interest(code="", incoterm="CIF", certification="kosher", words="cement")
    )
    assert 0 <= worst.value < 0.2


def offer_of(name: str, code: str, name_ru: str = "", category_id: int = 1) -> OfferFacts:
    return OfferFacts(codes=(code,), names=(name, name_ru), category_id=category_id)


def asking(names, code: str, category_id: int | None = None) -> InterestFacts:
    return InterestFacts(code=code, names=tuple(names), category_id=category_id)


@pytest.mark.parametrize(
    ("asked", "code", "offered", "offered_code", "same"),
    [
        # The same product, however the buyer or the catalogue put it.
        (["Durum wheat"], "100119", "Durum wheat, class 3", "100119", True),
        (["wheat"], "100199", "Soft wheat, class 3", "100199", True),
        (["diesel"], "271019", "Diesel fuel (gas oil)", "271019", True),
        (["crude sunflower oil"], "151211", "Sunflower oil, crude", "151211", True),
        (["rebar 12mm"], "721420", "Reinforcing bars (rebar)", "721420", True),
        (["urea 46%"], "310210", "Urea (carbamide)", "310210", True),
        (["Пшеница твёрдая"], "100119", "Durum wheat", "100119", True),
        # Near misses inside one chapter, or one subheading.
        (["Diesel fuel"], "271019", "Lubricating oils", "271019", False),
        (["Gas oil"], "271019", "Lubricating oil", "271019", False),
        (["Reinforcing bars (rebar)"], "721420", "Ferroalloys", "720299", False),
        (["Wheat"], "100199", "Wheat flour", "110100", False),
        (["Sunflower oil, crude"], "151211", "Sunflower oil, refined", "151219", False),
        (["Sunflower oil, refined"], "151219", "Sunflower oil, crude", "151219", False),
        (["Frozen beef"], "020230", "Chilled beef", "020130", False),
        (["Frozen beef, boneless"], "020230", "Beef, chilled, boneless", "020230", False),
        # A shared chapter or heading alone is no match.
        (["Buckwheat"], "100810", "Millet", "100829", False),
    ],
)
def test_a_match_is_the_same_product_not_just_a_shared_code(
    asked, code, offered, offered_code, same
):
    found = same_product(offer_of(offered, offered_code), asking(asked, code))
    assert (found is not None) == same


def test_the_catalogue_product_asked_for_is_a_match_by_itself():
    offer = offer_of("Sunflower oil, refined", "151219", category_id=7)
    assert same_product(offer, asking(["Anything"], "151219", category_id=7)) == (
        "Same HS code 1512.19"
    )


def test_a_heading_asked_for_matches_its_subheadings():
    offer = offer_of("Durum wheat", "100119")
    assert same_product(offer, asking(["wheat"], "1001")) == "Same HS heading 1001"
    assert same_product(offer, asking(["wheat"], "10")) is None  # a chapter: too broad
