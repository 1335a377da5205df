"""What is worked out once and kept (a match's reasons, a note on a request's history, the
import rules a buyer was shown) reads in the language of whoever looks at it later."""

import io
import json

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from access.loader import load_rules
from matching import reports
from matching.matcher import rematch
from matching.models import Interest, InterestLine, Match, StatusChange
from staff.models import choose_language
from tests.factories import make_category
from tests.jobs.flow import exported
from tests.matching.helpers import confirm_post, interest_post, line, link_in

pytestmark = pytest.mark.django_db


def plain(text: str) -> str:
    """Text with the no-break spaces that group thousands made ordinary."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


@pytest.fixture
def matched(client, sunflower, committed):
    """A request in Russian for refined sunflower oil, confirmed and matched."""
    committed(client.post, "/ru/interest/", interest_post(line(category=sunflower.slug)))
    committed(confirm_post, client, link_in(mail.outbox[-1], "confirm"))
    return Match.objects.get()


REASONS = {
    "ru": ["Тот же код ГС: 1512.19", "Мощность 20 000 тонн в год покрывает 500 тонн в месяц"],
    "kk": ["HS коды сәйкес: 1512.19", "Жылына 20 000 тонна қуаты сұралған айына 500 тонна"],
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_matchs_reasons_read_in_the_officials_language(language, matched):
    official = User.objects.create_superuser("officer", "officer@trade.kz", "pw")
    choose_language(user=official, language=language)
    client = Client()
    client.force_login(official)
    for url in (
        reverse("admin:matching_match_change", args=[matched.pk]),
        reverse("admin:matching_interest_change", args=[matched.line.interest_id]),
    ):
        page = plain(client.get(url).text)
        for reason in REASONS[language]:
            assert reason in page, (url, reason)
        assert "Same HS code" not in page and "covers" not in page


def test_the_admin_follows_the_language_cookie_for_reasons(admin_client, matched):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    page = admin_client.get(reverse("admin:matching_match_change", args=[matched.pk])).text
    assert "HS коды сәйкес: 1512.19" in page and "Holds" not in page


def test_the_workbooks_reasons_are_in_the_officials_language(matched):
    official = User.objects.create_superuser("officer", "officer@trade.kz", "pw")
    choose_language(user=official, language="ru")
    client = Client()
    client.force_login(official)
    _, response = exported(client, reverse("admin:matching_interest_export"))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book["Matches"]
    column = [cell.value for cell in sheet[1]].index("Причины")
    reasons = plain(sheet.cell(row=2, column=column + 1).value)
    assert reasons.startswith("; ".join(REASONS["ru"]))
    assert "Есть сертификат Halal" not in reasons  # not asked for: not a reason
    assert "Предлагает" not in reasons and "Не предлагает CIF (предлагает DAP, FCA)" in reasons


def test_the_buyers_data_says_why_an_exporter_matched_in_the_buyers_language(client, matched):
    status = link_in(mail.outbox[-1], "status")
    data = json.loads(client.get(status + "data/").content)
    (exporter,) = data["requests"][0]["products"][0]["matched_exporters"]
    assert [plain(why) for why in exporter["why"][:2]] == REASONS["ru"]


def test_a_reason_kept_as_english_text_is_still_shown(admin_client, matched):
    Match.objects.filter(pk=matched.pk).update(reasons=["Same HS code 1512.19"])
    kept = Match.objects.get()
    assert kept.shown_reasons() == ["Same HS code 1512.19"]
    page = admin_client.get(reverse("admin:matching_match_change", args=[kept.pk])).text
    assert "Same HS code 1512.19" in page
    rows = list(reports._match_rows(Interest.objects.all()))
    assert rows[0]["reasons"] == "Same HS code 1512.19"


def test_a_reason_kept_as_english_text_is_kept_as_data_when_matches_are_computed_again(matched):
    Match.objects.filter(pk=matched.pk).update(reasons=["Same HS code 1512.19"])
    result = rematch(Interest.objects.all())
    assert result.updated == 1
    assert Match.objects.get().reasons[0] == {"text": "Same HS code %(code)s",
                                              "params": {"code": "1512.19"}}  # fmt: skip
    assert rematch(Interest.objects.all()).updated == 0


def test_the_status_page_tells_the_history_in_the_readers_language(client, matched):
    status = link_in(mail.outbox[-1], "status")
    page = client.get(status).text
    assert "История статусов" in page and "подтверждена покупателем" in page
    assert "confirmed by the buyer" not in page
    # Staff's own notes stay in the admin.
    StatusChange.objects.create(
        interest=matched.line.interest, from_status="confirmed", to_status="contacted",
        changed_by=User.objects.create_user("staff"), note="phoned, call back Monday",
    )  # fmt: skip
    assert "call back Monday" not in client.get(status).text
    english = client.get(status.removeprefix("/ru")).text
    assert "confirmed by the buyer" in english


def test_the_admin_shows_the_history_note_in_the_officials_language(admin_client, matched):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    url = reverse("admin:matching_interest_change", args=[matched.line.interest_id])
    assert "сатып алушы растады" in admin_client.get(url).text


def test_a_prohibited_products_notice_keeps_its_words_and_reads_in_kazakh(client, hs, committed):
    load_rules()
    refined = make_category(name="Sunflower oil, refined", code="151219", slug="sunflower-oil")
    sent = line(category=refined.slug, product=refined.name, rules_seen="on")
    committed(client.post, "/kk/interest/", interest_post(sent))
    kept = InterestLine.objects.get()
    assert kept.rules_seen.startswith("Refined vegetable oils and fats; conditions: excluding")
    page = client.get(link_in(mail.outbox[-1], "confirm")).text
    item = '<span lang="en">Refined vegetable oils and fats</span>'
    assert f'{item}; шарттар: <span lang="en">excluding' in page
    assert '; дереккөз: <span lang="en">Nigeria Trade Portal' in page
    assert "Prohibited items list during import</span>, 2026 жылғы 2 желтоқсан" in page
    assert "conditions:" not in page and "source:" not in page and "Dec 2026" not in page
    # The e-mail, text, has the same words without the marks.
    body = mail.outbox[-1].body
    assert "Refined vegetable oils and fats; шарттар: excluding" in body
    assert "import, 2026 жылғы 2 желтоқсан" in body and "<span" not in body


def test_a_notice_kept_as_english_text_is_shown_as_it_is(client, sunflower, committed):
    committed(client.post, "/kk/interest/", interest_post(line(category=sunflower.slug)))
    InterestLine.objects.update(rules_seen="Bagged cement; source: a list, 02 Dec 2026")
    page = client.get(link_in(mail.outbox[-1], "confirm")).text
    assert "Bagged cement; source: a list, 02 Dec 2026" in page
