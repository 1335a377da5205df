"""Nigeria's import rules: the shipped snapshot, which codes a rule covers, the admin."""

import io
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from access.loader import load_rules
from access.models import ImportRule, RuleSource
from access.rules import rules_for
from catalogue.models import ProductCategory, Sector
from matching import reports as matching_reports
from matching.matcher import rematch
from matching.models import Interest, InterestLine, Match
from tests.catalogue.admin.test_sectors import sector_form
from tests.factories import make_buyer, make_category, make_exporter, make_offer
from tests.matching.helpers import interest_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules():
    load_rules()
    return ImportRule.objects.all()


def test_the_snapshot_loads_ranges_as_given_and_the_rest_awaiting_a_range(rules):
    assert rules.exclude(hs_from="").count() == 20
    awaiting = rules.filter(hs_from="")
    assert awaiting.count() == 11 and not awaiting.exclude(hs_to="").exists()
    fertilisers = awaiting.get(item__startswith="Mineral or chemical fertilisers")
    assert fertilisers.source.key == "news-2020" and "to be confirmed" in fertilisers.note
    # What buyers read is the list's own scope; the missing range is the officials' note.
    assert fertilisers.conditions == "excluding organic fertilisers"
    assert "HS range" not in "".join(rules.values_list("conditions", flat=True))
    oils = rules.get(item="Refined vegetable oils and fats")
    assert (oils.hs_from, oils.hs_to) == ("150710", "151620")
    assert oils.source.date.isoformat() == "2026-12-02"
    assert "151211" in oils.excluding.split() and "crude" in oils.conditions
    assert all(rule.kind == "prohibited" and rule.is_active for rule in rules)


def test_loading_again_adds_nothing_and_keeps_what_officials_changed(rules):
    oils = rules.get(item="Refined vegetable oils and fats")
    oils.conditions = "as an official reworded it"
    oils.save()
    out = io.StringIO()
    call_command("load_import_rules", stdout=out)
    assert out.getvalue() == "Import rules: 0 added, 31 already stored.\n"
    oils.refresh_from_db()
    assert oils.conditions == "as an official reworded it"
    assert RuleSource.objects.count() == 2


@pytest.mark.parametrize(
    ("code", "goods"),
    [
        ("151219", "Refined vegetable oils and fats"),  # refined sunflower oil
        ("1512190000", "Refined vegetable oils and fats"),  # a national line
        ("151211", None),  # crude sunflower oil: excepted
        ("150930", None),  # virgin olive oil: excepted
        ("252329", "Bagged cement"),
        ("252310", None),  # clinker
        ("190219", "Spaghetti/noodles"),
        ("020130", "Pork, beef"),
        ("100119", None),  # durum wheat
        # A product coded to a heading or chapter may be any subheading under it.
        ("2203", "Beer and stout (bottled, canned or otherwise packed)"),
        ("2523", "Bagged cement"),
        ("1512", "Refined vegetable oils and fats"),
        ("0406", None),  # cheese
        ("3105", None),  # compound fertilisers: named without a range, so nothing
        ("1001", None),
        ("10", None),
    ],
)
def test_a_rule_covers_its_range_except_what_it_excepts(rules, code, goods):
    assert [rule.item for rule in rules_for([code])] == ([goods] if goods else [])


CODES = [
    "151219", "151211", "151229", "1512", "15", "150930", "1509", "252329", "252310", "2523",
    "220300", "2203", "22", "020130", "0201", "190219", "1902", "100119", "1001", "10",
    "180620", "180690", "1806", "210320", "210390", "020727", "0207",
]  # fmt: skip


def test_the_catalogue_filter_agrees_with_the_rules_on_every_code(rules, hs):
    """ProductCategory.under_prohibition() is SQL for what ImportRule.covers says."""
    by_code = {code: make_category(name=f"Product {code}", code=code) for code in CODES}
    listed = set(ProductCategory.objects.under_prohibition())
    for code, category in by_code.items():
        covered = any(rule.kind == "prohibited" for rule in rules_for([code]))
        assert (category in listed) == covered, code
    assert set(ProductCategory.objects.importable()) == set(by_code.values()) - listed


def test_retired_rules_and_rules_awaiting_a_range_apply_to_nothing(rules):
    ImportRule.objects.filter(item="Bagged cement").update(is_active=False)
    assert rules_for(["252329"]) == []
    awaiting = rules.filter(hs_from="").first()
    assert not awaiting.covers("310520") and awaiting.awaits_range


