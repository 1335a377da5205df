"""Buyers' queries as they type them, split into the product and the facts around it."""

import re
import time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.choices import Incoterm
from catalogue.lib.normalise import fold
from catalogue.search.query import FILLER, MAX_QUERY, Kind, understand
from catalogue.search.query.places import INCOTERMS

SIZE, GRADE, STANDARD, QUANTITY = Kind.SIZE, Kind.GRADE, Kind.STANDARD, Kind.QUANTITY
PACKAGING, PURPOSE, BUYER, CODE = Kind.PACKAGING, Kind.PURPOSE, Kind.BUYER_PHRASE, Kind.CODE
DESTINATION, TERMS, ORIGIN = Kind.DESTINATION, Kind.TERMS, Kind.ORIGIN


def facts_of(query: str) -> list[tuple[str, str]]:
    return [(fact.kind, fact.label) for fact in understand(query).facts]


SPLITS = [
    # The examples buyers gave
    ("12mm iron rod", "iron rod", [(SIZE, "12 mm")]),
    (
        "I need 30 tons of 12mm iron rod delivered to Apapa",
        "iron rod",
        [(BUYER, "request"), (QUANTITY, "30 t"), (SIZE, "12 mm"), (DESTINATION, "to Apapa")],
    ),
    ("sunflower oil 20 litres", "sunflower oil", [(QUANTITY, "20 l")]),
    ("50kg bags of flour", "flour", [(PACKAGING, "50 kg bags")]),
    ("Y16", "Y16", [(SIZE, "Y16 (16 mm)")]),
    ("Y12 iron rod 30 tons", "iron rod", [(SIZE, "Y12 (12 mm)"), (QUANTITY, "30 t")]),
    ("12mm", "", [(SIZE, "12 mm")]),
    ("12 mm x 6m", "", [(SIZE, "12 mm"), (SIZE, "6 m")]),
    ("Ø16 rebar", "rebar", [(SIZE, "Ø16 mm")]),
    ("rebar ф 12 мм", "rebar", [(SIZE, "Ø12 mm")]),
    ('pipe 2"', "pipe", [(SIZE, "2 inch")]),
    ("1/2 inch pipe", "pipe", [(SIZE, "0.5 inch")]),
    ("500 kVA generator", "generator", [(SIZE, "500 kVA")]),
    ("2mm sheet 1250x2500", "sheet", [(SIZE, "2 mm"), (SIZE, "1250 × 2500")]),
    ("steel sheet 2 x 1250 x 2500 mm", "steel sheet", [(SIZE, "2 × 1250 × 2500 mm")]),
    # Grades and standards: designations that name the goods stand in for an empty product
    ("B500", "B500", [(GRADE, "B500")]),
    ("A500C rebar", "rebar", [(GRADE, "A500C")]),
    ("HRB400 rebar", "rebar", [(GRADE, "HRB400")]),
    ("Fe500D", "Fe500D", [(GRADE, "Fe500D")]),
    ("AI-92", "AI-92", [(GRADE, "AI-92")]),
    ("бензин аи 92", "бензин", [(GRADE, "AI-92")]),
    ("Euro 5 diesel", "diesel", [(STANDARD, "Euro 5")]),
    ("дизельное топливо евро-5", "дизельное топливо", [(STANDARD, "Euro 5")]),
    ("CEM II 42.5", "CEM II 42.5", [(GRADE, "CEM II 42.5")]),
    ("cement CEM I 42.5R", "cement", [(GRADE, "CEM I 42.5R")]),
    ("CEM II/A-S 42,5 N", "CEM II/A-S 42,5 N", [(GRADE, "CEM II/A-S 42.5N")]),
    ("cement 42.5", "cement", [(GRADE, "42.5")]),
    ("цемент М500 навалом", "цемент", [(GRADE, "М500"), (PACKAGING, "in bulk")]),
    ("цемент ПЦ 400 Д20", "цемент", [(GRADE, "ПЦ 400 Д20")]),
    ("NPK 15-15-15", "NPK 15-15-15", [(GRADE, "NPK 15-15-15")]),
    ("fertilizer npk 16:16:16", "fertilizer", [(GRADE, "NPK 16-16-16")]),
    ("grade 3", "", [(GRADE, "grade 3")]),
    ("wheat 3rd class", "wheat", [(GRADE, "class 3")]),
    ("пшеница 3 класс 5000 т", "пшеница", [(GRADE, "class 3"), (QUANTITY, "5000 t")]),
    ("premium grade flour", "flour", [(GRADE, "premium grade")]),
    ("мука высший сорт", "мука", [(GRADE, "premium grade")]),
    ("мука пшеничная высшего сорта", "мука пшеничная", [(GRADE, "premium grade")]),
    ("feed grade wheat", "wheat", [(GRADE, "feed grade")]),
    ("фуражная пшеница", "пшеница", [(GRADE, "feed grade")]),
    ("ГОСТ 5781", "", [(STANDARD, "GOST 5781")]),
    ("арматура ГОСТ 5781-82", "арматура", [(STANDARD, "GOST 5781-82")]),
    ("iron rod BS 4449", "iron rod", [(STANDARD, "BS 4449")]),
    ("line pipe API 5L", "line pipe", [(STANDARD, "API 5L")]),
    ("diesel EN 590 10ppm", "diesel", [(STANDARD, "EN 590"), (GRADE, "10 ppm")]),
    ("wheat 12.5% protein", "wheat", [(GRADE, "12.5% protein")]),
    ("wheat protein 12,5%", "wheat", [(GRADE, "12.5% protein")]),
    ("urea 46%", "urea", [(GRADE, "46%")]),
    ("sugar icumsa 45", "sugar", [(GRADE, "ICUMSA 45")]),
    # Quantities
    ("5,000 tons", "", [(QUANTITY, "5000 t")]),
    ("5 000 т", "", [(QUANTITY, "5000 t")]),
    ("5k tonnes", "", [(QUANTITY, "5000 t")]),
    ("5000 MT", "", [(QUANTITY, "5000 t")]),
    ("30,000 MT wheat CIF Lagos", "wheat", [(QUANTITY, "30000 t"), (TERMS, "CIF Lagos")]),
    ("пшеница 10 тыс тонн", "пшеница", [(QUANTITY, "10000 t")]),
    ("1,5 тыс т", "", [(QUANTITY, "1500 t")]),
    ("масло подсолнечное 5 л", "масло подсолнечное", [(QUANTITY, "5 l")]),
    ("PMS 33000 litres", "PMS", [(QUANTITY, "33000 l")]),
    ("crude oil 200 barrels", "crude oil", [(QUANTITY, "200 bbl")]),
    ("about 500 t per month wheat", "wheat", [(QUANTITY, "about 500 t per month")]),
    ("up to 2000 tonnes monthly", "", [(QUANTITY, "up to 2000 t per month")]),
    ("от 100 тонн в месяц", "", [(QUANTITY, "at least 100 t per month")]),
    ("5000t/month", "", [(QUANTITY, "5000 t per month")]),
    ("i want to buy 5000 metric tons of urea", "urea", [(BUYER, "request"), (QUANTITY, "5000 t")]),
    ("1 x 40ft", "", [(QUANTITY, "1 × 40ft container")]),
    ("sunflower oil 2x20ft", "sunflower oil", [(QUANTITY, "2 × 20ft containers")]),
    ("frozen chicken 40ft HC", "frozen chicken", [(PACKAGING, "40ft HC container")]),
    ("wheat flour 2 000 000 bags", "wheat flour", [(QUANTITY, "2000000 bags")]),
    ("rice 50kg", "rice", [(QUANTITY, "50 kg")]),
    # Packaging
    ("jumbo bags", "jumbo bags", []),
    ("cement in big bags", "cement", [(PACKAGING, "big bags")]),
    ("oil in drums", "oil", [(PACKAGING, "drums")]),
    ("palm oil jerry cans", "palm oil", [(PACKAGING, "jerrycans")]),
    ("biscuits cartons", "biscuits", [(PACKAGING, "cartons")]),
    ("cement in bulk", "cement", [(PACKAGING, "in bulk")]),
    ("цемент навалом", "цемент", [(PACKAGING, "in bulk")]),
    ("сахар в мешках", "сахар", [(PACKAGING, "bags")]),
    ("мука в мешках по 50 кг", "мука", [(PACKAGING, "50 kg bags")]),
    ("rice in pp bags of 25kg", "rice", [(PACKAGING, "25 kg PP bags")]),
    ("tomato paste 70g sachets", "tomato paste", [(PACKAGING, "70 g sachets")]),
    ("groundnut oil 25 litres jerrycans", "groundnut oil", [(PACKAGING, "25 l jerrycans")]),
    (
        "1000 x 50kg bags of rice",
        "rice",
        [(QUANTITY, "1000 bags"), (PACKAGING, "50 kg bags")],
    ),
    ("sugar in 50kg bags and rice", "sugar rice", [(PACKAGING, "50 kg bags")]),
    ("bag of rice", "rice", [(PACKAGING, "bags")]),
    # Purpose
    ("flour for bakery", "flour", [(PURPOSE, "for bakery")]),
    ("flour for flour mills", "flour", [(PURPOSE, "for flour mills")]),
    ("oil for generators", "oil", [(PURPOSE, "for generators")]),
    ("мука для хлебопекарни", "мука", [(PURPOSE, "для хлебопекарни")]),
    (
        "flour for bakery in 50kg bags",
        "flour",
        [(PURPOSE, "for bakery"), (PACKAGING, "50 kg bags")],
    ),
    ("maize for animal feed", "maize", [(PURPOSE, "for animal feed")]),
    (
        "fertilizer for maize farming, urgent",
        "fertilizer",
        [(PURPOSE, "for maize farming"), (BUYER, "urgent")],
    ),
    # Buyer phrases
    ("supplier of cement", "cement", [(BUYER, "suppliers")]),
    ("cement suppliers", "cement", [(BUYER, "suppliers")]),
    ("wholesale rice", "rice", [(BUYER, "wholesale")]),
    ("price of sugar pls", "sugar", [(BUYER, "price"), (BUYER, "request")]),
    ("how much is cement in Lagos", "cement", [(BUYER, "price"), (DESTINATION, "to Lagos")]),
    (
        "we are looking for suppliers of coal",
        "coal",
        [(BUYER, "request"), (BUYER, "suppliers")],
    ),
    ("rice for sale", "rice", [(BUYER, "request")]),
    ("abeg where can i buy groundnut oil", "groundnut oil", [(BUYER, "request")] * 2),
    ("где купить пшеницу оптом", "пшеницу", [(BUYER, "request"), (BUYER, "wholesale")]),
    ("купить цемент", "цемент", [(BUYER, "request")]),
    ("цена арматуры 12 мм", "арматуры", [(BUYER, "price"), (SIZE, "12 mm")]),
    ("поставщик муки", "муки", [(BUYER, "suppliers")]),
    # Places, terms, origin
    ("cement delivered to Onitsha", "cement", [(DESTINATION, "to Onitsha")]),
    ("cement delivered to ikorodu", "cement", [(DESTINATION, "to Ikorodu")]),
    ("wheat to Apapa port", "wheat", [(DESTINATION, "to Apapa port")]),
    ("доставка в Лагос", "", [(DESTINATION, "to Lagos")]),
    ("urea FOB", "urea", [(TERMS, "FOB")]),
    ("sugar C&F Apapa", "sugar", [(TERMS, "CFR Apapa")]),
    ("DAP fertilizer", "DAP fertilizer", []),
    ("DAP Lagos", "", [(TERMS, "DAP Lagos")]),
    ("wheat from kazakhstan", "wheat", [(ORIGIN, "from Kazakhstan")]),
    ("казахстанская пшеница", "пшеница", [(ORIGIN, "from Kazakhstan")]),
    # Codes
    ("HS 7214.20", "", [(CODE, "HS 7214.20")]),
    ("chapter 72", "", [(CODE, "HS chapter 72")]),
    ("steel chapter 72", "steel", [(CODE, "HS chapter 72")]),
    ("rods hs:7214 12mm", "rods", [(CODE, "HS 7214"), (SIZE, "12 mm")]),
    # Words no reader knows stay where they were
    ("Dangote cement 50kg", "Dangote cement", [(QUANTITY, "50 kg")]),
    ("premium motor spirit", "premium motor spirit", []),
    ("AGO", "AGO", []),
    ("groundnut oil", "groundnut oil", []),
    ("rice and beans", "rice and beans", []),
    ("пшеница мягкая", "пшеница мягкая", []),
    ("iron rod 20", "iron rod 20", []),
]


