"""Buyers read every e-mail in the language they sent their request in, whoever's action
sends it; staff read the admin, its dashboard and its workbooks in their own."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from catalogue.importing.values import normalise_region
from catalogue.lib.formatting import format_number
from catalogue.reports import COLUMNS, write_catalogue
from matching import services
from matching.matcher import rematch
from matching.models import Interest, Match
from matching.personal_data import erase_buyer
from staff.models import choose_language
from tests.factories import make_category, make_exporter, make_offer
from tests.jobs.flow import exported
from tests.matching.helpers import confirm_post, interest_post, line

pytestmark = pytest.mark.django_db

# What each language's e-mails say, and the English sentences none of them may keep.
SAID = {
    "kk": {
        "hello": "Сәлеметсіз бе, Ada Obi!",
        "confirm_subject": "Қазақстан тауарларына сұранысыңызды растаңыз",
        "confirm_body": "Сұранысыңызды растау үшін осы сілтемені 48 сағат ішінде ашыңыз",
        "confirmed_subject": "сұранысыңыз расталды",
        "matched_subject": "Сауда өкілдері сұранысыңызға қазақстандық экспорттаушыларды тапты",
        "note_from": "Сауда өкілдерінің ескертпесі:",
        "meet": "Танысыңыз: Aktobe Oil LLP, қазақстандық экспорттаушы",
        "introduced": "Олар сізбен хабарласады.",
    },
    "ru": {
        "hello": "Здравствуйте, Ada Obi!",
        "confirm_subject": "Подтвердите заявку на казахстанские товары",
        "confirm_body": "Подтвердите заявку, открыв эту ссылку в течение 48 часов",
        "confirmed_subject": "подтверждена",
        "matched_subject": "Торговые представители нашли казахстанских экспортёров",
        "note_from": "Примечание торговых представителей:",
        "meet": "Знакомьтесь: Aktobe Oil LLP, казахстанский экспортёр",
        "introduced": "Они свяжутся с вами.",
    },
}
ENGLISH = [
    "Hello", "Please confirm your request", "Thank you for telling us", "Products:",
    "Trade officials and Kazakh exporters", "See its status", "Keep this link",
    "A note from trade officials", "See it, and the Kazakh exporters", "They will contact you",
    "Your request",
]  # fmt: skip


def link_in(message, kind: str) -> str:
    """The path of a link in an e-mail, in whatever language's paths."""
    found = re.search(rf"http://testserver(/(?:[a-z]{{2}}/)?interest/{kind}/\S+/)", message.body)
    return found.group(1)


def in_language(message, language: str, *phrases: str) -> None:
    text = f"{message.subject}\n{message.body}"
    for phrase in phrases:
        assert SAID[language][phrase] in text, (phrase, text)
    for english in ENGLISH:
        assert english not in text, (english, text)


def _posted(form) -> dict:
    """What a browser sends back of a form as the page showed it."""
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        data[field.html_name] = "on" if value is True else value
    return data


