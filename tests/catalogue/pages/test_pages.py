"""The public pages, on the demo catalogue: filters, sorting, no result, Russian, weight."""

import gzip
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import translation

from catalogue.models import Exporter, ProductCategory
from catalogue.pages.listing import with_listing_data
from tests.factories import make_category, make_exporter, make_offer

pytestmark = pytest.mark.django_db
STATIC = Path(__file__).resolve().parents[3] / "static"


def listed(response) -> list[str]:
    return [c.name for c in response.context["listing"].page.object_list]


def listed_with_offers(response) -> list[ProductCategory]:
    """The page's categories with their codes and active offers, to check what it lists."""
    shown = [c.pk for c in response.context["listing"].page.object_list]
    loaded = with_listing_data(ProductCategory.objects.filter(pk__in=shown)).in_bulk()
    return [loaded[pk] for pk in shown]


def test_home_lists_products_twenty_a_page_and_is_cacheable(client, demo_catalogue):
    response = client.get(reverse("catalogue:home"))
    assert response.status_code == 200
    assert len(listed(response)) == 20
    assert response.context["listing"].page.paginator.count == ProductCategory.objects.count()
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


def test_search_keeps_the_query_in_the_url_for_paging(client, demo_catalogue):
    response = client.get(reverse("catalogue:home"), {"q": "oil", "region": "atyrau"})
    assert "page=2" not in response.text or "q=oil" in response.text
    page_links = re.findall(r'href="(\?[^"]*page=\d[^"]*)"', response.text)
    assert all("q=oil" in link and "region=atyrau" in link for link in page_links)


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"sector": "oil-and-gas"}, lambda c: c.sector.slug == "oil-and-gas"),
        ({"chapter": "72"}, lambda c: c.primary_code.hs_code_id.startswith("72")),
        (
            {"region": "pavlodar"},
            lambda c: any(o.exporter.region == "pavlodar" for o in c.active_offers),
        ),
        (
            {"certification": "halal"},
            lambda c: any(
                "halal" in [x.code for x in o.exporter.certifications.all()]
                for o in c.active_offers
            ),
        ),
        ({"incoterm": "FOB"}, lambda c: any("FOB" in o.incoterm_list for o in c.active_offers)),
        ({"offered": "true"}, lambda c: len(c.active_offers) > 0),
    ],
)
def test_each_filter_narrows_to_matching_products(client, demo_catalogue, params, check):
    response = client.get(reverse("catalogue:home"), params)
    page = response.context["listing"].page
    assert 0 < page.paginator.count < ProductCategory.objects.count()
    assert all(check(category) for category in listed_with_offers(response))


def test_a_halal_badge_shows_once_however_many_exporters_hold_it(client, demo_catalogue):
    halal = ProductCategory.objects.filter(
        offers__is_active=True, offers__exporter__certifications__code="halal"
    )
    category = (
        halal.annotate(holders=Count("offers__exporter", distinct=True))
        .filter(holders__gte=2)
        .first()
    )
    assert category is not None  # the demo has products with several halal exporters
    page = client.get(reverse("catalogue:home"), {"q": category.name}).text
    start = page.index(f'href="{category.get_absolute_url()}"')
    entry = page[start : page.index("</li>", start)]
    assert entry.count('<span class="badge">Halal</span>') == 1


def test_filters_combine_with_a_search(client, demo_catalogue):
    response = client.get(reverse("catalogue:home"), {"q": "wheat", "region": "kostanay"})
    found = listed_with_offers(response)
    assert all("wheat" in c.name.lower() for c in found[:5])
    assert all(any(o.exporter.region == "kostanay" for o in c.active_offers) for c in found)


def test_a_pasted_long_query_searches_its_beginning(client, demo_catalogue):
    response = client.get(reverse("catalogue:home"), {"q": "wheat flour " * 42})
    listing = response.context["listing"]
    assert listing.query == "wheat flour " * 16 + "wheat"  # cut between words
    assert "flour" in listing.page.object_list[0].name.lower()