@pytest.mark.parametrize(("query", "product", "facts"), SPLITS, ids=[s[0] for s in SPLITS])
def test_a_query_splits_into_product_words_and_facts(query, product, facts):
    understood = understand(query)
    assert understood.product == product
    assert [(f.kind, f.label) for f in understood.facts] == facts
    assert not understood.literal


CODES = [
    ("HS 7214.20", "721420"),
    ("HS code 1001", "1001"),
    ("hs:7214", "7214"),
    ("HS7214", "7214"),
    ("7214.20", "721420"),
    ("2710.19.00", "271019"),
    ("1001 99 000 0", "100199"),
    ("1512190000", "151219"),
    ("chapter 72", "72"),
    ("ch. 27", "27"),
    ("ch27", "27"),
    ("Chapter 7", "07"),
    ("глава 72", "72"),
    ("группа 72", "72"),
    ("ТН ВЭД 1001 99 000 0", "100199"),
    ("72", "72"),
    ("7214", "7214"),
    ("AGO 2710.19", "271019"),
    ("sunflower oil 1512190000", "151219"),
    ("20 litres", None),
    ("wheat 2024", None),
    ("iron rod 7214", None),
    ("chapter 98", None),
    ("500000 litres", None),
]


@pytest.mark.parametrize(("query", "code"), CODES)
def test_the_code_asked_for_is_read_as_a_prefix(query, code):
    assert understand(query).code == code


