"""Which candidates answer a query and in what order: the rules of catalogue/search/ranking.py,
on hand-made candidates (no database)."""

from dataclasses import replace
from decimal import Decimal

from catalogue.search.ranking import Candidate, Codes, rank
from catalogue.search.reading import read
from catalogue.search.sizes import in_range, ranges_in
from catalogue.suggest.engine import GlossaryEntry
from catalogue.suggest.text import stem, stems

_ids = iter(range(1, 10_000))


def category(name: str, *, heads: str = "", details: str = "", exporters: str = "", code=""):
    """A candidate as the index holds it: stems of its head nouns, names and details."""
    name_stems = " ".join(stems(name))
    head = heads or stems(name)[-1]
    return Candidate(
        category=next(_ids),
        heads=" ".join(stems(head)),
        names=name_stems,
        details=" ".join(stems(details)),
        exporters=" ".join(stems(exporters)),
        codes=(code,) if code else (),
        name=name,
    )


def known_in(*candidates: Candidate, more: str = "") -> set[str]:
    found = set(stems(more))
    for c in candidates:
        found |= set(f"{c.heads} {c.names} {c.details} {c.exporters}".split())
    return found


def glossary(*entries: GlossaryEntry) -> dict:
    return {tuple(sorted(stems(e.term))): e for e in entries}


def codes_of(reading) -> Codes:
    """The codes the glossary phrases of a reading give, as search() builds them."""
    weights, reads = {}, {}
    for phrase in reading.phrases:
        for code in phrase.codes:
            weights[code] = 1.0
            reads[code] = reads.get(code, frozenset()) | phrase.stems
    return Codes(weights, reads)


def ranked(query: str, *candidates: Candidate, entries=(), paired=(), more="", **options):
    """The ranking of the candidates for the query; the words of `more` (and of the
    glossary entries) are known, as words of HS texts would be."""
    terms = " ".join(e.term for e in entries)
    known = known_in(*candidates, more=f"{more} {terms}")
    reading = read(query, known=known, glossary=glossary(*entries))
    pairs = {frozenset(map(stem, p.split())) for p in paired}
    outcome = rank(
        reading,
        list(candidates),
        codes_of(reading),
        paired_in_hs=lambda a, b: frozenset([a, b]) in pairs,
        **options,
    )
    return outcome, {c.category: c.name for c in candidates}


def names(query: str, *candidates: Candidate, **more) -> list[str]:
    outcome, by_id = ranked(query, *candidates, **more)
    return [by_id[pk] for pk in outcome.answers]


def test_a_category_named_for_the_head_comes_before_one_that_only_mentions_it():
    soft = category("Soft wheat")
    gluten = category("Wheat gluten")
    assert names("wheat", gluten, soft) == ["Soft wheat", "Wheat gluten"]


def test_any_product_word_brings_a_candidate_and_coverage_orders_them():
    assert names(
        "sunflower oil",
        category("Rapeseed oil"),
        category("Sunflower oil", details="sunflower seed oil"),
        category("Sunflower seed"),
    )[:1] == ["Sunflower oil"]


def test_a_qualifier_that_names_another_product_rules_categories_out():
    # HS names palm with oil (heading 1511): sunflower oil is not palm oil.
    sunflower = category("Sunflower oil")
    assert names("palm oil", sunflower, paired=["palm oil"], more="palm") == []
    outcome, _ = ranked("palm oil", sunflower, paired=["palm oil"], more="palm")
    assert outcome.head_found and outcome.nearest == [sunflower.category]


def test_a_qualifier_a_category_has_with_the_head_distinguishes_the_others():
    milling = category("Soft wheat class 3 milling")
    feed = category("Feed wheat")
    assert names("milling wheat", milling, feed) == ["Soft wheat class 3 milling"]