def test_a_range_is_two_hs6_codes_in_order():
    source = RuleSource.objects.create(key="s", title="S", date="2026-12-01")
    for hs_from, hs_to in (("151220", "151210"), ("1512", "151219"), ("", "151219")):
        with pytest.raises(IntegrityError), transaction.atomic():
            ImportRule.objects.create(source=source, kind="prohibited", item="x",
                                      hs_from=hs_from, hs_to=hs_to)  # fmt: skip
    rule = ImportRule(source=source, kind="prohibited", item="x", hs_from="151210",
                      hs_to="151219", excluding="1512 151211")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        rule.full_clean()
    assert "excluding" in refused.value.message_dict
    # The admin's form says what is wrong with each field before the database refuses.
    for fields, field, message in [
        ({"hs_from": "151219", "hs_to": "151210"}, "hs_to", "The range ends before it starts."),
        ({"hs_from": "151219"}, "hs_to", "Give both ends of the range, or neither."),
        ({"hs_from": "151210", "hs_to": "151219", "excluding": "151220"}, "excluding",
         "Not in the rule's range: 151220."),
    ]:  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            ImportRule(source=source, kind="prohibited", item="x", **fields).full_clean()
        assert message in refused.value.message_dict[field]


def test_officials_keep_the_rules_in_the_admin_with_who_checked_them(
    admin_client, admin_user, rules
):
    listing = admin_client.get(reverse("admin:access_importrule_changelist"), {"range": "awaiting"})
    assert listing.status_code == 200 and "awaiting an official&#x27;s range" in listing.text
    assert "Soaps and detergents" in listing.text and "Bagged cement" not in listing.text
    soaps = rules.get(item="Soaps and detergents")
    page = reverse("admin:access_importrule_change", args=[soaps.pk])
    form = {"kind": "prohibited", "item": soaps.item, "hs_from": "340111", "hs_to": "340220",
            "excluding": "", "conditions": "in retail packs", "source": soaps.source_id,
            "is_active": "on"}  # fmt: skip
    assert admin_client.post(page, form).status_code == 302
    soaps.refresh_from_db()
    assert (soaps.hs_from, soaps.checked_by) == ("340111", admin_user) and soaps.checked_on
    assert [rule.item for rule in rules_for(["340111"])] == ["Soaps and detergents"]
    history = admin_client.get(reverse("admin:access_importrule_history", args=[soaps.pk]))
    assert "Changed" in history.text


def test_the_product_page_says_what_the_list_says_with_its_source(client, hs, rules):
    refined = make_category(name="Sunflower oil, refined", code="151219", slug="sunflower-oil")
    crude = make_category(name="Sunflower oil, crude", code="151211", slug="sunflower-crude")
    page = client.get(refined.get_absolute_url()).text
    start = page.index('id="import-rules"')
    notice = page[start : page.index("</section>", start)]
    assert (
        'prohibition list for trade: <span lang="en">Refined vegetable oils and fats</span>.'
        in notice
    )
    assert "crude vegetable oils are not prohibited" in notice
    assert "trade.gov.ng" in notice and "2 Dec 2026" in notice
    clear = client.get(crude.get_absolute_url()).text
    assert "prohibition list for trade" not in clear
    assert "None of this product's HS codes is on Nigeria's import prohibition list" in clear
    # What the list names without codes is said beside every product, never matched to one.
    assert "also names 11 kinds of goods without HS codes yet" in clear
    assert (
        '<li lang="en">All types of footwear, bags and suitcases (excluding safety shoes' in clear
    )
    russian = client.get("/ru" + refined.get_absolute_url()).text
    assert "Ввоз в Нигерию" in russian


def test_a_buyer_asks_for_a_prohibited_product_only_after_reading_the_notice(
    client, hs, rules, settings, django_capture_on_commit_callbacks
):
    settings.INTEREST_MIN_FILL_SECONDS = 0
    refined = make_category(name="Sunflower oil, refined", code="151219", slug="sunflower-oil")
    form = client.get("/interest/", {"product": refined.slug}).text
    assert 'prohibition list for trade: <span lang="en">Refined vegetable oils and fats' in form
    assert 'name="lines-0-rules_seen"' in form
    line = {"category": refined.slug, "product": refined.name, "quantity": "100", "unit": "t"}
    refused = client.post("/interest/", interest_post(line))
    assert refused.status_code == 400 and not Interest.objects.exists()
    assert "Please read the notice on Nigeria&#x27;s import rules and tick the box." in refused.text
    # The buyer's own words reach the rule through the code they suggest, too.
    words = client.post("/interest/", interest_post({"product": "spaghetti"}))
    assert words.status_code == 400 and "Spaghetti/noodles" in words.text
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/interest/", interest_post({**line, "rules_seen": "on"}))
    assert sent.status_code == 302
    kept = InterestLine.objects.get()
    assert kept.rules_seen.startswith("Refined vegetable oils and fats; conditions: excluding")
    assert kept.rules_seen.endswith(
        "source: Nigeria Trade Portal (Federal Ministry of Industry, Trade and Investment): "
        "Prohibited items list during import, 2 Dec 2026"
    )
    assert f"On Nigeria's import prohibition list: {kept.rules_seen}" in mail.outbox[0].body
    crude = make_category(name="Sunflower oil, crude", code="151211", slug="sunflower-crude")
    plain = {"category": crude.slug, "product": crude.name}
    assert client.post("/interest/", interest_post(plain, email="b@kano.ng")).status_code == 302