def change_in_admin(client, interest: Interest, **changes):
    """Save the interest's admin page as it stands, with these fields changed."""
    url = reverse("admin:matching_interest_change", args=[interest.pk])
    page = client.get(url)
    data = _posted(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        data.update(_posted(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(_posted(form))
    return client.post(url, {**data, **changes})


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_e_mail_to_a_buyer_is_in_the_language_they_sent_in(
    language, client, admin_client, sunflower, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/{language}/interest/", interest_post(line(category=sunflower.slug)))
    assert sent.status_code == 302
    interest = Interest.objects.get()
    assert interest.language == language
    (confirmation,) = mail.outbox
    in_language(confirmation, language, "hello", "confirm_subject", "confirm_body")
    confirm = link_in(confirmation, "confirm")
    assert confirm.startswith(f"/{language}/")  # the page opens in the buyer's language too

    with django_capture_on_commit_callbacks(execute=True):
        confirm_post(client, confirm)
    in_language(mail.outbox[-1], language, "hello", "confirmed_subject")

    # A trade official whose admin is in English moves the request along.
    with django_capture_on_commit_callbacks(execute=True):
        response = change_in_admin(
            admin_client, interest, move_to="matched", status_note="Call on Monday",
            share_note="on",
        )  # fmt: skip
    assert response.status_code == 302
    assert Interest.objects.get().status == "matched"
    matched = mail.outbox[-1]
    in_language(matched, language, "hello", "matched_subject", "note_from")
    assert "Call on Monday" in matched.body

    # A new exporter joins, the matches are computed again and find it, and the buyer
    # agrees to meet it; the official introduces them from the English admin.
    exporter = make_exporter(name="Aktobe Oil LLP", email="sales@aktobe-oil.kz")
    make_offer(exporter=exporter, category=sunflower, capacity=5000, unit="t")
    assert rematch([interest]).created == 1
    services.agree_to_introduction(interest=interest, exporter_id=exporter.pk, agreed=True)
    introduce = reverse("admin:matching_interest_introduce", args=[interest.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(introduce, {"introduce": str(exporter.pk)})
    to_exporter, to_buyer = mail.outbox[-2:]
    assert to_buyer.to == ["ada@lagosmills.ng"]
    in_language(to_buyer, language, "hello", "meet", "introduced")
    # The exporter's language is not known: Kazakh companies are written to in Russian.
    assert to_exporter.to == ["sales@aktobe-oil.kz"]
    assert "Нигерийский импортёр запрашивает ваши товары" in to_exporter.subject
    assert "Hello" not in to_exporter.body


def test_a_request_sent_in_english_stays_in_english(client, sunflower, committed):
    committed(client.post, "/interest/", interest_post(line(category=sunflower.slug)))
    (confirmation,) = mail.outbox
    assert Interest.objects.get().language == "en"
    assert confirmation.subject == "Confirm your request for Kazakh products"
    assert "Hello Ada Obi," in confirmation.body
    assert "http://testserver/interest/confirm/" in confirmation.body


def test_lost_links_and_erasure_are_told_in_the_language_of_the_latest_request(
    client, sunflower, committed
):
    committed(client.post, "/kk/interest/", interest_post(line(category=sunflower.slug)))
    mail.outbox.clear()
    committed(client.post, "/interest/lost-link/", {"email": "ada@lagosmills.ng"})
    (links,) = mail.outbox
    assert links.subject == "Қазақстан тауарларына жіберген сұраныстарыңыз"
    assert "/kk/interest/mine/" in links.body and "Hello" not in links.body
    # An address without requests is answered in the language of the page it asked from.
    committed(client.post, "/ru/interest/lost-link/", {"email": "nobody@else.ng"})
    assert "С этого адреса заявок не поступало." in mail.outbox[-1].body

    committed(erase_buyer, Interest.objects.get().buyer)
    assert mail.outbox[-1].subject == "Деректеріңіз Қазақстан экспорты каталогынан өшірілді"


@pytest.fixture
def officer():
    """A trade official who chose Russian for the admin."""
    user = User.objects.create_superuser("officer", "officer@trade.kz", "pw")
    choose_language(user=user, language="ru")
    client = Client()
    client.force_login(user)
    return client


def test_a_report_exported_from_the_russian_admin_has_russian_headings(
    officer, client, sunflower, committed
):
    committed(client.post, "/interest/", interest_post(line(category=sunflower.slug)))
    _, response = exported(officer, reverse("admin:matching_interest_export"))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Report", "Interests", "By category", "By state", "By month",
                               "Matches"]  # fmt: skip
    assert book["Report"]["A1"].value == "Спрос Нигерии на казахстанский экспорт"
    assert book["Report"]["A5"].value == "Фильтры"
    assert book["Report"]["B5"].value == "нет: все заявки"
    interests = [cell.value for cell in book["Interests"][1]]
    assert interests[:2] == ["Номер", "Создана"]
    assert "Лучший подобранный экспортёр" in interests
    assert book["Interests"]["A2"].value == f"неподтверждённая №{Interest.objects.get().pk}"
    assert [cell.value for cell in book["By state"][1]][:3] == ["Штат", "Позиции заявок", "Заявки"]
    matches = [cell.value for cell in book["Matches"][1]]
    assert "Подходящие товары экспортёра" in matches and "Оценка" in matches


ADMIN_ENGLISH = [
    "Export these to Excel", "Dashboard", "Nigeria's prohibition list", "On the list",
    "Export selected to Excel", "Mark selected matches", "Introduce: e-mail",
    "Interest dashboard", "Interests by status", "Most asked-for products", "Buyers' states",
    "Interests by month", "in all.", "Buyers and matching", ">Products<",
    ">Interest<", ">Reasons<", ">Matching products<", ">Line<", "Matched exporters",
    "Related exporters", "Accept, Reject and Introduce", "These matches in the match list",
    ">Accept<", ">Reject<", "Confirming also changes", "Move to", "Tell the buyer this note",
    "keep the status", "Language", "Staff notes", "Assigned to", ">Status<", "Product lines",
    "Status changes", "Changed on", "Score", "Introduced on",
]  # fmt: skip


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_matching_admin_reads_in_the_officials_language(
    language, officer, client, sunflower, committed
):
    choose_language(user=User.objects.get(username="officer"), language=language)
    committed(client.post, "/interest/", interest_post(line(category=sunflower.slug)))
    interest = Interest.objects.get()
    services.change_status(interest=interest, to="confirmed", user=User.objects.get())
    pages = [
        reverse(f"admin:matching_{model}_changelist")
        for model in ("interest", "match", "introduction", "buyer", "interestline")
    ]
    pages += [
        reverse("admin:matching_interest_dashboard"),
        reverse("admin:matching_interest_change", args=[interest.pk]),
        reverse("admin:matching_match_change", args=[Match.objects.first().pk]),
    ]
    for url in pages:
        page = officer.get(url)
        assert page.status_code == 200, url
        assert page.headers["Content-Language"] == language
        for english in ADMIN_ENGLISH:
            assert english not in page.text, (url, english)
    dashboard = officer.get(reverse("admin:matching_interest_dashboard")).text
    expected = {"ru": "Всего 1 заявка.", "kk": "Барлығы 1 сұраныс."}
    assert expected[language] in dashboard


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_catalogue_workbook_keeps_the_titles_the_importer_reads_back(language, hs):
    exporter = make_exporter(name="Kostanay Astyk LLP", region="kostanay")
    make_offer(exporter=exporter, category=make_category(name="Durum wheat", code="100119"))
    buffer = io.BytesIO()
    with translation.override(language):
        write_catalogue(buffer)
    header, row = openpyxl.load_workbook(buffer)["Перечень"].iter_rows(values_only=True)
    assert list(header) == [column.title for column in COLUMNS]
    assert normalise_region(dict(zip(header, row, strict=True))["Регион"]) == "kostanay"


def _interest_with_numbers(client, sunflower, committed) -> Interest:
    sunflower.name_ru = "Масло подсолнечное рафинированное"
    sunflower.save()
    numbers = line(category=sunflower.slug, quantity="5000", target_price="285.50", currency="USD")
    committed(client.post, "/interest/", interest_post(numbers))
    interest = Interest.objects.get()
    services.change_status(interest=interest, to="confirmed", user=User.objects.get())
    return interest


def test_the_interest_page_writes_numbers_as_the_officials_language_does(
    officer, client, sunflower, committed
):
    choose_language(user=User.objects.get(username="officer"), language="kk")
    interest = _interest_with_numbers(client, sunflower, committed)
    url = reverse("admin:matching_interest_change", args=[interest.pk])
    page = officer.get(url).content.decode()
    assert 'value="5\xa0000"' in page and 'value="285,5"' in page
    assert "5000.000" not in page and "285.50" not in page
    score = Match.objects.get().score
    with translation.override("kk"):
        assert f"<td>{format_number(score, 2)}</td>" in page
    # What the page shows is read back as it was: nothing changes.
    assert change_in_admin(officer, interest).status_code == 302
    line_ = interest.lines.get()
    assert (line_.quantity, line_.target_price) == (Decimal("5000"), Decimal("285.5"))
    # A quantity typed as Kazakh writes it.
    assert change_in_admin(officer, interest, **{"lines-0-quantity": "6 500,5"}).status_code == 302
    assert interest.lines.get().quantity == Decimal("6500.5")


def test_an_interest_no_one_may_edit_shows_quantity_and_price_in_words(
    officer, client, sunflower, committed
):
    choose_language(user=User.objects.get(username="officer"), language="ru")
    interest = _interest_with_numbers(client, sunflower, committed)
    Interest.objects.filter(pk=interest.pk).update(anonymised_at=timezone.now())
    page = officer.get(reverse("admin:matching_interest_change", args=[interest.pk])).text
    assert '<div class="readonly">5\xa0000 тонн</div>' in page
    assert '<div class="readonly">285,50 USD</div>' in page


def test_the_russian_workbook_writes_units_and_products_in_russian(
    officer, client, sunflower, committed
):
    _interest_with_numbers(client, sunflower, committed)
    _, response = exported(officer, reverse("admin:matching_interest_export"))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, row = book["Interests"].iter_rows(max_row=2, values_only=True)
    interest = dict(zip(header, row, strict=True))
    assert "Номер CAC" in header
    assert interest["Единица"] == "т"
    assert interest["Товар"] == "Масло подсолнечное рафинированное"
    assert "Количество (т)" in next(book["By state"].iter_rows(max_row=1, values_only=True))
    by_category = list(book["By category"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert by_category[0][0] == "Масло подсолнечное рафинированное"
    matches = list(book["Matches"].iter_rows(max_row=2, values_only=True))
    assert dict(zip(*matches, strict=True))["Товар"] == "Масло подсолнечное рафинированное"