def test_a_qualifier_nothing_tells_the_head_apart_by_only_ranks():
    pipes = category("Welded steel pipes")
    assert names(
        "galvanized pipe", pipes, category("Hot-dip galvanised coil"), more="galvanized"
    ) == ["Welded steel pipes"]


def test_a_glossary_reading_with_codes_distinguishes_and_answers():
    dap = GlossaryEntry("dap", "diammonium phosphate", ("310530",))
    map_ = category("Monoammonium phosphate", details="fertilizers", code="310540")
    assert names("DAP fertilizer", map_, entries=[dap]) == []
    rods = GlossaryEntry("rods", "bars rods iron", ("721420",))
    rebar = category("Reinforcing bars", code="721420")
    wire_rod = category("Steel wire rod", code="721310")
    assert names("12mm rod", wire_rod, rebar, entries=[rods]) == [
        "Reinforcing bars",
        "Steel wire rod",
    ]


def test_a_trade_word_ranks_the_categories_named_for_what_it_means_first():
    ago = GlossaryEntry("ago", "automotive gas oil diesel fuel", ("271019",))
    greases = category("Lubricating greases", code="271019")
    diesel = category("Diesel fuel (automotive gas oil)", heads="fuel", code="271019")
    assert names("AGO", greases, diesel, entries=[ago]) == [diesel.name, greases.name]


def test_under_a_trade_phrase_s_code_a_name_with_the_whole_phrase_ranks_first():
    gas_oil = GlossaryEntry("gas oil", "petroleum oils", ("271019",))
    hydraulic = category("Hydraulic oils", code="271019")
    diesel = category("Diesel fuel (automotive gas oil)", heads="fuel", code="271019")
    assert names("gas oil", hydraulic, diesel, entries=[gas_oil]) == [diesel.name, hydraulic.name]


def test_when_the_glossary_reads_the_head_a_mere_mention_does_not_answer():
    pure_water = GlossaryEntry("pure water", "waters", ("220190",))
    salt = category("Table salt", details="pure sodium chloride sea water", code="250100")
    mineral = category("Natural mineral water", code="220110")
    assert names("pure water", salt, mineral, entries=[pure_water]) == []


def test_an_unknown_word_a_brand_does_not_rule_anything_out():
    noodles = category("Instant noodles")
    assert names("zoodlix noodles", noodles) == ["Instant noodles"]


def test_a_category_only_mentioning_the_head_must_have_every_qualifier():
    honey = category("Natural honey", details="flowers nectar")
    assert names("hibiscus flowers", honey, more="hibiscus") == []
    assert names("hibiscus flowers", honey) == []  # unknown, it must be there too


def test_where_categories_are_named_with_the_head_a_mention_answers_only_in_hs_chapters():
    sugar = category("White sugar", code="170199")
    yoghurt = category("Yoghurt", details="added sugar", code="040320")
    reading = read("sugar", known=known_in(sugar, yoghurt))
    outcome = rank(reading, [sugar, yoghurt], Codes(chapters=frozenset(["17"])))
    assert outcome.answers == [sugar.category]


def test_the_family_the_catalogue_lists_most_kinds_of_comes_first():
    rye = category("Rye flour", code="110290")
    wheat = [
        category(f"Wheat flour, {g} grade", heads="flour", code="110100")
        for g in ("first", "second")
    ]
    assert names("flour", rye, *wheat)[0].startswith("Wheat flour")


def test_fewer_words_the_query_did_not_ask_for_rank_first():
    plain = category("Portland cement")
    special = category("Sulphate resistant Portland cement")
    assert names("cement", special, plain) == ["Portland cement", special.name]


def test_a_size_in_a_range_the_name_gives_ranks_first():
    small = category("Distribution transformers up to 650 kVA", heads="transformers")
    large = category("Power transformers over 10,000 kVA", heads="transformers")
    assert names("transformer", large, small, sizes=[(Decimal(500), "kVA")])[0] == small.name
    assert names("transformer", small, large, sizes=[(Decimal(20000), "kVA")])[0] == large.name