def test_a_code_is_a_fact_and_never_a_number():
    understood = understand("AGO HS 2710.19.00")
    assert understood.product == "AGO"
    assert understood.code == "271019"
    [fact] = understood.facts
    assert (fact.kind, fact.label, fact.text, fact.value) == (
        CODE,
        "HS 2710.19",
        "HS 2710.19.00",
        None,
    )


@pytest.mark.parametrize(
    ("query", "value", "unit"),
    [
        ("5,000 tons", Decimal(5000), "t"),
        ("5 000 т", Decimal(5000), "t"),
        ("5.5 MT", Decimal("5.5"), "t"),
        ("1,5 т", Decimal("1.5"), "t"),
        ("5k tonnes", Decimal(5000), "t"),
        ("2 million litres", Decimal(2_000_000), "l"),
        ("20 litres", Decimal(20), "l"),
        ("20ltr", Decimal(20), "l"),
        ("100 m3", Decimal(100), "m3"),
        ("40 шт", Decimal(40), "pcs"),
        ("3 containers", Decimal(3), "containers"),
        ("1 x 40ft", Decimal(1), "containers"),
    ],
)
def test_quantities_carry_their_number_and_the_catalogue_unit(query, value, unit):
    [fact] = understand(query).facts
    assert (fact.kind, fact.value, fact.unit) == (QUANTITY, value, unit)