@pytest.mark.parametrize("blank", [" ", "\t", "\u3000"])
def test_a_long_query_that_begins_with_blanks_is_no_error(client, demo_catalogue, blank):
    for path in (reverse("catalogue:home"), "/ru/"):
        response = client.get(path, {"q": blank * 200 + "wheat"})
        assert response.status_code == 200


def test_a_bad_filter_value_leaves_the_search_and_other_filters_working(client, demo_catalogue):
    response = client.get(
        reverse("catalogue:home"), {"q": "wheat", "region": "kostanay", "sector": "non sense"}
    )
    assert response.status_code == 200
    found = listed_with_offers(response)
    assert found and all("wheat" in c.name.lower() for c in found[:5])
    assert all(any(o.exporter.region == "kostanay" for o in c.active_offers) for c in found)
    assert response.context["filter"].form.errors["sector"]


def test_sorting_by_name_and_code(client, demo_catalogue):
    by_name = listed(client.get(reverse("catalogue:home"), {"q": "oil", "sort": "name"}))
    assert by_name == sorted(by_name)
    response = client.get(reverse("catalogue:home"), {"sort": "code"})
    codes = [
        c.primary_code.hs_code_id
        for c in response.context["listing"].page.object_list
        if c.primary_code
    ]
    assert codes == sorted(codes)


def test_no_result_says_so_and_offers_the_closest_heading_and_related_products(
    client, demo_catalogue
):
    response = client.get(reverse("catalogue:home"), {"q": "groundnut oil"})
    text = response.text
    assert "does not offer “groundnut oil”" in text
    assert response.context["closest"].heading == "1508"
    assert 'href="/hs/1508/"' in text
    related = [c.name for c in response.context["related"]]
    assert related and all("oil" in n.lower() or "margarine" in n.lower() for n in related)
    assert "Tell us you want it anyway" in text


def test_russian_pages_translate_the_interface_and_show_russian_names(client, demo_catalogue):
    response = client.get("/ru/", {"q": "пшеница"})
    assert response.status_code == 200
    assert '<html lang="ru">' in response.text
    assert "Что вы хотите импортировать?" in response.text
    assert "Пшеница твёрдая" in response.text
    wheat = ProductCategory.objects.get(name="Durum wheat")
    with translation.override("ru"):
        url = wheat.get_absolute_url()
    assert url.startswith("/ru/")
    page = client.get(url)
    assert "<h1>Пшеница твёрдая</h1>" in page.text
    assert "Экспортёр" in page.text and "Мощность в год" in page.text


def test_the_language_switcher_keeps_the_page_and_query(client, demo_catalogue):
    response = client.get(reverse("catalogue:home"), {"q": "AGO"})
    assert 'href="/ru/?q=AGO"' in response.text
    russian = client.get("/ru/", {"q": "AGO"})
    assert 'href="/?q=AGO"' in russian.text


def test_category_page_shows_codes_trail_exporters_and_related(client, demo_catalogue):
    category = ProductCategory.objects.get(name="Sunflower oil, refined")
    text = client.get(category.get_absolute_url()).text
    assert "1512.19" in text and 'href="/hs/1512/"' in text and 'href="/hs/15/"' in text
    for offer in category.offers.select_related("exporter"):
        assert offer.exporter.name in text
    assert "Sunflower oil, crude" in text  # same heading


def test_exporter_page_lists_what_it_offers(client, demo_catalogue):
    exporter = Exporter.objects.filter(offers__isnull=False).first()
    text = client.get(exporter.get_absolute_url()).text
    for offer in exporter.offers.select_related("category"):
        assert offer.category.name in text


def test_hs_browsing_counts_products(client, demo_catalogue):
    response = client.get(reverse("catalogue:hs-index"))
    counts = {
        chapter.code: n
        for _, chapters, _ in response.context["sections"]
        for chapter, n in chapters
    }
    assert (
        counts["10"]
        == ProductCategory.objects.filter(codes__hs_code__code__startswith="10").distinct().count()
    )
    assert counts["01"] == 0
    heading = client.get(reverse("catalogue:hs-code", args=["1001"]))
    assert "Durum wheat" in heading.text
    assert client.get(reverse("catalogue:hs-code", args=["9999"])).status_code == 404
    assert client.get("/hs/abc/").status_code == 404


