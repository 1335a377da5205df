"""Packaging in a query: `jumbo bags`, `in bulk`, `в мешках`, `jerry cans`. Pure.

Weights of one pack (`50kg bags`) are read with the numbers, in measures.py.

A packaging noun is packaging only when it packs something: after `in` (`rice in jumbo
bags`), with the weight of one pack (`sugar 50 kg bags`), or after the goods (`biscuits
cartons`, `bag of rice`). Made of something or made for something (`leather bags`, `tin
cans`, `paper sacks`, `empty drums`), or the only goods named (`jumbo bags`), it is what
the buyer wants: the words stay the product's.
"""

from __future__ import annotations

from catalogue.search.query.facts import Fact, Found, Kind
from catalogue.search.query.tokens import Tokens, longest, phrase_at, word_forms, word_table

PACKAGING_NOUNS = word_table(
    {
        "bags": [
            "bag",
            "bags",
            "sack",
            "sacks",
            *word_forms("мешк", "а,и,ов,ах,е,у,ами"),
            "мешок",
            *word_forms("пакет", ",ы,ов,ах,е"),
        ],
        "big bags": [
            "bigbag",
            "bigbags",
            "big-bag",
            "big-bags",
            "fibc",
            "fibcs",
            *word_forms("биг-бэг", ",и,ов,ах,е,ами"),
            *word_forms("бигбэг", ",и,ов,ах,е,ами"),
        ],
        "drums": ["drum", "drums", *word_forms("бочк", "а,и,ах,е,у"), "бочек"],
        "jerrycans": [
            "jerrycan",
            "jerrycans",
            "jerrican",
            "jerricans",
            "jerry can",
            "jerry cans",
            "jerry-can",
            "jerry-cans",
            *word_forms("канистр", ",а,ы,ах,е"),
        ],
        "cartons": ["carton", "cartons", *word_forms("коробк", "а,и,ах,е,у"), "коробок"],
        "boxes": ["box", "boxes", *word_forms("ящик", ",и,ах,ов,е")],
        "bottles": ["bottle", "bottles", *word_forms("бутылк", "а,и,ах,е"), "бутылок"],
        "cans": ["cans"],
        "tins": ["tins"],
        "sachets": ["sachet", "sachets"],
        "pouches": ["pouch", "pouches"],
        "pallets": [
            "pallet",
            "pallets",
            *word_forms("поддон", ",ы,ах,ов"),
            *word_forms("паллет", ",ы,ах"),
        ],
        "bales": ["bale", "bales", *word_forms("тюк", ",и,ах,ов")],
        "bundles": [
            "bundle",
            "bundles",
            *word_forms("пачк", "а,и,ах"),
            *word_forms("связк", "а,и,ах"),
        ],
        "coils": ["coil", "coils", *word_forms("бухт", "а,ы,ах")],
        "crates": ["crate", "crates"],
        "pails": ["pail", "pails", "bucket", "buckets", "ведро", "ведра", "ведрах"],
        "flexitanks": ["flexitank", "flexitanks", "flexi-tank", "flexi-tanks", "флекситанк"],
        "IBC totes": ["ibc", "ibcs"],
    }
)
_NOUN_LONGEST = longest(PACKAGING_NOUNS)
# Packed in containers is packaging only after "in": a container alone is a quantity.
_AFTER_IN_ONLY = word_table(
    {"containers": ["container", "containers", "контейнерах", "контейнере"]}
)
MATERIALS = {
    "jumbo": "jumbo",
    "big": "big",
    "bulk": "bulk",
    "pp": "PP",
    "polypropylene": "PP",
    "woven": "woven",
    "paper": "paper",
    "kraft": "kraft",
    "plastic": "plastic",
    "pet": "PET",
    "hdpe": "HDPE",
    "jute": "jute",
    "laminated": "laminated",
    "steel": "steel",
    **{form: "PP" for form in word_forms("полипропиленов", "ый,ые,ых,ом,ой,ая,ую")},
    **{form: "paper" for form in word_forms("бумажн", "ый,ые,ых,ом,ой,ая,ую")},
    **{form: "plastic" for form in word_forms("пластиков", "ый,ые,ых,ом,ой,ая,ую")},
    "пэт": "PET",
}
# Words in MATERIALS that say what kind of pack it is rather than what it is made of.
_KINDS_OF_PACK = frozenset(["jumbo", "big", "bulk"])
# Before a packaging noun, these make it goods bought as such, not a pack of other goods.
_GOODS_WORDS = frozenset(
    [
        *("leather", "tin", "cotton", "canvas", "nylon", "polythene", "polyethylene", "pe"),
        *("pvc", "vinyl", "glass", "aluminium", "aluminum", "metal", "iron", "wooden", "wood"),
        *("cardboard", "corrugated", "rubber", "fibre", "fiber", "textile", "mesh", "net"),
        *("sisal", "hessian", "burlap", "straw", "wicker", "bamboo", "non-woven", "nonwoven"),
        *("foil", "cloth", "fabric", "denim", "felt", "aerosol"),
        *("empty", "used", "new", "reusable", "second-hand", "secondhand", "shopping"),
        *("carrier", "school", "hand", "travel", "tote", "gift", "garbage", "trash", "refuse"),
        *("laundry", "sand", "cosmetic", "luggage", "courier", "mailing", "ziplock", "zip"),
        *("shipping", "reefer", "refrigerated", "storage"),
        *word_forms("кожан", "ый,ая,ое,ые,ых,ую,ой"),
        *word_forms("жестян", "ой,ая,ое,ые,ых,ую"),
        *word_forms("стеклянн", "ый,ая,ое,ые,ых,ую,ой"),
        *word_forms("картонн", "ый,ая,ое,ые,ых,ую,ой"),
        *word_forms("деревянн", "ый,ая,ое,ые,ых,ую,ой"),
        *word_forms("металлическ", "ий,ая,ое,ие,их,ую,ой"),
        *word_forms("пуст", "ой,ая,ое,ые,ых,ую"),
        *word_forms("хозяйственн", "ый,ая,ое,ые,ых,ую,ой"),
        *word_forms("джутов", "ый,ая,ое,ые,ых,ую,ой"),
        *word_forms("тканев", "ый,ая,ое,ые,ых,ую,ой"),
        *word_forms("полиэтиленов", "ый,ая,ое,ые,ых,ую,ой"),
        *word_forms("мусорн", "ый,ая,ое,ые,ых,ую,ой"),
        *word_forms("стальн", "ой,ая,ое,ые,ых,ую"),
        *word_forms("пластмассов", "ый,ая,ое,ые,ых,ую,ой"),
    ]
)
_IN_BULK = word_table({"in bulk": ["bulk", "in bulk", "навалом", "насыпью", "наливом", "россыпью"]})
PACKAGING_LEADS = word_table(
    {
        "": [
            "in",
            "packed in",
            "packaged in",
            "packing",
            "packaging",
            "в",
            "упаковка",
            "упаковка в",
            "фасовка",
            "фасовка в",
            "расфасовка",
            "расфасовка в",
        ]
    }
)


