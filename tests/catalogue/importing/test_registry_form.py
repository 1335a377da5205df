"""Last year's registry form, as officials fill it in: a two-row header with merged cells,
several codes in a cell, "no data" marks, and products the catalogue already holds under
other names. It imports with no errors and no duplicates, and a second time changes nothing."""

import pytest

from catalogue.importing.service import import_catalogue_file
from catalogue.models import CategoryCode, Offer, ProductCategory
from tests.spreadsheets import xlsx

pytestmark = pytest.mark.django_db

HEADER = [
    ["Реестр экспортёров, 2025 год"],
    [],
    ["№", "Товар", "", "Код товара", "Экспортёр", "", "", "Мощность", ""],
    ["", "рус.", "англ.", "по ТН ВЭД", "наименование", "БИН", "регион", "т/год", "мин. партия"],
]
MERGED = ["A3:A4", "B3:C3", "E3:G3", "H3:I3"]
GRAIN_CO = ["ТОО «Костанай Астык»", "123456789012", "Костанайская область"]
CHEMICALS = ["АО «КазАзот»", "210240000123", "Мангистауская область"]
MACHINES = ["ТОО «Агромаш Холдинг»", "070540001234", "Костанайская область"]
DATA = [
    [1, "Пшеница твёрдая", "Durum wheat", "1001 19 000 0", *GRAIN_CO, "250 000", "—"],
    [2, "Удобрения азотные", "Nitrogen fertilisers", "3102 10, 3102 30", *CHEMICALS, "н/д", "-"],
    [3, "Тракторы", "Tractors", "8701 21 100 1; 8701 22 100 1", *MACHINES, "x", "нет данных"],
    [4, "Макароны", "", "1902 19 100 0", *GRAIN_CO, "12 000", "n/a"],
    [5, "Гречиха", "Buckwheat grain", "1008 10 000 0", *GRAIN_CO, "8 000", "100"],
]
# What the catalogue already held, imported from a plain one-row form.
EXISTING = [
    ["Наименование товара", "Наименование (англ.)", "Код ТН ВЭД"],
    ["Макаронные изделия без яиц", "Pasta, not containing eggs", "1902 19 000 0"],
    ["Гречиха", "Buckwheat", "1008 10 000 0"],
]


def registry_form() -> bytes:
    return xlsx(("Реестр", [*HEADER, *DATA]), merges=MERGED)


def categories() -> dict[str, list[str]]:
    codes = CategoryCode.objects.order_by("-is_primary", "hs_code_id")
    return {
        c.name: [code.hs_code_id for code in codes.filter(category=c)]
        for c in ProductCategory.objects.all()
    }


def test_registry_form_imports_every_row_once_without_errors(hs):
    import_catalogue_file(data=xlsx(("Лист1", EXISTING)), file_name="catalogue.xlsx")
    report = import_catalogue_file(data=registry_form(), file_name="registry-2025.xlsx")
    assert report.written
    assert not report.errors, [i.message for i in report.errors]
    assert categories() == {
        "Durum wheat": ["100119"],
        "Nitrogen fertilisers": ["310210", "310230"],
        "Tractors": ["870121", "870122"],
        "Pasta, not containing eggs": ["190219"],
        "Buckwheat": ["100810"],
    }
    durum = Offer.objects.get(category__name="Durum wheat")
    assert (durum.capacity, durum.unit, durum.moq) == (250_000, "t", None)
    fertilisers = Offer.objects.get(category__name="Nitrogen fertilisers")
    assert (fertilisers.capacity, fertilisers.moq) == (None, None)
    assert Offer.objects.get(category__name="Pasta, not containing eggs").capacity == 12_000
    assert ProductCategory.objects.get(name="Durum wheat").name_ru == "Пшеница твёрдая"


def test_registry_form_imported_again_changes_nothing(hs):
    import_catalogue_file(data=xlsx(("Лист1", EXISTING)), file_name="catalogue.xlsx")
    import_catalogue_file(data=registry_form(), file_name="registry-2025.xlsx")
    before = categories(), ProductCategory.objects.count(), Offer.objects.count()
    report = import_catalogue_file(data=registry_form(), file_name="registry-2025.xlsx")
    assert not report.errors
    assert (categories(), ProductCategory.objects.count(), Offer.objects.count()) == before
    assert report.total("created") == 0 and report.total("updated") == 0
