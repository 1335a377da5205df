"""In Russian and Kazakh the catalogue's admin names products, sectors and HS codes, and
writes quantities, as the official's language does, beside the English names officials
curate; an import's preview too."""

from __future__ import annotations

import html

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from catalogue.lib.messages import Message, Name
from catalogue.lib.shown_messages import shown
from catalogue.models import ImportBatch, Sector
from tests.factories import make_category, make_exporter, make_offer
from tests.jobs.flow import post_running_jobs
from tests.spreadsheets import ministry_rows, xlsx

pytestmark = pytest.mark.django_db

PRODUCTS = reverse("admin:catalogue_productcategory_changelist")


def read(client, url: str, language: str, **query) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url, query)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def wheat(hs):
    return make_category(
        name="Durum wheat", code="100119", name_ru="Пшеница твёрдая", name_kk="Қатты бидай"
    )


def test_the_product_list_leads_with_the_name_in_the_officials_language(admin_client, wheat):
    page = read(admin_client, PRODUCTS, "kk")
    assert "Қатты бидай" in page and "Durum wheat" in page  # the English name stays
    # The sector column and filter.
    assert page.count("Ауыл шаруашылығы және азық-түлік") >= 2
    assert "Agriculture and food" not in page
    english = read(admin_client, PRODUCTS, "en")
    assert "Agriculture and food" in english and "Қатты бидай" not in english


def test_the_product_list_heads_the_shown_names_and_orders_them_in_the_officials_alphabet(
    admin_client, hs
):
    names = ["Блоки газобетонные", "Прицепы тракторные", "Оборудование буровое"]
    # In English order the Russian names would read Прицепы, Оборудование, Блоки.
    for english, russian in zip(["Zeta blocks", "Alpha trailers", "Mid kit"], names, strict=True):
        make_category(name=english, name_ru=russian, code="681011")
    page = read(admin_client, PRODUCTS, "ru")
    assert ">Название<" in page and "По названию" not in page
    assert sorted(names, key=page.index) == ["Блоки газобетонные", "Оборудование буровое",
                                             "Прицепы тракторные"]  # fmt: skip


def test_a_sector_is_named_in_the_active_language(hs):
    sector = Sector.objects.get(slug="agriculture-and-food")
    assert str(sector) == "Agriculture and food"
    with translation.override("ru"):
        assert str(sector) == "Сельское хозяйство и продукты питания"


def test_the_admin_finds_a_product_by_its_kazakh_name(admin_client, wheat):
    make_category(name="Buckwheat", code="100810", name_kk="Қарақұмық")
    page = read(admin_client, PRODUCTS, "kk", q="Қатты")
    assert "Қатты бидай" in page and "Қарақұмық" not in page


def test_a_products_hs_codes_read_in_the_officials_language(admin_client, hs):
    blocks = make_category(name="Concrete blocks", code="681011")
    url = reverse("admin:catalogue_productcategory_change", args=[blocks.pk])
    page = read(admin_client, url, "ru")
    assert "6810.11 Блоки и кирпичи строительные из цемента" in page
    assert "6810.11 Building blocks" not in page
    # The autocomplete offers its codes labelled the same way.
    found = read(
        admin_client,
        reverse("admin:catalogue_hscode_autocomplete"),
        "ru",
        term="681011",
        app_label="catalogue",
        model_name="categorycode",
        field_name="hs_code",
    )
    assert "6810.11 Блоки и кирпичи строительные" in found.encode().decode("unicode_escape")


def test_offers_are_listed_with_quantities_as_the_officials_language_writes_them(
    admin_client, wheat
):
    make_offer(exporter=make_exporter(), category=wheat, capacity=20000, unit="t", moq=500)
    page = read(admin_client, reverse("admin:catalogue_offer_changelist"), "ru")
    assert "20\xa0000 тонн" in page and "500 тонн" in page
    assert "Пшеница твёрдая (Durum wheat)" in page


def test_the_import_preview_writes_numbers_and_names_in_the_readers_language(
    admin_client, wheat, tmp_path, settings
):
    row = [1, "Пшеница твёрдая", "Durum wheat", "1001 19 000 0", "ТОО Костанай Астык", "", "", ""]

    def upload(volume: str):
        data = xlsx(("Лист1", ministry_rows([*row[:-1], volume])))
        file = SimpleUploadedFile("list.xlsx", data)
        admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
        response = admin_client.post(reverse("admin:catalogue_import"), {"file": file})
        assert response.status_code == 200
        return html.unescape(response.content.decode())

    upload("170000")
    batch = ImportBatch.objects.get(status="preview")
    confirmed = post_running_jobs(
        admin_client, reverse("admin:catalogue_import_confirm", args=[batch.pk]), {"confirm": "1"}
    )
    assert confirmed.status_code == 302
    page = upload("175000")
    assert "170\xa0000 → 175\xa0000" in page
    assert "170,000" not in page
    # The file names it in Russian and English: a Kazakh reader gets the Russian.
    assert "Пшеница твёрдая (1001.19)" in page
    assert "Durum wheat (1001.19)" not in page


def test_a_kept_message_names_a_product_in_each_readers_language():
    kept = Message("%(name)s (%(code)s)", name=Name("Durum wheat", "Пшеница"), code="1001.19")
    again = Message.from_data(kept.as_data())
    assert str(again) == "Durum wheat (1001.19)"
    with translation.override("kk"):  # no Kazakh name: the Russian
        assert shown(again) == "Пшеница (1001.19)"
    with translation.override("en"):
        assert shown(again) == "Durum wheat (1001.19)"
