import pytest
from django.contrib.auth.models import User
from django.test import Client

from staff.models import AdminLanguage

pytestmark = pytest.mark.django_db

SET_LANGUAGE = "/admin/language/"


@pytest.fixture
def official():
    return User.objects.create_user("aigerim", password="pw", is_staff=True)


def browser(user, accept_language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=accept_language)
    client.force_login(user)
    return client


def test_admin_follows_the_browser_until_the_official_chooses():
    user = User.objects.create_superuser("root", password="pw")
    assert "Администрирование сайта" in browser(user, "ru").get("/admin/").text
    assert "Site administration" in browser(user, "en").get("/admin/").text


def test_chosen_language_is_remembered_across_sessions_and_beats_the_browser(official):
    client = browser(official, "ru")
    response = client.post(SET_LANGUAGE, {"language": "kk", "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    page = client.get("/admin/").text
    assert "Сайт әкімшілігі" in page
    assert "Әкімшілік бөлім енді сіз таңдаған тілде." in page

    # A new session, another browser asking for English: still Kazakh.
    assert "Сайт әкімшілігі" in browser(official, "en").get("/admin/").text
    assert AdminLanguage.objects.get(user=official).language == "kk"


def test_the_choice_is_for_the_admin_only(official):
    client = browser(official, "en")
    client.post(SET_LANGUAGE, {"language": "kk"})
    assert 'lang="en"' in client.get("/").text
    assert 'lang="ru"' in client.get("/ru/").text


def test_the_header_offers_every_language_with_the_current_one_selected(official):
    client = browser(official)
    client.post(SET_LANGUAGE, {"language": "ru"})
    page = client.get("/admin/").text
    assert '<option value="ru" lang="ru" selected>Русский</option>' in page
    assert '<option value="kk" lang="kk">Қазақша</option>' in page
    assert "Язык администрирования" in page


@pytest.mark.parametrize(
    "data",
    [{"language": "de"}, {"language": "x" * 5000}, {}],
)
def test_an_unknown_language_changes_nothing(official, data):
    client = browser(official)
    response = client.post(SET_LANGUAGE, data)
    assert response.status_code == 302
    assert not AdminLanguage.objects.exists()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/admin/", "//evil.example/admin/", "/ru/", "/admin/\\evil"]
)
def test_going_back_stays_in_the_admin(official, next_url):
    response = browser(official).post(SET_LANGUAGE, {"language": "ru", "next": next_url})
    assert response["Location"].startswith("/admin/")
    assert "evil.example" not in response["Location"]


def test_only_staff_may_choose_and_only_by_post(official):
    buyer = User.objects.create_user("buyer", password="pw")
    response = browser(buyer).post(SET_LANGUAGE, {"language": "ru"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert browser(official).get(SET_LANGUAGE).status_code == 405
    assert not AdminLanguage.objects.exists()


def test_django_messages_its_kazakh_catalogue_lacks_come_from_ours(official):
    """Django 5.2's Kazakh admin leaves "Recent actions" and "View site" in English."""
    user = User.objects.create_superuser("root", password="pw")
    client = browser(user)
    client.post(SET_LANGUAGE, {"language": "kk"})
    page = client.get("/admin/").text
    for english in ("Recent actions", "View site", "My actions"):
        assert english not in page
    assert "Соңғы әрекеттер" in page or "Соңғы іс-әрекеттер" in page


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_header_names_each_language_in_that_language(official, language):
    client = browser(official)
    client.post(SET_LANGUAGE, {"language": language})
    page = client.get("/admin/").text
    assert ">English</option>" in page
    assert ">Русский</option>" in page
    assert ">Қазақша</option>" in page
    assert "Ағылшын" not in page and "Английский" not in page


def test_admin_pages_load_the_stylesheet_that_lets_object_tools_wrap(admin_client):
    admin_client.cookies["django_language"] = "ru"
    page = admin_client.get("/admin/catalogue/productcategory/").text
    assert 'href="/static/css/admin.css"' in page
    assert '<ul class="object-tools">' in page  # styled from the stylesheet, not inline