def test_unpublished_categories_stay_hidden(admin_client, client, demo_catalogue):
    category = ProductCategory.objects.get(name="Vodka")
    form = admin_client.get(reverse("admin:catalogue_productcategory_change", args=[category.pk]))
    data = {k: v for k, v in form.context["adminform"].form.initial.items() if v is not None}
    data.update(_inline_management(form))
    data["is_published"] = ""
    response = admin_client.post(
        reverse("admin:catalogue_productcategory_change", args=[category.pk]), data
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert not category.is_published
    assert client.get(category.get_absolute_url()).status_code == 404
    assert "Vodka" not in listed(client.get(reverse("catalogue:home"), {"q": "vodka"}))


@pytest.mark.parametrize("params", [{"q": "oil"}, {}])  # {}: the home page, with sectors
def test_a_page_of_twenty_results_weighs_under_30_kb_compressed(client, demo_catalogue, params):
    html = client.get(reverse("catalogue:home"), params).content
    linked = re.findall(rb'(?:href|src)="/static/([^"]+[.](?:css|js))"', html)
    assets = [STATIC / path.decode() for path in linked]
    assert {"site.css", "site.js", "search-complete.js"} <= {a.name for a in assets}
    total = len(gzip.compress(html)) + sum(len(gzip.compress(p.read_bytes())) for p in assets)
    assert total < 30 * 1024
    assert b"https://" not in re.sub(rb'href="https://[^"]*"', b"", html.split(b"<main")[0])


class _Labels(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields, self.labelled = set(), set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.fields.add(attrs.get("id"))
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])


def test_every_form_field_has_a_label(client, demo_catalogue):
    parser = _Labels()
    parser.feed(client.get(reverse("catalogue:home")).text)
    assert parser.fields and parser.fields <= parser.labelled


def _inline_management(response) -> dict:
    """The inline formsets' current data, as the admin form posts it back."""
    data = {}
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial)
        for form in formset.formset.forms:
            for name, value in form.initial.items():
                if value is not None:
                    data[f"{form.prefix}-{name}"] = getattr(value, "pk", value)
            data[f"{form.prefix}-id"] = form.instance.pk or ""
    return data


@pytest.mark.parametrize(
    ("params", "opened"),
    [
        ({"q": "wheat", "sector": "", "chapter": "", "sort": "relevance"}, False),
        ({"q": "wheat"}, False),
        ({"q": "wheat", "region": "kostanay", "sort": "relevance"}, True),
        ({"q": "wheat", "sort": "name"}, True),
        ({"sector": "nonsense"}, True),
    ],
)
def test_the_filters_panel_opens_only_for_a_filter_the_buyer_chose(
    client, demo_catalogue, params, opened
):
    html = client.get(reverse("catalogue:home"), params).content.decode()
    assert ('<details class="filters" open>' in html) is opened


def test_a_quoted_search_that_finds_nothing_does_not_say_the_product_is_not_offered(
    client, demo_catalogue
):
    html = client.get(reverse("catalogue:home"), {"q": '"12mm rod"'}).content.decode()
    assert "does not offer" not in html
    assert "word for word" in html
    assert "?q=12mm+rod" in html  # the same words, read as a buyer's query


def _first_options(html: str) -> dict[str, str]:
    """Each list's name and the text of its first choice."""
    lists = re.findall(r'<select name="([a-z]+)"[^>]*>\s*<option value="[^"]*"[^>]*>([^<]*)<', html)
    return dict(lists)


def test_every_filter_list_offers_any_as_its_empty_choice(client, demo_catalogue):
    english = _first_options(client.get(reverse("catalogue:home")).text)
    russian = _first_options(client.get("/ru/").text)
    kazakh = _first_options(client.get("/kk/").text)
    narrowing = {"sector", "chapter", "region", "certification", "incoterm", "offered",
                 "importable"}  # fmt: skip
    assert narrowing <= english.keys() and narrowing <= russian.keys()
    assert {english[name] for name in narrowing} == {"any"}
    # One word for lists whose nouns differ in gender: «Отрасль: все», not «любой».
    assert {russian[name] for name in narrowing} == {"все"}
    assert {kazakh[name] for name in narrowing} == {"кез келген"}
    assert english["sort"] == "relevance"  # no empty choice: always some order