def test_staff_see_the_flag_in_the_admin_and_the_report(admin_client, hs, rules):
    interest = Interest.objects.create(buyer=make_buyer())
    InterestLine.objects.create(
        interest=interest, free_text="bagged cement", rules_seen="Bagged cement"
    )
    listing = admin_client.get(reverse("admin:matching_interest_changelist"), {"prohibited": "yes"})
    assert "bagged cement [prohibition list]" in listing.text
    none = admin_client.get(reverse("admin:matching_interest_changelist"), {"prohibited": "no"})
    assert "bagged cement" not in none.text
    (row,) = matching_reports._interest_rows(Interest.objects.all())
    assert row["rules_seen"] == "Bagged cement"


def test_staff_see_the_flag_on_matches(admin_client, hs, rules):
    cement = make_category(name="Portland cement, bagged", code="252329", slug="cement")
    make_offer(exporter=make_exporter(name="Steppe Cement JSC"), category=cement)
    interest = Interest.objects.create(buyer=make_buyer(), status=Interest.Status.NEW)
    InterestLine.objects.create(interest=interest, category=cement, rules_seen="Bagged cement")
    rematch([interest])
    assert Match.objects.filter(line__interest=interest).exists()
    flagged = "Portland cement, bagged [prohibition list]"
    matches = admin_client.get(reverse("admin:matching_match_changelist"), {"prohibited": "yes"})
    assert flagged in matches.text and "Steppe Cement JSC" in matches.text
    none = admin_client.get(reverse("admin:matching_match_changelist"), {"prohibited": "no"})
    assert "Steppe Cement JSC" not in none.text
    page = admin_client.get(reverse("admin:matching_interest_change", args=[interest.pk]))
    assert flagged in page.text
    (row,) = matching_reports._match_rows(Interest.objects.all())
    assert row["rules_seen"] == "Bagged cement" and row["exporter"] == "Steppe Cement JSC"


def test_the_product_page_lists_what_an_import_needs_where_officials_recorded_a_source(
    client, hs, rules, committed
):
    pasta = make_category(name="Pasta", code="190219", slug="pasta")
    wheat = make_category(name="Durum wheat", code="100119", slug="durum-wheat")
    assert "have not yet recorded, from a published source" in client.get("/products/pasta/").text
    source = committed(
        RuleSource.objects.create, key="agency", title="An agency's import guide",
        date=date(2026, 1, 5),
    )  # fmt: skip
    committed(
        ImportRule.objects.create,
        kind="requirement", item="Permit for food products", hs_from="010000", hs_to="249999",
        conditions="before shipping", source=source, checked_on=date(2026, 3, 1),
    )  # fmt: skip
    for category in (pasta, wheat):
        page = client.get(category.get_absolute_url()).text
        start = page.index('class="checklist"')
        checklist = page[start : page.index("</ul>", start)]
        assert "Permit for food products: before shipping" in checklist
        assert "An agency&#x27;s import guide</span>, 5 Jan 2026" in checklist
        assert "checked by trade officials on 1 Mar 2026" in checklist
    # A requirement is no prohibition: wheat stays importable and asks for no acknowledgement.
    assert "prohibition list for trade" not in client.get(wheat.get_absolute_url()).text
    form = client.get("/interest/", {"product": wheat.slug}).text
    assert 'name="lines-0-rules_seen"' not in form


def test_search_results_carry_the_notice_and_the_importable_filter_leaves_them_out(
    client, hs, rules, committed
):
    make_category(name="Sunflower oil, refined", code="151219", slug="sunflower-oil")
    make_category(name="Sunflower oil, crude", code="151211", slug="sunflower-crude")
    make_category(name="Spaghetti", code="190219", slug="spaghetti")
    call_command("reindex_search", stdout=io.StringIO())
    page = client.get("/", {"q": "sunflower oil"}).text
    refined = page[page.index("/products/sunflower-oil/") :]
    refined = refined[: refined.index("</li>")]
    assert "import prohibition list for trade:" in refined
    assert "Refined vegetable oils and fats</span> (read its conditions)" in refined
    assert "Nigeria Trade Portal" in refined and "/products/sunflower-oil/#import-rules" in refined
    crude = page[page.index("/products/sunflower-crude/") :]
    assert "prohibition list" not in crude[: crude.index("</li>")]
    importable = client.get("/", {"importable": "true"}).text
    assert "/products/sunflower-crude/" in importable
    assert "/products/sunflower-oil/" not in importable and "/products/spaghetti/" not in importable
    for rule in ImportRule.objects.all():  # retired rules hold nothing back
        rule.is_active = False
        committed(rule.save)
    assert "/products/spaghetti/" in client.get("/", {"importable": "true"}).text


