import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from catalogue import search
from catalogue.models import CategoryCode, HSCode, HSSection, SearchDocument
from catalogue.nomenclature import load_nomenclature
from catalogue.suggest.text import stem
from tests.factories import make_category


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


@pytest.mark.django_db
def test_load_hs_names_every_section_chapter_and_heading_in_russian(hs):
    assert HSSection.objects.exclude(title_ru="").count() == 21
    assert HSCode.objects.chapters().exclude(description_ru="").count() == 96
    assert HSCode.objects.headings().exclude(description_ru="").count() == 1228
    assert HSSection.objects.get(roman="II").title_ru == "Продукты растительного происхождения"
    # Official text in sentence case; the project's own where the official extract is silent.
    assert HSCode.objects.get(code="0105").description_ru.endswith(
        "(Gallus domesticus), утки, гуси, индейки и цесарки"
    )
    assert HSCode.objects.get(code="1101").description_ru == "Мука пшеничная или пшенично-ржаная"
    assert HSCode.objects.get(code="110100").description_ru == "Мука пшеничная или пшенично-ржаная"
    assert HSCode.objects.get(code="100119").description_ru == "Пшеница твердая, кроме семенной"
    assert HSCode.objects.get(code="010121").description_ru == ""


@pytest.mark.django_db
def test_every_subheading_of_the_demo_catalogue_has_a_russian_name(demo_catalogue):
    used = CategoryCode.objects.values_list("hs_code_id", flat=True).distinct()
    assert len(used) > 400
    assert list(HSCode.objects.filter(code__in=used, description_ru="")) == []


@pytest.mark.django_db
def test_load_hs_fills_russian_names_into_a_database_loaded_before_them(hs):
    named = HSCode.objects.exclude(description_ru="").count()
    HSSection.objects.update(title_ru="")
    HSCode.objects.update(description_ru="")
    result = load_nomenclature()
    assert result.updated == 21 + named
    assert HSCode.objects.headings().filter(description_ru="").count() == 0
    assert load_nomenclature().changed_anything is False


@pytest.mark.django_db
def test_filling_russian_names_brings_them_into_search(hs):
    wheat = make_category(name="Hard wheat", code="100119", name_ru="Пшеница твёрдая")
    HSCode.objects.filter(code__in=["100119", "1001"]).update(description_ru="")
    search.reindex([wheat.pk])
    document = SearchDocument.objects.get(category=wheat)
    assert stem("меслин") not in document.details.split()
    load_nomenclature()
    document.refresh_from_db()
    # "Пшеница и меслин", the heading's Russian name, is in no name of the category.
    assert stem("меслин") in document.details.split()
    assert wheat.pk in search.search("меслин").ranked


def test_load_hs_says_how_many_codes_of_each_level_are_named_in_russian(db):
    out = io.StringIO()
    call_command("load_hs", stdout=out)
    russian = [
        HSCode.objects.filter(level=level).exclude(description_ru="").count() for level in (2, 4, 6)
    ]
    assert russian[2] < HSCode.objects.filter(level=6).count()
    assert f"named in Russian: {russian[0]}, {russian[1]} and {russian[2]}" in out.getvalue()