def _choices(html: str, name: str) -> list[tuple[str, str]]:
    select = html[html.index(f'<select name="{name}"') :]
    select = select[: select.index("</select>")]
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)<', select)


def test_the_exporters_filter_offers_each_choice_once(client, demo_catalogue):
    for path in ("/", "/ru/", "/kk/"):
        choices = _choices(client.get(path).text, "offered")
        assert [value for value, _ in choices] == ["", "true"], path
        assert len({label for _, label in choices}) == 2, path
    # What the API accepts stays: false narrows nothing, as the empty choice.
    everything = client.get("/", {"offered": ""}).context["listing"].page.paginator.count
    assert client.get("/", {"offered": "false"}).context["listing"].page.paginator.count == (
        everything
    )


def test_the_sort_orders_read_alike_in_each_language(client, demo_catalogue):
    russian = [label for _, label in _choices(client.get("/ru/").text, "sort")]
    assert russian == ["по релевантности", "по названию", "по коду ГС"]
    kazakh = [label for _, label in _choices(client.get("/kk/").text, "sort")]
    assert kazakh == ["сәйкестігі бойынша", "атауы бойынша", "HS коды бойынша"]
    english = [label for _, label in _choices(client.get("/").text, "sort")]
    assert english == ["relevance", "name", "HS code"]


def test_offer_amounts_say_their_unit_in_the_pages_language(client, demo_catalogue, committed):
    wheat = make_category(name="Wheat for silos", code="100119")
    offer = make_offer(
        category=wheat, capacity=Decimal("12500.000"), moq=Decimal("40.5"), unit="m3"
    )
    english = client.get(wheat.get_absolute_url()).text
    assert "12,500 cubic metres</td>" in english and "40.5 cubic metres</td>" in english
    with translation.override("ru"):
        urls = [wheat.get_absolute_url(), offer.exporter.get_absolute_url()]
    for url in urls:
        russian = client.get(url).text
        assert "12\xa0500 кубометров</td>" in russian and "40,5 кубометра</td>" in russian
    tonnes = committed(make_offer, category=wheat, capacity=Decimal(910000), unit="t")
    assert "910\xa0000 тонн</td>" in client.get(urls[0]).text
    assert tonnes.moq is None and "—</td>" in client.get(urls[0]).text


def test_hs_pages_name_the_code_in_the_pages_language(client, demo_catalogue):
    english = client.get(reverse("catalogue:hs-code", args=["1001"])).text
    assert "<h1>HS 1001</h1>" in english and "<title>HS 1001 ·" in english
    with translation.override("ru"):
        url = reverse("catalogue:hs-code", args=["100119"])
    russian = client.get(url).text
    assert "<h1>ГС 1001.19</h1>" in russian and "<title>ГС 1001.19 ·" in russian
    assert '<nav class="trail crumbs"' in russian  # the codes above it, in one line
    cards = re.findall(r'<span class="hs">([^<]+)</span>', russian)
    assert cards and all(card.startswith("ГС 1001.19") for card in cards)


def test_a_products_regions_are_each_named_once(client, hs):
    millet = make_category("Proso millet, hulled", code="100829")
    for name, region in (("A Grain", "kostanay"), ("B Grain", "pavlodar"), ("C Grain", "kostanay")):
        make_offer(make_exporter(name, region=region), millet)
    page = client.get("/?q=proso+millet").content.decode()
    assert "3 exporters: Kostanay Region, Pavlodar Region" in page


def test_halal_is_spelled_alike_on_a_page_and_in_its_lists(client, demo_catalogue):
    """As the certification itself is named in each language."""
    for path, spelled, other in (("/ru/", "Халяль", "Халал<"), ("/kk/", "Халал", "Адал")):
        html = client.get(path).text
        assert f'<span class="badge">{spelled}</span>' in html, path
        assert (dict(_choices(html, "certification"))["halal"], other in html) == (spelled, False)
