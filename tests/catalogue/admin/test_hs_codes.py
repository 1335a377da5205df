import pytest
from django.urls import reverse


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