def packaging_at(tokens: Tokens, index: int) -> tuple[str, int] | None:
    """Packaging named at the token, with up to two materials: `pp woven bags` → 'PP woven
    bags'; its label and the token after it."""
    materials: list[str] = []
    at = index
    while len(materials) < 2 and tokens.key(at) in MATERIALS:
        materials.append(MATERIALS[tokens.key(at)])
        at += 1
    found = phrase_at(tokens, at, PACKAGING_NOUNS, _NOUN_LONGEST)
    if found is None:
        return None
    noun, end = found
    if materials == ["big"] and noun == "bags":
        return "big bags", end
    return " ".join([*materials, noun]), end


def made_as_goods(tokens: Tokens, index: int) -> bool:
    """Whether the packaging named at the token is goods: made of a material (`paper
    sacks`, `plastic drums`) or named with a word that says so (`leather bags`, `tin cans`,
    `empty drums`, `used 40ft containers`)."""
    before = tokens.key(index - 1) if index > 0 and not tokens.pause_before(index) else ""
    if before in _GOODS_WORDS or (before in MATERIALS and before not in _KINDS_OF_PACK):
        return True
    at = index
    while at < index + 2 and tokens.key(at) in MATERIALS:
        if tokens.key(at) not in _KINDS_OF_PACK:
            return True
        at += 1
    return False


def read_packaging(tokens: Tokens, index: int) -> Found | None:
    """`jumbo bags`, `in bulk`, `навалом`, `в мешках`, `in containers`."""
    lead = phrase_at(tokens, index, PACKAGING_LEADS, 3)
    starts = [index] if lead is None else [lead[1], index]
    for at in starts:
        found = packaging_at(tokens, at) or phrase_at(tokens, at, _IN_BULK, 2)
        if found is None and at != index:
            found = phrase_at(tokens, at, _AFTER_IN_ONLY, 1)
        if found:
            label, end = found
            # "in bags" says how goods are packed; "jumbo bags" may be the goods.
            words = tokens.text(at, end) if at == index and label != "in bulk" else ""
            return Found((Fact(Kind.PACKAGING, label, tokens.text(index, end), words=words),), end)
    return None
