import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from catalogue.importing.service import import_catalogue_file
from catalogue.models import CategoryCode, Exporter
from tests.factories import make_category, make_exporter, make_offer
from tests.spreadsheets import ministry_rows, xlsx


def _refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.django_db
def test_a_category_code_pair_is_unique(hs):
    category = make_category(code="100119")
    _refused(
        lambda: CategoryCode.objects.create(
            category=category, hs_code_id="100119", is_primary=False
        )
    )


@pytest.mark.django_db
def test_a_category_has_one_primary_code(hs):
    category = make_category(code="100119")
    _refused(
        lambda: CategoryCode.objects.create(category=category, hs_code_id="100199", is_primary=True)
    )
    CategoryCode.objects.create(category=category, hs_code_id="100199", is_primary=False)
    assert category.codes.count() == 2


@pytest.mark.django_db
def test_confidence_must_lie_between_zero_and_one(hs):
    category = make_category(code=None)
    _refused(
        lambda: CategoryCode.objects.create(category=category, hs_code_id="100199", confidence=1.5)
    )


@pytest.mark.django_db
def test_category_identity_is_code_and_normalised_name(hs):
    make_category(name="Durum wheat", code="100119")
    _refused(lambda: make_category(name="Durum  Wheat", code="100119"))
    make_category(name="Durum wheat", code="100199")


@pytest.mark.django_db
def test_exporter_bin_must_be_twelve_digits_and_unique():
    make_exporter(bin="123456789012")
    _refused(lambda: make_exporter(bin="123456789012"))
    _refused(lambda: make_exporter(bin="12345"))
    _refused(lambda: make_exporter(bin="12345678901a"))


@pytest.mark.django_db
def test_exporters_without_bin_are_unique_by_name():
    make_exporter(name="Aktobe Chrome LLP")
    _refused(
        lambda: Exporter.objects.create(
            name="AKTOBE chrome LLP", name_key="aktobe chrome llp", slug="x"
        )
    )
    make_exporter(name="Aktobe Chrome LLP", bin="123456789012")


@pytest.mark.django_db
def test_one_offer_per_exporter_and_category(hs):
    offer = make_offer()
    _refused(lambda: make_offer(exporter=offer.exporter, category=offer.category))
    _refused(lambda: make_offer(category=offer.category, capacity=-1))


def _admin_add(admin_client, model: str, **fields):
    """Post the admin's add form for `model` with the inline formsets left empty."""
    url = reverse(f"admin:catalogue_{model}_add")
    form = admin_client.get(url)
    data = {**fields}
    for formset in form.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial)
    return admin_client.post(url, data)


@pytest.mark.django_db
def test_exporters_added_in_the_admin_get_their_name_key(admin_client):
    for n, name in enumerate(["Astana Grain LLP", "Aktobe Chrome LLP"]):
        response = _admin_add(admin_client, "exporter", name=name, slug=f"e{n}", is_active="on")
        assert response.status_code == 302
    assert sorted(Exporter.objects.values_list("name_key", flat=True)) == [
        "aktobe chrome llp",
        "astana grain llp",
    ]
    twin = _admin_add(admin_client, "exporter", name="ASTANA GRAIN, LLP", slug="e2", is_active="on")
    assert twin.status_code == 200
    assert "Another exporter without a BIN has this name" in twin.text
    assert Exporter.objects.count() == 2


@pytest.mark.django_db
def test_a_category_renamed_in_the_admin_is_found_again_by_an_import(admin_client, hs):
    category = make_category(name="Buckwheat", code=None, slug="buckwheat")
    category.name = "Buckwheat groats, roasted"
    category.save(update_fields=["name"])
    category.refresh_from_db()
    assert category.name_key == "buckwheat groats roasted"
    rows = ministry_rows([1, "Гречка", "BUCKWHEAT groats roasted", "", "", "", "", ""])
    report = import_catalogue_file(data=xlsx(("Лист1", rows)), file_name="list.xlsx")
    assert report.categories.created == 0 and report.categories.updated == 1
    twin = _admin_add(admin_client, "productcategory", name="Buckwheat groats (roasted)",
                      slug="buckwheat-2", is_published="on")  # fmt: skip
    assert "Another product category has this name." in twin.text


def test_an_exporters_region_is_named_in_the_pages_language():
    from django.utils import translation

    from catalogue.choices import KazakhRegion

    exporter = Exporter(name="Akmola Grain LLP", region=KazakhRegion.AKMOLA)
    for language in ("en", "ru", "kk"):
        with translation.override(language):
            assert exporter.get_region_display() == str(KazakhRegion.AKMOLA.label)
    with translation.override("ru"):
        assert exporter.get_region_display() != "Akmola Region"
    assert Exporter(name="No region LLP").get_region_display() == ""
