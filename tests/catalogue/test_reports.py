"""Export the catalogue and import it back: nothing changes."""

import io

import openpyxl
import pytest
from django.core.management import call_command

from catalogue.importing.headers import find_header
from catalogue.importing.service import import_catalogue_file
from catalogue.importing.sheet_reader import resolve_name_columns
from catalogue.importing.sources import Sheet
from catalogue.models import CategoryCode, Certification, Exporter, HSCode, ProductCategory
from catalogue.reports import COLUMNS, write_catalogue
from catalogue.services import confirm_category_code
from tests.factories import make_category, make_exporter, make_offer
from tests.jobs import flow

pytestmark = pytest.mark.django_db


def exported() -> bytes:
    buffer = io.BytesIO()
    write_catalogue(buffer)
    return buffer.getvalue()


def catalogue_state() -> dict:
    return {
        "categories": list(
            ProductCategory.objects.order_by("pk").values_list(
                "pk", "name", "name_ru", "updated_at"
            )
        ),
        "exporters": list(
            Exporter.objects.order_by("pk").values_list(
                "pk", "email", "phone", "contact_name", "updated_at"
            )
        ),
        "codes": list(
            CategoryCode.objects.order_by("pk").values_list("category_id", "hs_code_id", "status")
        ),
    }


def test_export_then_import_changes_nothing(demo_catalogue, admin_user):
    # An official confirmed a code in the review queue, and an exporter has contacts.
    category = ProductCategory.objects.get(name="Durum wheat")
    category.codes.all().delete()
    category.code_key = ""
    category.save()
    confirm_category_code(
        category=category, hs_code=HSCode.objects.get(code="100119"), user=admin_user
    )
    Exporter.objects.filter(name__startswith="Esil").update(
        email="sales@esil.kz", phone="+7 7172 55 12 34", contact_name="Aigerim Nurlanovna"
    )
    before = catalogue_state()
    report = import_catalogue_file(data=exported(), file_name="export.xlsx")
    assert not report.errors
    assert (report.total("created"), report.total("updated")) == (0, 0)
    assert report.total("unchanged") == 482 + 135 + 615
    after = catalogue_state()
    assert after == before


def test_export_keeps_codes_and_bins_as_text(demo_catalogue, tmp_path):
    out = tmp_path / "exports" / "catalogue.xlsx"  # the folder is made
    call_command("export_catalogue", str(out), stdout=io.StringIO())
    sheet = openpyxl.load_workbook(out)["Перечень"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["№ п/п", "Наименование товара", "Наименование (англ.)", "Код ТН ВЭД ЕАЭС"]
    codes = [row[3] for row in sheet.iter_rows(min_row=2) if row[3].value]
    assert all(c.data_type == "s" and len(c.value) in (4, 6) for c in codes)
    assert any(c.value.startswith("0") for c in codes)
    bins = [row[6] for row in sheet.iter_rows(min_row=2) if row[6].value]
    assert all(b.data_type == "s" and len(b.value) == 12 for b in bins)


def test_staff_download_the_catalogue_from_the_admin(admin_client, demo_catalogue):
    from django.urls import reverse

    _, response = flow.exported(admin_client, reverse("admin:catalogue_productcategory_export"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Перечень"]
    assert sheet.max_row == 1 + 635


def test_every_column_title_reads_back_as_the_field_the_column_holds():
    names = {"name_ru": "Пшеница твёрдая", "name_en": "Durum wheat"}  # decide the name columns
    rows = [[column.title for column in COLUMNS], [names.get(c.name, "") for c in COLUMNS]]
    layout = find_header(rows)
    resolve_name_columns(Sheet("Перечень", rows), layout)
    assert layout.columns == {n: column.name for n, column in enumerate(COLUMNS)}
    assert not layout.unknown and not layout.repeated


def test_a_known_offer_is_exported_under_the_titles_that_mean_its_values(hs):
    wheat = make_category(
        name="Durum wheat, class 3", code="100119", name_ru="Пшеница 3 класса", description="Hard"
    )
    wheat.name_kk = "Қатты бидай, 3-сынып"
    wheat.save()
    exporter = make_exporter(
        name="Kostanay Astyk LLP", bin="123456789012", region="kostanay", website="https://astyk.kz",
        email="sales@astyk.kz", phone="+7 7142 50 12 34", contact_name="Aigerim Nurlanovna",
    )  # fmt: skip
    exporter.certifications.add(Certification.objects.get_or_create(code="halal", name="Halal")[0])
    make_offer(
        exporter=exporter,
        category=wheat,
        capacity=250000,
        unit="t",
        moq=25,
        incoterms="FCA",
        notes="Rail from Kostanay",
    )
    header, *rows = openpyxl.load_workbook(io.BytesIO(exported()))["Перечень"].iter_rows(
        values_only=True
    )
    by_title = [dict(zip(header, row, strict=True)) for row in rows]
    (known,) = [row for row in by_title if row["Экспортёр"] == exporter.name]
    assert known == {
        "№ п/п": known["№ п/п"],  # where it falls among other categories
        "Наименование товара": "Пшеница 3 класса",
        "Наименование (англ.)": "Durum wheat, class 3",
        "Код ТН ВЭД ЕАЭС": "100119",
        "Описание (англ.)": "Hard",
        "Наименование (каз.)": "Қатты бидай, 3-сынып",
        "Экспортёр": "Kostanay Astyk LLP",
        "БИН": "123456789012",
        "Регион": "Kostanay Region",
        "Мощность в год": 250000,
        "Ед. изм.": "t",
        "Мин. партия": 25,
        "Базис поставки (Инкотермс)": "FCA",
        "Сертификаты": "Halal",
        "Сайт": "https://astyk.kz",
        "Контакты": "sales@astyk.kz, +7 7142 50 12 34, Aigerim Nurlanovna",
        "Примечание": "Rail from Kostanay",
    }