def test_facts_keep_the_words_as_typed():
    understood = understand("Need 5,000 MT of Y16, in 50kg bags, for construction")
    assert [f.text for f in understood.facts] == [
        "Need",
        "5,000 MT",
        "Y16",
        "in 50kg bags",
        "for construction",
    ]
    packed = understood.facts_of(PACKAGING)[0]
    assert (packed.value, packed.unit) == (Decimal(50), "kg")


def test_purpose_words_are_searchable_apart_from_the_product():
    understood = understand("oil for generators")
    assert understood.product == "oil"
    assert understood.search_words == "oil generators"
    assert understand("iron rod").search_words == "iron rod"


@pytest.mark.parametrize(
    "query", ['"iron rod 12mm"', "“50kg bags”", "«цемент М500»", '"HS 7214.20"']
)
def test_a_quoted_query_is_searched_literally(query):
    understood = understand(query)
    assert understood.literal
    assert understood.product == query[1:-1]
    assert understood.facts == ()
    assert understood.code is None


def test_the_query_is_collapsed_and_cut_to_the_limit():
    understood = understand("  iron \n rod  " + "x" * 500)
    assert understood.text.startswith("iron rod ")
    assert len(understood.text) <= MAX_QUERY


def test_the_terms_read_are_incoterms_rules():
    assert set(INCOTERMS.values()) <= set(Incoterm.values)


