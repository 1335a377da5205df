"""Search and matches follow every kind of catalogue change once it commits: an official's
edit in the admin, an import, a bulk delete. Only the open interests a change can reach are
computed again."""

from __future__ import annotations

from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from catalogue.importing.service import import_catalogue_file
from catalogue.models import Offer, ProductCategory
from catalogue.search import search
from matching import jobs as matching_jobs
from matching.matcher import RematchResult as Counts
from matching.matcher import open_interests_near, rematch
from matching.models import Interest, InterestLine, Match
from tests.catalogue.admin.test_hs_codes import change_form_data
from tests.factories import make_category, make_exporter, make_interest, make_offer
from tests.spreadsheets import ministry_rows, xlsx

pytestmark = pytest.mark.django_db

PLANTED = 0.999  # a score no rematch gives: it survives only where nothing was recomputed
_references = count(1)


def wanting(**line) -> Interest:
    interest = make_interest(
        lines=0,
        status=Interest.Status.CONFIRMED,
        reference=f"KZNG-TEST-{next(_references):06d}",
        confirmed_at=timezone.now(),
    )
    InterestLine.objects.create(interest=interest, **line)
    return interest


def matches(interest: Interest):
    return Match.objects.filter(line__interest=interest)


def matched(interest: Interest) -> set[str]:
    """The exporters matched to the interest."""
    return set(matches(interest).values_list("offer__exporter__name", flat=True))


def found(query: str) -> set[int]:
    return set(search(query).ranked)


@pytest.fixture
def market(hs, committed):
    """Oils (chapter 15), milk (04) and wheat (10), each offered, and open interests in
    each, of products offered; matches computed, as committed. The wheat buyer's match
    carries a planted score."""

    def build():
        oil = make_category(name="Sunflower oil, refined", code="151219")
        crude = make_category(name="Sunflower oil, crude", code="151211")
        milk = make_category(name="Milk powder", code="040210")
        wheat = make_category(name="Durum wheat", code="100119")
        offered = {"Pavlodar Oil LLP": oil, "Abai Oil LLP": crude,
                   "Almaty Dairy LLP": milk, "Kostanay Grain LLP": wheat}  # fmt: skip
        for name, category in offered.items():
            make_offer(exporter=make_exporter(name=name), category=category)
        return oil, {
            "oil": wanting(category=oil, free_text="sunflower oil"),
            "crude": wanting(free_text="crude sunflower oil", suggested_hs_id="151211"),
            "milk": wanting(free_text="milk powder", suggested_hs_id="040210"),
            "wheat": wanting(category=wheat, free_text="durum wheat"),
        }

    oil, interests = committed(build)
    rematch(Interest.objects.open())
    matches(interests["wheat"]).update(score=PLANTED)
    return oil, interests


def untouched(interest: Interest) -> bool:
    return set(matches(interest).values_list("score", flat=True)) == {PLANTED}


def test_the_planted_score_is_what_a_rematch_would_undo(market):
    _, wants = market
    assert untouched(wants["wheat"])
    rematch([wants["wheat"]])
    assert not untouched(wants["wheat"])


def test_a_code_changed_in_the_admin_moves_matches(market, admin_client, committed):
    _, wants = market
    # Each buyer is matched to the product asked for, never to another of its chapter.
    assert matched(wants["oil"]) == {"Pavlodar Oil LLP"}
    assert matched(wants["crude"]) == {"Abai Oil LLP"}
    assert matched(wants["milk"]) == {"Almaty Dairy LLP"}
    milk = ProductCategory.objects.get(name="Milk powder")
    url = reverse("admin:catalogue_productcategory_change", args=[milk.pk])
    data = change_form_data(admin_client.get(url))
    assert data["codes-0-hs_code"] == "040210"
    data["codes-0-hs_code"] = "040221"

    response = committed(admin_client.post, url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    # Now another subheading than the buyer asked for: the match goes.
    assert matched(wants["milk"]) == set()
    assert matched(wants["oil"]) == {"Pavlodar Oil LLP"}
    assert untouched(wants["wheat"])


def test_an_import_brings_its_new_offers_to_matching_buyers(market, committed):
    _, wants = market
    rows = ministry_rows(
        [1, "Масло подсолнечное нерафинированное", "Sunflower oil, crude", "1512 11 100 0",
         "ТОО «Атырау Ойл»", "210240012345", "Атырауская область", "5 000"],
    )  # fmt: skip

    report = committed(import_catalogue_file, data=xlsx(("Лист1", rows)), file_name="oil.xlsx")

    assert report.written and not report.errors
    assert found("атырау")
    assert "ТОО «Атырау Ойл»" in matched(wants["crude"])
    assert "ТОО «Атырау Ойл»" not in matched(wants["oil"])  # refined, not crude
    assert matched(wants["milk"]) == {"Almaty Dairy LLP"}
    assert untouched(wants["wheat"])


def test_offers_deleted_in_bulk_leave_search_and_matches(market, admin_client, committed):
    _, wants = market
    assert found("pavlodar")
    selected = Offer.objects.filter(exporter__name__in=["Pavlodar Oil LLP", "Abai Oil LLP"])
    url = reverse("admin:catalogue_offer_changelist")
    data = {
        "action": "delete_selected",
        "_selected_action": [o.pk for o in selected],
        "post": "yes",
    }

    response = committed(admin_client.post, url, data)

    assert response.status_code == 302
    assert not Offer.objects.filter(exporter__name="Pavlodar Oil LLP").exists()
    assert found("pavlodar") == set()
    assert matched(wants["oil"]) == matched(wants["crude"]) == set()
    assert untouched(wants["wheat"])


def test_a_category_deleted_in_bulk_takes_its_buyers_matches_with_it(
    market, admin_client, committed
):
    oil, wants = market
    url = reverse("admin:catalogue_productcategory_changelist")
    data = {"action": "delete_selected", "_selected_action": [oil.pk], "post": "yes"}

    response = committed(admin_client.post, url, data)

    assert response.status_code == 302
    assert found("pavlodar") == set()
    # Its buyer's line now names no category and no code: no match is left to it.
    line = wants["oil"].lines.get()
    assert line.category is None
    assert matched(wants["oil"]) == set()
    assert matched(wants["crude"]) == {"Abai Oil LLP"}
    assert untouched(wants["wheat"])


def test_only_the_interests_a_change_can_reach_are_rematched(market, committed, monkeypatch):
    oil, wants = market
    rematched = []
    monkeypatch.setattr(
        matching_jobs, "rematch", lambda interests: rematched.append(set(interests)) or Counts()
    )
    oil.name = "Sunflower oil, refined, deodorised"

    committed(oil.save)

    # The category's buyer and the crude oil buyer of its chapter; not milk or wheat.
    assert rematched == [{wants["oil"], wants["crude"]}]


def test_a_change_to_more_categories_than_a_query_may_name_reaches_their_buyers(market):
    oil, wants = market
    imported = [*range(10**6, 10**6 + 300_000), oil.pk]  # more than SQLite takes parameters
    assert wants["oil"] in open_interests_near(imported, headings=[])
