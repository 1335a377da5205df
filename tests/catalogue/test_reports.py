"""Export the catalogue and import it back: nothing changes."""

import io

import openpyxl
import pytest
from django.core.management import call_command

from catalogue.importing.service import import_catalogue_file
from catalogue.models import CategoryCode, Exporter, HSCode, ProductCategory
from catalogue.reports import write_catalogue
from catalogue.services import confirm_category_code

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

    response = admin_client.get(reverse("admin:catalogue_productcategory_export"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Перечень"]
    assert sheet.max_row == 1 + 635