def test_search_takes_its_limit_from_the_query_reader():
    from catalogue import search

    assert search.MAX_QUERY is MAX_QUERY


def test_empty_and_filler_queries_have_no_product():
    for query in ["", "   ", ",", "for", "of the", "x"]:
        understood = understand(query)
        assert (understood.product, understood.facts) == ("", ())


@pytest.mark.parametrize(("query", "product", "facts"), SPLITS, ids=[s[0] for s in SPLITS])
def test_reading_the_product_again_finds_nothing_more(query, product, facts):
    understood = understand(query)
    again = understand(understood.product)
    assert again.product == understood.product
    named = " ".join(f.words for f in understood.facts if f.words and f.kind != PURPOSE)
    if understood.product != named:
        assert again.facts == ()


def unaccounted(query: str) -> list[str]:
    """Words of the query (fillers aside) found neither in the product nor in a fact."""
    understood = understand(query)
    kept = [fold(understood.product).replace(" ", "")]
    kept += [fold(f.text).replace(" ", "") for f in understood.facts]
    return [
        word
        for word in re.findall(r"[^\W_]+", fold(understood.text))
        if word not in FILLER and not any(word in k for k in kept)
    ]


TRADE_TEXT = [
    "12mm iron rod for bakery 50kg bags of flour HS 7214.20 chapter 72 Y16 B500 AI-92",
    "CEM II 42.5 5,000 tons x 40ft 1 in bulk навалом в мешках купить оптом price pls",
    "delivered to Apapa Lagos CIF DAP NPK 15-15-15 grade 3 класс высший сорт % protein",
    'wheat жмых , ; ( ) 5 000 т k about per month Ø ф 2" 1/2 supplier of ГОСТ 5781',
]
TRADE_WORDS = [word for line in TRADE_TEXT for word in line.split()]
trade_queries = st.lists(st.sampled_from(TRADE_WORDS), max_size=25).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(trade_queries)
def test_no_word_of_a_trade_query_is_dropped(query):
    assert unaccounted(query) == []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=250))
def test_any_text_is_understood_without_error_and_nothing_is_dropped(text):
    understood = understand(text)
    assert len(understood.text) <= MAX_QUERY
    assert unaccounted(text) == []


