import pytest
from django.urls import reverse

from catalogue.models import CategoryCode
from tests.factories import make_category


@pytest.mark.django_db
def test_admin_browses_hs_codes_by_level(admin_client, hs):
    response = admin_client.get(reverse("admin:catalogue_hscode_changelist"), {"level__exact": 4})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1228


@pytest.mark.django_db
@pytest.mark.parametrize("term", ["0402.21", "0402 21", "040221"])
def test_admin_finds_hs_codes_by_dotted_or_spaced_code(admin_client, hs, term):
    response = admin_client.get(reverse("admin:catalogue_hscode_changelist"), {"q": term})
    codes = [obj.code for obj in response.context["cl"].result_list]
    assert codes == ["040221"]


@pytest.mark.django_db
def test_admin_finds_hs_codes_by_description(admin_client, hs):
    response = admin_client.get(
        reverse("admin:catalogue_hscode_changelist"), {"q": "ferro-chromium"}
    )
    codes = {obj.code for obj in response.context["cl"].result_list}
    assert {"720241", "720249"} <= codes


@pytest.mark.django_db
def test_every_model_has_a_working_admin_list(admin_client):
    for name in [
        "catalogue_hssection", "catalogue_productcategory", "catalogue_exporter",
        "catalogue_offer", "catalogue_certification", "catalogue_importbatch",
        "catalogue_importissue", "matching_buyer", "matching_interest",
        "matching_interestline", "matching_match",
    ]:  # fmt: skip
        assert admin_client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name


def change_form_data(response) -> dict:
    """What the admin change page would send back unchanged: its form and inlines."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        forms += formset.forms
    for form in forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if isinstance(value, list | tuple):
                value = [getattr(item, "pk", item) for item in value]
            value = getattr(value, "pk", value)
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = value
    return data


@pytest.mark.django_db
def test_confirming_a_code_on_the_category_page_does_what_the_review_queue_does(
    admin_client, admin_user, hs
):
    category = make_category(name="Sunflower oil", code=None)
    CategoryCode.objects.create(
        category=category, hs_code_id="100199", status="suggested", is_primary=True
    )
    url = reverse("admin:catalogue_productcategory_change", args=[category.pk])
    data = change_form_data(admin_client.get(url))
    data.update({"codes-TOTAL_FORMS": 2, "codes-1-hs_code": "151219",
                 "codes-1-status": "confirmed", "codes-1-is_primary": "on",
                 "codes-1-confidence": "1", "codes-1-category": category.pk})  # fmt: skip
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    (code,) = CategoryCode.objects.filter(category=category)  # the suggestion is gone
    assert (code.hs_code_id, code.is_primary, code.confirmed_by) == ("151219", True, admin_user)
    category.refresh_from_db()
    assert category.sector.slug == "agriculture-and-food"  # the sector follows the code