def test_a_head_no_category_is_named_for_gives_way_to_one_that_is():
    sugar = category("White sugar")
    assert names("sugar market", sugar, more="market") == ["White sugar"]


def test_when_nothing_answers_the_head_another_word_a_category_is_named_for_is_tried():
    # "rods" is named (wire rod), but "galvanised" rules it out; Galvanised wire is named
    # for the wire.
    wire = category("Galvanised wire", details="rods")
    wire_rod = category("Steel wire rod")
    assert names("galvanised wire rods", wire_rod, wire, paired=["galvanised rod"]) == [wire.name]


def test_a_head_named_nowhere_is_read_as_a_close_word_the_candidates_are_named_with():
    bitumen = category("Road bitumen", details="bituminous")
    outcome, _ = ranked("bitumin", bitumen)
    assert outcome.answers == [bitumen.category]
    assert outcome.reading.corrections == {"bitumin": "bitumen"}


def test_exact_ties_go_to_the_category_with_more_exporters():
    a = category("Urea")
    b = replace(a, category=a.category + 1, offers=3)
    outcome, _ = ranked("urea", a, b)
    assert outcome.answers == [b.category, a.category]


def test_ranges_in_names():
    assert [tuple(r) for r in ranges_in("Power transformers 650-10,000 kVA")] == [
        (Decimal(650), Decimal(10000), "kVA")
    ]
    assert in_range("Power cables above 1 kV", [(Decimal(33), "kV")])
    assert not in_range("Power cables up to 1 kV", [(Decimal(33), "kV")])
    assert in_range("Wheeled tractors, 75-130 kW", [(Decimal(150), "hp")])  # 112 kW
    assert in_range("Trucks, GVW over 20 t", [(Decimal(25), "t")])


def test_a_real_word_typed_for_another_is_read_as_the_one_named_with_its_qualifiers():
    flour = category("Wheat flour")
    rye = category("Rye flour")
    grain = category("Soft wheat")
    outcome, by_id = ranked("wheat flower", grain, rye, flour, more="flower")
    assert [by_id[pk] for pk in outcome.answers][:1] == ["Wheat flour"]
    assert outcome.reading.corrections == {"flower": "flour"}
    # Not without a qualifier to bear it out, nor further than the word's length allows.
    assert names("flower", rye, more="flower") == []
    assert names("cotton shirts", category("Cotton sheets"), more="shirts") == []


def test_the_grade_asked_for_ranks_the_category_named_with_it_first():
    class_4, class_3 = category("Soft wheat, class 4"), category("Soft wheat, class 3 (milling)")
    assert names("wheat", class_4, class_3, grades=["class 3"])[:1] == [class_3.name]
    assert names("wheat", class_3, class_4, grades=["class 4"])[:1] == [class_4.name]


def test_the_nearest_come_by_hs_code_closest_to_what_the_words_read_as():
    motor = category("Motor oils", code="271019")
    sunflower = category("Sunflower oil", code="151211")
    known = known_in(motor, sunflower, more="palm")
    reading = read("palm oil", known=known)
    outcome = rank(
        reading,
        [motor, sunflower],
        Codes(closest="151110"),
        paired_in_hs=lambda a, b: {a, b} == {"palm", "oil"},
    )
    assert outcome.answers == []
    assert outcome.nearest == [sunflower.category, motor.category]


def test_a_head_named_but_never_with_the_qualifiers_is_read_as_the_word_that_is():
    ice_cream, ceramics = category("Ice cream"), category("Sanitary ceramics")
    outcome, by_id = ranked("ice ceram", ceramics, ice_cream, more="ice")
    assert [by_id[pk] for pk in outcome.answers][:1] == ["Ice cream"]
    # Named with the qualifiers too: nothing to respell.
    tiles = category("Ceramic tiles")
    assert names("ceramic tiles", tiles, category("Ceramic sinks"))[:1] == ["Ceramic tiles"]