PRODUCT_WORDS = ["wheat", "iron", "rod", "flour", "cement", "жмых", "мука", "AGO", "Dangote"]
FACT_PHRASES = [
    "12mm",
    "Y16",
    "50kg bags",
    "5,000 tons",
    "HS 7214.20",
    "pls",
    "supplier of",
    "delivered to Apapa",
    "CEM II 42.5",
    "в мешках",
    "grade 3",
    "1 x 40ft",
    "оптом",
    "CIF Lagos",
    "Ø16",
]
phrases = st.lists(
    st.one_of(
        st.sampled_from(PRODUCT_WORDS).map(lambda w: (w, True)),
        st.sampled_from(FACT_PHRASES).map(lambda p: (p, False)),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(phrases)
def test_product_words_come_through_in_order_between_facts(parts):
    understood = understand(" ".join(text for text, _ in parts))
    product = " ".join(text for text, is_product in parts if is_product)
    if product:
        assert understood.product == product
        assert understand(product).facts == ()
    assert len(understood.facts) == sum(not is_product for _, is_product in parts)


@pytest.mark.parametrize(
    "query",
    [
        "1" * 200,
        "1 x " * 50,
        "mm" * 100,
        "1x" * 100,
        "5 000 " * 40,
        "for " * 50,
        "HS " * 66,
        "1 " * 100,
        "Ø1" * 100,
        "a-" * 100,
        "1," * 100,
        "1." * 100,
        "CEM II " * 28,
        "delivered to " * 15,
        "50kg bags of " * 15,
        "npk 1 1 " * 25,
        "1 000 " * 33,
        "in " * 66,
        "for a " * 33,
        "000 " * 50,
        "1 " + "000 " * 49,
        "1'000 " * 33,
        "1e5 " * 40,
        "\u200b" * 1600,
        "①" * 200,
        "bags " * 40,
        "CIF Sugar " * 20,
        "1½" * 100,
    ],
)
def test_adversarial_queries_are_read_quickly(query):
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        understand(query)
        best = min(best, time.perf_counter() - started)
    assert best < 0.05


# Packaging that is the goods: made of something, made for something, or the only goods
# named. Packaging that packs goods stays a fact.
GOODS_PACKS = [
    ("canvas bags", "canvas bags", []),
    ("glass bottles", "glass bottles", []),
    ("cardboard boxes", "cardboard boxes", []),
    ("wooden pallets", "wooden pallets", []),
    ("empty drums for oil", "empty drums", [(PURPOSE, "for oil")]),
    ("kraft paper bags", "kraft paper bags", []),
    ("пустые бочки", "пустые бочки", []),
    ("стеклянные бутылки", "стеклянные бутылки", []),
    ("pallets", "pallets", []),
    ("big bags", "big bags", []),
    ("we need jerrycans urgently", "jerrycans", [(BUYER, "request"), (BUYER, "urgent")]),
    ("45ft container", "45ft container", []),
    ("used 40ft HC containers", "used 40ft HC containers", []),
    ("5000 glass bottles", "glass bottles", [(QUANTITY, "5000 pcs")]),
    ("1000 jerrycans", "jerrycans", [(QUANTITY, "1000 pcs")]),
    ("maize in pp bags", "maize", [(PACKAGING, "PP bags")]),
    ("beans 25 kg sacks", "beans", [(PACKAGING, "25 kg bags")]),
    ("sacks of beans", "beans", [(PACKAGING, "bags")]),
    ("pasta cartons", "pasta", [(PACKAGING, "cartons")]),
    ("palm oil in drums", "palm oil", [(PACKAGING, "drums")]),
    ("frozen fish 20ft", "frozen fish", [(PACKAGING, "20ft container")]),
    ("в мешках 50kg bags", "bags", [(PACKAGING, "50 kg bags"), (PACKAGING, "bags")]),
]


@pytest.mark.parametrize(
    ("query", "product", "facts"), GOODS_PACKS, ids=[g[0] for g in GOODS_PACKS]
)
def test_packaging_is_a_fact_only_when_it_packs_other_goods(query, product, facts):
    understood = understand(query)
    assert (understood.product, facts_of(query)) == (product, facts)


# After an Incoterm, a capitalised word is a place only when it is known, or when the
# query names its goods elsewhere and the word does not run on into them.
TERMS_AND_GOODS = [
    ("CIF Rice", "Rice", [(TERMS, "CIF")]),
    ("DDP Maize", "Maize", [(TERMS, "DDP")]),
    ("FOB Wheat flour", "Wheat flour", [(TERMS, "FOB")]),
    ("CFR Palm oil 20 litres", "Palm oil", [(TERMS, "CFR"), (QUANTITY, "20 l")]),
    ("EXW Bitumen, urgent", "Bitumen", [(TERMS, "EXW"), (BUYER, "urgent")]),
    ("CIF Onne", "", [(TERMS, "CIF Onne")]),
    ("maize CIF Ikorodu", "maize", [(TERMS, "CIF Ikorodu")]),
    ("maize CIF Ikorodu port", "maize", [(TERMS, "CIF Ikorodu port")]),
    ("DAP Sokoto", "DAP Sokoto", []),
]


@pytest.mark.parametrize(
    ("query", "product", "facts"), TERMS_AND_GOODS, ids=[t[0] for t in TERMS_AND_GOODS]
)
def test_a_capitalised_product_after_an_incoterm_is_the_product(query, product, facts):
    understood = understand(query)
    assert (understood.product, facts_of(query)) == (product, facts)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("ce\u00adment", "cement"),  # soft hyphen
        ("\ufeffcement", "cement"),  # byte order mark
        ("ce\u200dment 42.5", "cement 42.5"),  # zero-width joiner
        ("ce\u200cment", "cement"),  # zero-width non-joiner
        ("ce\u2060ment", "cement"),  # word joiner
        ("\u200ecement\u200f", "cement"),  # left-to-right and right-to-left marks
        ("\u2067cement\u2069", "cement"),  # a bidirectional isolate
        ("ﬁsh ﬂakes", "fish flakes"),  # ligatures
        ("ｃｅｍｅｎｔ ５０ｋｇ", "cement 50kg"),  # full-width forms
        ("tiles 20 m²", "tiles 20 m2"),  # an exponent after a unit
        ("cement™", "cement"),
        ("① wheat ② maize", "wheat maize"),  # list marks
        ("1½ inch pipe", "1 1/2 inch pipe"),
    ],
)
def test_the_query_is_read_as_it_shows_without_invisible_or_compatibility_forms(query, text):
    understood = understand(query)
    assert understood.text == text
    assert understand(text) == understood