def test_a_buyers_own_words_are_read_for_the_rules_wherever_they_come_from(
    client, hs, rules, settings
):
    settings.INTEREST_MIN_FILL_SECONDS = 0
    # From a search that found nothing: the notice is there before anything is sent.
    form = client.get("/interest/", {"q": "spaghetti"}).text
    assert "Spaghetti/noodles" in form and 'name="lines-0-rules_seen"' in form
    # A product page's line whose words the buyer changed is read by both.
    alfalfa = make_category(name="Alfalfa pellets", code="121410", slug="alfalfa")
    changed = {"category": alfalfa.slug, "product": "Frozen chicken", "quantity": "5", "unit": "t"}
    refused = client.post("/interest/", interest_post(changed))
    assert refused.status_code == 400 and "Live or dead birds" in refused.text
    same = {"category": alfalfa.slug, "product": "alfalfa PELLETS", "quantity": "5", "unit": "t"}
    assert client.post("/interest/", interest_post(same)).status_code == 302
    # Invisible characters hide no word; of close suggestions, any one that is listed counts
    # ("juice": meat juices 1603 first, fruit and vegetable juices 2009 as close).
    for words in ("spag\u200bhetti", "juice"):
        answer = client.post("/interest/", interest_post({"product": words}, email="x@kano.ng"))
        assert answer.status_code == 400, words
        assert "Please read the notice on Nigeria&#x27;s import rules" in answer.text, words


def test_every_public_list_marks_a_product_on_the_list(
    client, admin_client, hs, rules, django_capture_on_commit_callbacks
):
    pasta = make_category(name="Pasta", code="190219", slug="pasta")
    flour = make_category(name="Wheat flour", code="110100", slug="flour")
    noodles = make_category(name="Instant noodles", code="190230", slug="noodles")
    mill = make_exporter(name="Kostanay Mill LLP")
    for category in (pasta, flour):
        make_offer(exporter=mill, category=category)
    mark = "On Nigeria's prohibition list"
    exporter_page = client.get(mill.get_absolute_url()).text
    assert exporter_page.count(mark) == 1  # pasta, not flour
    page = client.get(pasta.get_absolute_url()).text
    related = page[page.index('class="related"') :]
    assert f'Instant noodles</a> <span class="badge prohibited">{mark}' in related
    # A search nothing answers still says what the list says of the product asked for.
    ProductCategory.objects.filter(pk__in=[pasta.pk, noodles.pk]).update(is_published=False)
    call_command("reindex_search", stdout=io.StringIO())
    empty = client.get("/", {"q": "spaghetti"}).text
    assert "Kazakhstan does not offer" in empty
    assert 'prohibition list for trade: <span lang="en">Spaghetti/noodles' in empty
    # Officials feature what buyers can import; a product a rule came to cover is marked.
    ProductCategory.objects.update(is_published=True)
    food = Sector.objects.get(slug="agriculture-and-food")
    url = reverse("admin:catalogue_sector_change", args=[food.pk])
    kept = [(r.first, r.last) for r in food.ranges.all()]
    refused = admin_client.post(url, sector_form(food, kept, featured=[pasta.pk]))
    assert "Feature products buyers can import: Pasta is on Nigeria" in refused.text
    assert admin_client.post(url, sector_form(food, kept, featured=[flour.pk])).status_code == 302
    assert mark not in client.get("/").text
    source = RuleSource.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        ImportRule.objects.create(
            kind="prohibited", item="Flour", hs_from="110100", hs_to="110100", source=source
        )
    home = client.get("/").text
    assert f'Wheat flour</a> <span class="badge prohibited">{mark}' in home


def test_rules_marked_checked_in_the_admin_say_so_on_product_pages_at_once(
    admin_client, client, hs, rules, committed, django_capture_on_commit_callbacks
):
    pasta = committed(make_category, name="Pasta", code="190219", slug="pasta")
    source = committed(RuleSource.objects.create, key="guide", title="Guide", date=date(2026, 1, 5))
    rule = committed(
        ImportRule.objects.create, kind="requirement", item="Permit for food products",
        hs_from="190000", hs_to="199999", source=source,
    )  # fmt: skip
    assert "checked by trade officials" not in client.get(pasta.get_absolute_url()).text
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:access_importrule_changelist"),
            {"action": "mark_checked", "_selected_action": [rule.pk]},
        )
    rule.refresh_from_db()
    assert rule.checked_on is not None
    assert "checked by trade officials" in client.get(pasta.get_absolute_url()).text
