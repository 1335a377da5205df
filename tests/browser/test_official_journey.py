"""A trade official: log in, import a messy workbook with a preview, confirm, accept an HS
suggestion, export the interest report and open it."""

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Page, expect

from catalogue.models import CategoryCode, ProductCategory
from matching.services import confirm_interest
from tests.factories import make_buyer, make_interest
from tests.spreadsheets import ministry_rows, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Dotted, numeric and zero-stripped codes, a code missing, a blank row, a merged title.
ROWS = ministry_rows(
    [1, "Пшеница твёрдая", "Durum wheat ", "1001.19.000.0", "ТОО «Костанай Астык»", "",
     "Костанайская", "120 000"],
    [],
    [2, "Масло подсолнечное рафинированное", "Sunflower oil, refined", 1512191000,
     "ТОО Павлодар Май", "", "Павлодарская обл.", 20000],
    [3, "Молоко сухое", "Milk powder", 402101900, "ТОО Алматы Сут", "", "г. Алматы", ""],
    [4, "Цемент портландский", "Portland cement", "", "ТОО Шымкент Цемент", "",
     "Туркестанская", "1 500 000"],
)  # fmt: skip
MESSY = xlsx(("Лист1", ROWS), merges=["A1:H1"])


@pytest.fixture
def official(hs):
    User.objects.create_superuser("official", "official@trade.gov.kz", "a long passphrase 2026")
    buyer = make_buyer(company_name="Dangote Flour Mills Plc", state="LA")
    confirm_interest(interest=make_interest(buyer=buyer, lines=2), base_url="http://testserver")


def test_official_imports_reviews_and_exports(page: Page, live_server, official, tmp_path):
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("official")
    page.get_by_label("Password").fill("a long passphrase 2026")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_have_text("Site administration")

    page.goto(live_server.url + reverse("admin:catalogue_importbatch_changelist"))
    page.get_by_role("link", name="Import spreadsheet").click()
    page.get_by_label("Spreadsheet").set_input_files(
        {"name": "Перечень для Нигерии.xlsx", "mimeType": "application/octet-stream",
         "buffer": MESSY}
    )  # fmt: skip
    page.get_by_role("button", name="Check and preview").click()
    expect(page.locator("h1")).to_contain_text("Preview: Перечень для Нигерии.xlsx")
    expect(page.locator("#content")).to_contain_text("Durum wheat (1001.19)")
    expect(page.locator("#content")).to_contain_text("Milk powder (0402.10)")
    assert ProductCategory.objects.count() == 0  # a preview writes nothing
    page.get_by_role("button", name="Confirm import").click()
    # The job's page: a worker (here, at once) imported it.
    expect(page.locator("#content")).to_contain_text("Imported Перечень для Нигерии.xlsx: ")
    assert ProductCategory.objects.count() == 4

    cement = ProductCategory.objects.get(name="Portland cement")
    page.goto(live_server.url + reverse("admin:catalogue_productcategory_review"))
    row = page.locator(f"#category-{cement.pk}")
    accept = row.get_by_role("button", name="Accept 2523.29")
    accept.click()
    expect(page.locator(f"#category-{cement.pk}")).to_have_count(0)
    code = CategoryCode.objects.get(category=cement, is_primary=True)
    assert (code.hs_code_id, code.status) == ("252329", CategoryCode.Status.CONFIRMED)

    page.goto(live_server.url + reverse("admin:matching_interest_changelist"))
    page.get_by_role("link", name="Export these to Excel").click()
    page.get_by_role("button", name="Export").click()  # queues the job; its page offers the file
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == ["Report", "Interests"]
    interests = [row for row in book["Interests"].iter_rows(values_only=True)]
    assert sum("Dangote Flour Mills Plc" in row for row in interests) == 2  # one row per line