def test_full_width_digits_are_numbers_and_a_code():
    assert facts_of("ｉｒｏｎ ｒｏｄ １６ｍｍ") == [(SIZE, "16 mm")]
    assert understand("ＨＳ １００１").code == "1001"
    assert understand("１００１.９９").code == "100199"


@pytest.mark.parametrize(
    "query", ["⑩⓪⓪①", "¹⁰⁰¹", "HS ¹⁰⁰¹", "HS ⑦②", "١٠٠١", "HS ١٠٠١", "chapter ٢٧", "۱۰۰۱.۹۹"]
)
def test_a_code_is_written_in_ascii_digits(query):
    understood = understand(query)
    assert understood.code is None
    assert not understood.facts_of(CODE)


@pytest.mark.parametrize(
    ("query", "value", "unit"),
    [
        ("7 500 t", Decimal(7500), "t"),
        ("7,500 t", Decimal(7500), "t"),
        ("7.500 t", Decimal(7500), "t"),
        ("7'500 t", Decimal(7500), "t"),
        ("7’500 t", Decimal(7500), "t"),
        ("12 500 000 litres", Decimal(12_500_000), "l"),
        ("2'500'000 l", Decimal(2_500_000), "l"),
        ("999 999 999 999 t", Decimal(999_999_999_999), "t"),
        ("0.500 t", Decimal("0.5"), "t"),
        ("2e3 tonnes", Decimal(2000), "t"),
    ],
)
def test_digit_groups_read_as_one_number(query, value, unit):
    [fact] = understand(query).facts
    assert (fact.kind, fact.value, fact.unit) == (QUANTITY, value, unit)


