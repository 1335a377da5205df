"""The matching engine's scoring, as plain functions."""

from decimal import Decimal

from matching.scoring import InterestFacts, OfferFacts, score_offer

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
