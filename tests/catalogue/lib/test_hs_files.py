"""The bundled Russian nomenclature: official texts, the project's own, and how they are read.
No database."""

import csv
from pathlib import Path

import pytest

from catalogue.lib.hs_files import (
    HS_DATA_DIR,
    HS_RU_DIR,
    official_text,
    read_codes,
    read_russian_names,
)

EVAL = Path(__file__).resolve().parents[2] / "data" / "hs_eval.csv"


@pytest.fixture(scope="module")
def russian():
    return read_russian_names()


@pytest.fixture(scope="module")
def codes():
    return {c.code: c for c in read_codes(HS_DATA_DIR / "harmonized-system.csv")}


def project_translations() -> dict[str, str]:
    with (HS_RU_DIR / "project_translations.csv").open(encoding="utf-8", newline="") as f:
        return {row["code"]: row["name_ru"] for row in csv.DictReader(f)}


def test_every_section_chapter_and_heading_has_a_russian_name(russian, codes):
    assert sorted(russian.sections) == list(range(1, 22))
    for level in (2, 4):
        unnamed = [c for c, row in codes.items() if row.level == level and not russian.of_code(c)]
        assert unnamed == [], level


def test_the_project_translates_only_what_the_official_texts_lack(codes):
    ours = project_translations()
    official = set()
    for name, column in (("chapters.csv", "chapter"), ("headings.csv", "heading")):
        with (HS_RU_DIR / name).open(encoding="utf-8", newline="") as f:
            official |= {row[column] for row in csv.DictReader(f)}
    assert len(official) == 96 + 957
    assert not set(ours) & official
    assert set(ours) <= set(codes)
    headings = {c for c, row in codes.items() if row.level == 4}
    assert headings - official <= set(ours)  # the 271 headings the extract lacks


def test_the_projects_names_are_in_sentence_case():
    for code, name in project_translations().items():
        assert name == " ".join(name.split()), code
        first = name.lstrip("п-")[0]
        assert first.isupper() and name[1:] != name[1:].upper(), code


def test_an_undivided_headings_only_subheading_shares_its_name(russian):
    assert (
        russian.of_code("110100") == russian.of_code("1101") == "Мука пшеничная или пшенично-ржаная"
    )
    assert russian.of_code("010121") == ""  # a subheading nobody has translated


def test_every_subheading_of_the_suggester_evaluation_has_a_russian_name(russian):
    with EVAL.open(encoding="utf-8", newline="") as f:
        wanted = {row["hs6"] for row in csv.DictReader(f)}
    assert [code for code in sorted(wanted) if not russian.of_code(code)] == []


@pytest.mark.parametrize(
    ("published", "readable"),
    [
        ("ТКАНИ ПЛОТНОСТЬЮ НЕ БОЛЕЕ 200 Г/М?", "Ткани плотностью не более 200 г/м²"),
        ("ГРУППА 54 ХИМИЧЕСКИЕ НИТИ", "Химические нити"),
        ("ТАБАК 'ГОМОГЕНИЗИРОВАННЫЙ'", "Табак «гомогенизированный»"),
    ],
)
def test_faults_of_the_published_extract_are_mended(published, readable):
    assert official_text(published) == readable