@pytest.mark.parametrize(
    ("query", "product", "shown"),
    [
        ("3 000 000 000 000 000 000 l diesel", "diesel", "3 000 000 000 000 000 000 l"),
        ("maize 2e40 barrels", "maize", "2e40 barrels"),
        ("1 200 000 000 000 t", "", "1 200 000 000 000 t"),
        ("123456789012345678901234567890 pcs", "", "123456789012345678901234567890 pcs"),
        ("rice 5,000,000,000,000,000 MT", "rice", "5,000,000,000,000,000 MT"),
        ("1e999 tonnes", "", "1e999 tonnes"),
        ("0.0000001 t", "", "0.0000001 t"),
    ],
)
def test_an_absurd_quantity_is_shown_as_typed_and_carries_no_number(query, product, shown):
    understood = understand(query)
    [fact] = understood.facts
    assert (understood.product, fact.kind, fact.label, fact.value) == (
        product,
        QUANTITY,
        shown,
        None,
    )


def test_an_absurd_count_of_goods_or_size_carries_no_number():
    bottles = understand("88888888888888888888 glass bottles")
    assert bottles.product == "glass bottles"
    assert [(f.label, f.value) for f in bottles.facts] == [("88888888888888888888", None)]
    [size] = understand("sheet 99999999999999999 x 2 mm").facts
    assert size.label == "99999999999999999 x 2 mm"


def test_a_count_of_packs_with_goods_named_counts_packs():
    assert facts_of("rice 1000 pp bags") == [(QUANTITY, "1000 PP bags")]
    assert understand("rice 1000 pp bags").product == "rice"
    alone = understand("5000 plastic drums")
    assert (alone.product, facts_of("5000 plastic drums")) == (
        "plastic drums",
        [(QUANTITY, "5000 pcs")],
    )


@pytest.mark.parametrize(
    ("query", "code", "facts"),
    [
        ("rice HS 1006.30 2 x 20ft", "100630", [(CODE, "HS 1006.30"), (QUANTITY, "2 × 20ft")]),
        ("milk HS 402.10", "040210", [(CODE, "HS 0402.10")]),
        ("HS 1001.99.00 3 t", "100199", [(CODE, "HS 1001.99"), (QUANTITY, "3 t")]),
    ],
)  # fmt: skip
def test_a_code_never_takes_the_number_after_it(query, code, facts):
    read = [(kind, label.replace(" containers", "")) for kind, label in facts_of(query)]
    assert (understand(query).code, read) == (code, facts)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("HS 4012 0", "4012"),
        ("HS 9011 1", "9011"),
        ("HS 1001 99 0", "100199"),
        ("402.10", "040210"),
    ],
)
def test_a_query_that_is_only_a_code_begins_with_the_digits_typed(query, code):
    assert understand(query).code == code


@pytest.mark.parametrize(
    ("query", "code"), [("72 группа", "72"), ("27 chapter", "27"), ("7 глава", "07")]
)
def test_a_chapter_may_be_named_after_its_number(query, code):
    assert understand(query).code == code
    assert understand("wheat 10 bags").code is None


def test_a_run_of_digit_groups_too_long_to_mean_anything_is_read_as_its_size():
    groups = " ".join(["000"] * 40)
    [fact] = understand(f"5 {groups} t wheat").facts
    assert fact.value is None and fact.text == f"5 {groups} t"


@pytest.mark.parametrize(
    ("query", "kind", "label"),
    [
        ("CIF HS 2523", Kind.CODE, "HS 2523"),
        ("sugar CIF ICUMSA 45", Kind.GRADE, "ICUMSA 45"),
        ("cement CIF CEM II 42.5", Kind.GRADE, "CEM II 42.5"),
        ("flour CIF GOST 26574", Kind.STANDARD, "GOST 26574"),
        ("petrol CIF AI-92", Kind.GRADE, "AI-92"),
        ("sugar CIF FOB", Kind.TERMS, "FOB"),
    ],
)
def test_a_word_another_reader_reads_after_an_incoterm_is_no_place(query, kind, label):
    understood = understand(query)
    assert label in [f.label for f in understood.facts_of(kind)]
    assert "CIF" in [f.label for f in understood.facts_of(Kind.TERMS)]
