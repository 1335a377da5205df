import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from catalogue.models import HSCode, HSSection
from catalogue.nomenclature import load_nomenclature


@pytest.mark.django_db
def test_load_hs_loads_every_level_without_pseudo_rows(hs):
    assert HSSection.objects.count() == 21
    assert HSCode.objects.chapters().count() == 96
    assert HSCode.objects.headings().count() == 1228
    assert HSCode.objects.subheadings().count() == 5612
    assert not HSCode.objects.filter(code__in=["99", "9999", "999999"]).exists()


@pytest.mark.django_db
def test_load_hs_keeps_leading_zeros(hs):
    horses = HSCode.objects.get(code="0101")
    assert horses.level == 4
    assert horses.parent_id == "01"
    assert HSCode.objects.get(code="010121").parent_id == "0101"
    assert not HSCode.objects.filter(code="101").exists()


@pytest.mark.django_db
def test_load_hs_tidies_section_titles(hs):
    assert HSSection.objects.get(roman="I").title == "Live animals; animal products"
    assert not HSSection.objects.get(roman="VII").title.endswith(" ")
    assert HSCode.objects.get(code="15").section.roman == "III"


@pytest.mark.django_db
def test_second_load_changes_nothing_and_says_so(hs, capsys):
    result = load_nomenclature()
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged == 21 + 96 + 1228 + 5612
    call_command("load_hs")
    assert "nothing changed" in capsys.readouterr().out


@pytest.mark.django_db
def test_load_hs_repairs_an_edited_description(hs):
    HSCode.objects.filter(code="100119").update(description="edited")
    result = load_nomenclature()
    assert result.updated == 1
    assert HSCode.objects.get(code="100119").description.startswith("Cereals; wheat")


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "level"), [("123", 4), ("01012", 6), ("1x", 2)])
def test_database_refuses_malformed_hs_codes(hs, code, level):
    parent = None if level == 2 else HSCode.objects.get(code="01")
    with pytest.raises(IntegrityError), transaction.atomic():
        HSCode.objects.create(
            code=code, level=level, description="bad", parent=parent, section_id=1
        )
