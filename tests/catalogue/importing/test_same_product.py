"""A row that names a product the catalogue holds, in other words, updates it: no silent
duplicates. The name comparison is pure; the imports at the end run through the database."""

import io

import pytest
from django.core.management import call_command

from catalogue.importing.same_product import (
    Existing,
    HSText,
    SameProductFinder,
    Verdict,
    compare_names,
    read_name,
    same_name,
)
from catalogue.importing.service import import_catalogue_file
from catalogue.models import (
    CategoryCode,
    Exporter,
    ImportBatch,
    ImportedName,
    Offer,
    ProductCategory,
)
from tests.spreadsheets import csv_bytes, xlsx

SAME, POSSIBLE = Verdict.SAME, Verdict.POSSIBLE
PASTA = HSText(
    "Food preparations; pasta, uncooked (excluding that containing eggs), not stuffed or "
    "otherwise prepared",
    "Макаронные изделия, не подвергнутые тепловой обработке, без начинки или не "
    "приготовленные каким-либо другим способом, не содержащие яиц",
)


def verdict(ours, theirs, hs=None) -> Verdict:
    return compare_names(ours, theirs, hs=hs)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (["Buckwheat grain"], ["Buckwheat"]),
        (["Lentils, dried"], ["Dried lentils"]),
        (["Пшеничная мука"], ["Мука пшеничная"]),
        (["Мука из пшеницы"], ["Мука пшеничная"]),  # Russian word forms of one root
        (["Sunflower oil, refined"], ["Refined sunflower oil"]),
    ],
)
def test_word_order_and_word_forms_do_not_count(ours, theirs):
    assert verdict(ours, theirs) == SAME


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (["Гречиха"], ["Buckwheat"]),
        (["Семена льна"], ["Linseed"]),
        (["Чечевица"], ["Lentils"]),
        (["Мука пшеничная высшего сорта"], ["Wheat flour, premium grade"]),
        (["Масло подсолнечное рафинированное"], ["Sunflower oil, refined"]),
        (["Чечевица красная"], ["Red lentils"]),
        (["Wheat flour"], ["Мука пшеничная"]),
    ],
)
def test_a_russian_name_is_the_english_one_it_translates(ours, theirs):
    assert verdict(ours, theirs) == SAME


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (["Wheat flour, first grade"], ["Wheat flour, 1st grade"]),
        (["Мука пшеничная 1 сорт"], ["Мука пшеничная первого сорта"]),
        (["Buckwheat, grade 1"], ["Buckwheat"]),
        (["Soft wheat, class 3"], ["Soft wheat"]),
        (["Wheat flour in 50 kg bags"], ["Wheat flour"]),
        (["Sunflower oil refined, in bulk"], ["Sunflower oil, refined"]),
        (["Сахар в мешках по 50 кг"], ["Сахар"]),
        (["Масло подсолнечное рафинированное фасованное"], ["Масло подсолнечное рафинированное"]),
        (["Зерно гречихи"], ["Гречиха"]),
        (["Wheat, raw product of Kazakhstan"], ["Wheat"]),
        (["Продукция: мука пшеничная"], ["Мука пшеничная"]),
    ],
)
def test_grade_packaging_and_generic_words_are_set_aside(ours, theirs):
    assert verdict(ours, theirs) == SAME


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (["Red lentils"], ["Green lentils"]),
        (["Чечевица красная"], ["Green lentils"]),
        (["Чечевица красная"], ["Чечевица зелёная"]),
        (["Beef, chilled"], ["Beef, frozen"]),
        (["Говядина охлаждённая"], ["Beef, frozen"]),
        (["Soft wheat"], ["Durum wheat"]),
        (["Пшеница мягкая"], ["Пшеница твёрдая"]),
        (["Sunflower oil, refined"], ["Sunflower oil, crude"]),
        (["Pasta containing eggs"], ["Pasta, not containing eggs"]),
        (["Walnuts in shell"], ["Walnuts, shelled"]),
        (["Beef, boneless"], ["Beef, bone-in"]),
        (["Cement M400"], ["Cement M500"]),
        (["Steel pipe 57 mm"], ["Steel pipe 108 mm"]),
        # The same in English, unlike in Russian: the Russian says the colour.
        (["Lentils", "Чечевица красная"], ["Lentils", "Чечевица зелёная"]),
    ],
)
def test_a_differing_qualifier_is_another_product(ours, theirs):
    assert verdict(ours, theirs) == Verdict.DIFFERENT
    assert verdict(theirs, ours) == Verdict.DIFFERENT


@pytest.mark.parametrize(
    ("ours", "theirs", "hs"),
    [
        (["Макароны"], ["Pasta, not containing eggs", "Макаронные изделия без яиц"], None),
        (["Linseed"], ["Flax seed (linseed)"], None),
        (["Red lentils"], ["Lentils"], None),
        (["Soft wheat, class 4"], ["Soft wheat, class 3"], None),  # two grades
        (["Macaroni"], ["Pasta"], None),  # the glossary's synonym
        (["Wholemeal wheat flour"], ["Wheat flour"], None),
    ],
)
def test_names_that_overlap_are_for_an_official_to_decide(ours, theirs, hs):
    assert verdict(ours, theirs, hs) == POSSIBLE


def test_words_the_subheading_says_of_every_product_add_nothing():
    # Every pasta of 1902.19 contains no eggs: saying so names no other product.
    assert verdict(["Макароны"], ["Макаронные изделия без яиц"], PASTA) == SAME
    assert verdict(["Макароны"], ["Pasta, not containing eggs"], PASTA) == SAME
    assert verdict(["Pasta"], ["Pasta, not containing eggs"], PASTA) == SAME
    # Red is no word of the subheading: "Red lentils" may be a narrower product.
    lentils = HSText("Vegetables, leguminous; lentils, shelled, whether or not skinned or "
                     "split, dried", "Чечевица сушеная лущеная, колотая или неколотая")  # fmt: skip
    assert verdict(["Lentils"], ["Lentils, dried"], lentils) == SAME
    assert verdict(["Red lentils"], ["Lentils, dried"], lentils) == POSSIBLE


def test_names_restating_the_subheading_in_two_languages_are_one_product():
    # No dictionary translates "кускус", but both names are the subheading's own words.
    couscous = HSText("Food preparations; couscous", "Кускус")
    assert verdict(["Кускус"], ["Couscous"], couscous) == SAME
    assert verdict(["Кускус"], ["Couscous"]) == Verdict.UNRELATED


def test_the_subheadings_text_does_not_join_its_alternatives():
    oils = HSText(
        "Vegetable oils; sunflower seed or safflower oil and their fractions, other than crude",
        "Масло подсолнечное или сафлоровое и их фракции, кроме сырых",
    )
    assert not verdict(["Масло сафлоровое"], ["Sunflower oil"], oils).matches
    assert verdict(["Масло сафлоровое"], ["Масло подсолнечное"], oils) == POSSIBLE


def test_a_rename_to_a_name_that_says_the_same_is_none():
    assert same_name("Buckwheat", "Buckwheat grain")
    assert same_name("Мука пшеничная", "Пшеничная мука, в мешках")
    assert not same_name("Flax seed (linseed)", "Linseed")
    assert not same_name("Wheat flour", "Wheat flour, first grade")


def test_the_same_in_one_language_is_enough_when_the_other_only_says_more():
    # "Семена льна / Linseed" is the stored "Flax seed (linseed)" / "Семена льна".
    assert verdict(["Linseed", "Семена льна"], ["Flax seed (linseed)", "Семена льна"]) == SAME


def test_names_with_nothing_in_common_are_unrelated():
    assert verdict(["Product 12"], ["Product 13"]) == Verdict.DIFFERENT  # another number
    assert verdict(["Buckwheat"], ["Millet"]) == Verdict.UNRELATED
    assert not Verdict.UNRELATED.matches and not Verdict.DIFFERENT.matches


def test_a_name_of_generic_words_only_is_still_read():
    assert read_name("Товар").tokens
    assert verdict(["Товар"], ["Товар"]) == SAME


def test_the_grade_is_read_in_either_language():
    assert read_name("Wheat flour, premium grade").grade == "top"
    assert read_name("Мука высшего сорта").grade == "top"
    assert read_name("Пшеница 3 класса").grade == read_name("Wheat, class 3").grade == "3"


def test_the_finder_names_the_one_same_product_or_the_possible_ones():
    flour = [
        Existing(1, ("Wheat flour, premium grade", "Мука пшеничная высшего сорта")),
        Existing(2, ("Wheat flour, first grade", "Мука пшеничная первого сорта")),
        Existing(3, ("Wholemeal wheat flour", "Мука пшеничная обойная")),
    ]
    finder = SameProductFinder({"110100": flour})
    assert finder.find("110100", ["Wheat flour, 1st grade", ""]).same == 2
    assert finder.find("110100", ["", "Мука пшеничная высшего сорта в мешках"]).same == 1
    # Without a grade it may be any of the graded ones: an official decides.
    assert set(finder.find("110100", ["Wheat flour", ""]).possible) == {1, 2}
    assert finder.find("110100", ["Rye flour", ""]).same is None
    assert finder.find("100199", ["Wheat flour", ""]).possible == ()  # another subheading


def test_the_finder_compares_only_names_that_share_a_word(monkeypatch):
    group = [Existing(i, (f"Product {i}", f"Товар {i}")) for i in range(5000)]
    group.append(Existing(9999, ("Buckwheat", "Гречиха")))
    finder = SameProductFinder({"100810": group})
    compared = []
    real = compare_names

    def counting(*args, **kwargs):
        compared.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr("catalogue.importing.same_product.compare_names", counting)
    assert finder.find("100810", ["Buckwheat grain", "Гречиха"]).same == 9999
    assert len(compared) == 1


# --- imports through the database --------------------------------------------------------

HEADER = ["Product", "Russian", "HS code", "Exporter", "BIN", "Capacity"]
CATALOGUE = [
    HEADER,
    ["Pasta, not containing eggs", "Макаронные изделия без яиц", "1902 19 000 0",
     "Alem Pasta LLP", "111111111111", "5000"],
    ["Buckwheat", "Гречиха", "1008 10 000 0", "Kostanay Grain LLP", "222222222222", "8000"],
    ["Flax seed (linseed)", "Семена льна", "1204 00 900 0", "Kostanay Grain LLP",
     "222222222222", "3000"],
    ["Lentils, red", "Чечевица красная", "0713 40 000 0", "Kostanay Grain LLP",
     "222222222222", "2000"],
]  # fmt: skip


def load_catalogue():
    report = import_catalogue_file(data=xlsx(("Catalogue", CATALOGUE)), file_name="c.xlsx")
    assert report.written and not report.errors
    return {c.name: c for c in ProductCategory.objects.all()}


def run(*rows, **options):
    return import_catalogue_file(
        data=xlsx(("Sheet1", [HEADER, *rows])), file_name="new.xlsx", **options
    )


def messages(report, level):
    return [i.message for i in report.issues if i.level == level]


@pytest.mark.django_db
def test_a_confident_match_updates_the_product_instead_of_duplicating_it(hs):
    before = load_catalogue()
    report = run(["Buckwheat grain", "", "1008 10 000 0", "Aktobe Agro LLP", "333333333333",
                  "1200"])  # fmt: skip
    assert report.written and not report.errors
    assert ProductCategory.objects.count() == len(before)
    buckwheat = ProductCategory.objects.get(pk=before["Buckwheat"].pk)
    assert buckwheat.name == "Buckwheat"  # its names are kept
    assert Offer.objects.get(exporter__name="Aktobe Agro LLP").category == buckwheat
    assert any("The same product as 'Buckwheat' (1008.10)" in m for m in messages(report, "info"))


@pytest.mark.django_db
def test_a_russian_only_row_of_the_subheadings_words_updates_the_english_product(hs):
    before = load_catalogue()
    pasta = before["Pasta, not containing eggs"]
    report = run(["", "Макароны", "1902 19 100 0", "Shymkent Food LLP", "444444444444", "700"])
    assert report.written and not messages(report, "warning")
    assert ProductCategory.objects.count() == len(before)
    assert Offer.objects.get(exporter__name="Shymkent Food LLP").category_id == pasta.pk


@pytest.mark.django_db
def test_a_row_possibly_the_same_is_created_with_a_warning_naming_the_product(hs):
    before = load_catalogue()
    report = run(["Lentils", "", "0713 40 000 0", "", "", ""])
    assert report.written
    warning = "Possibly the same as 'Lentils, red' (0713.40)"
    assert any(warning in m for m in messages(report, "warning"))
    assert ProductCategory.objects.count() == len(before) + 1
    (possible,) = report.possible
    assert possible.candidates == ((before["Lentils, red"].pk, "'Lentils, red' (0713.40)"),)


@pytest.mark.django_db
def test_an_officials_decision_merges_a_possible_match(hs):
    before = load_catalogue()
    lentils = before["Lentils, red"]
    row = ["Lentils", "Чечевица", "0713 40 000 0", "Shymkent Food LLP", "444444444444", "700"]
    token = run(row, dry_run=True).possible[0].token
    report = run(row, decisions={token: lentils.pk})
    assert report.written and not report.possible
    assert ProductCategory.objects.count() == len(before)
    assert Offer.objects.get(exporter__name="Shymkent Food LLP").category_id == lentils.pk
    lentils.refresh_from_db()
    assert (lentils.name, lentils.name_ru) == ("Lentils, red", "Чечевица красная")
    assert not messages(report, "warning")


@pytest.mark.django_db
def test_an_officials_decision_is_remembered_for_the_next_file(hs, admin_user):
    before = load_catalogue()
    lentils = before["Lentils, red"]
    row = ["Lentils", "Чечевица", "0713 40 000 0", "Shymkent Food LLP", "444444444444", "700"]
    token = run(row, dry_run=True).possible[0].token
    run(row, decisions={token: lentils.pk}, user=admin_user)
    (remembered,) = ImportedName.objects.all()
    assert (remembered.category, remembered.code, remembered.name) == (lentils, "071340", "Lentils")
    assert remembered.decided_by == admin_user
    again = run(row[:3] + ["Aktobe Agro LLP", "333333333333", "50"])
    assert again.written and not again.possible and not messages(again, "warning")
    assert ProductCategory.objects.count() == len(before)
    assert Offer.objects.get(exporter__name="Aktobe Agro LLP").category_id == lentils.pk


@pytest.mark.django_db
def test_a_row_listing_codes_the_product_lacks_is_only_possibly_that_product(hs):
    before = load_catalogue()
    buckwheat = before["Buckwheat"]
    report = run(["Buckwheat grain", "", "1008 10 000 0; 1008 90 000 0", "", "", ""])
    assert report.written and not report.errors
    (possible,) = report.possible
    assert [pk for pk, _ in possible.candidates] == [buckwheat.pk]
    assert list(buckwheat.codes.values_list("hs_code", flat=True)) == ["100810"]


@pytest.mark.django_db
def test_a_row_merged_by_an_official_gives_the_product_none_of_its_further_codes(hs):
    before = load_catalogue()
    buckwheat = before["Buckwheat"]
    row = ["Buckwheat grain", "", "1008 10 000 0; 1008 90 000 0", "Aktobe Agro LLP",
           "333333333333", "50"]  # fmt: skip
    token = run(row, dry_run=True).possible[0].token
    report = run(row, decisions={token: buckwheat.pk})
    assert report.written and ProductCategory.objects.count() == len(before)
    assert list(buckwheat.codes.values_list("hs_code", flat=True)) == ["100810"]
    assert Offer.objects.get(exporter__name="Aktobe Agro LLP").category_id == buckwheat.pk
    assert any("1008.90 not added to it" in m for m in messages(report, "warning"))


@pytest.mark.django_db
def test_a_rename_of_a_published_name_is_a_warning_with_old_and_new(hs):
    before = load_catalogue()
    report = run(["Linseed", "Семена льна", "1204 00 900 0", "", "", ""])
    assert report.written
    flax = ProductCategory.objects.get(pk=before["Flax seed (linseed)"].pk)
    assert flax.name == "Linseed" and ProductCategory.objects.count() == len(before)
    (warning,) = messages(report, "warning")
    assert "English name 'Flax seed (linseed)' → 'Linseed'" in warning
    (change,) = [c for c in report.changes if c.kind == "category"]
    assert [str(f) for f in change.fields] == ["English name: 'Flax seed (linseed)' → 'Linseed'"]
    stored = ImportBatch.objects.get(pk=report.batch_id).issues.values_list("message", flat=True)
    assert any("English name: 'Flax seed (linseed)' → 'Linseed'" in m for m in stored)


@pytest.mark.django_db
def test_a_differing_qualifier_creates_another_product_without_asking(hs):
    before = load_catalogue()
    report = run(["Lentils, green", "Чечевица зелёная", "0713 40 000 0", "", "", ""])
    assert report.written and not report.possible and not messages(report, "warning")
    assert ProductCategory.objects.count() == len(before) + 1


@pytest.mark.django_db
def test_two_rows_that_are_one_stored_product_become_one(hs):
    before = load_catalogue()
    report = run(
        ["Buckwheat", "Гречиха", "1008 10 000 0", "Aktobe Agro LLP", "333333333333", "100"],
        ["Buckwheat grain, in bags", "", "1008 10 000 0", "Aktobe Agro LLP", "333333333333",
         "200"],
    )  # fmt: skip
    assert report.written and not report.errors
    assert ProductCategory.objects.count() == len(before)
    assert Offer.objects.filter(exporter__name="Aktobe Agro LLP").count() == 1
    assert any("The same product as row 2" in m for m in messages(report, "warning"))


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(hs):
    load_catalogue()
    rows = [
        ["Buckwheat grain", "", "1008 10 000 0", "Aktobe Agro LLP", "333333333333", "1200"],
        ["Linseed", "Семена льна", "1204 00 900 0", "", "", ""],
        ["", "Макароны", "1902 19 100 0", "Alem Pasta LLP", "111111111111", "5000"],
        ["Lentils", "", "0713 40 000 0", "", "", ""],  # created beside "Lentils, red"
    ]
    run(*rows)
    count = ProductCategory.objects.count()
    again = run(*rows)
    assert again.written and again.total("created") == 0 and again.total("updated") == 0
    assert ProductCategory.objects.count() == count
    assert not again.changes


@pytest.mark.django_db
def test_the_command_line_creates_a_possible_match_with_a_warning_naming_it(hs, tmp_path):
    load_catalogue()
    path = tmp_path / "lentils.csv"
    path.write_bytes(csv_bytes([HEADER, ["Lentils, Canadian", "", "0713 40 000 0", "", "", ""]]))
    out = io.StringIO()
    call_command("import_catalogue", str(path), stdout=out)
    assert "warning: Possibly the same as 'Lentils, red' (0713.40)" in out.getvalue()
    assert ProductCategory.objects.filter(name="Lentils, Canadian").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "second",
    [
        # By its Russian name, beside the row that names it in English.
        ["Гречка", "Гречиха", "1008 10 000 0"],
        # By a code an official confirmed since, beside the row with the original one.
        ["Buckwheat", "", "1008 90 000 0"],
    ],
)
def test_rows_that_reach_one_stored_product_by_different_keys_become_one(hs, second):
    before = load_catalogue()
    before["Buckwheat"].codes.create(
        hs_code_id="100890", status=CategoryCode.Status.CONFIRMED, is_primary=False
    )
    report = run(
        ["Buckwheat", "Гречиха", "1008 10 000 0", "Aktobe Agro LLP", "333333333333", "100"],
        [*second, "Aktobe Agro LLP", "333333333333", "200"],
    )
    assert report.written and not report.errors
    assert ProductCategory.objects.count() == len(before)
    (offer,) = Offer.objects.filter(exporter__name="Aktobe Agro LLP")
    assert offer.category_id == before["Buckwheat"].pk
    assert any("row 2" in m and "merged" in m for m in messages(report, "warning"))


@pytest.mark.django_db
def test_two_rows_of_one_stored_product_adding_the_same_code_add_it_once(hs):
    before = load_catalogue()
    report = run(
        ["Buckwheat", "Гречиха", "1008 10 000 0; 1008 90 000 0", "", "", ""],
        ["", "Гречиха", "1008 10 000 0; 1008 90 000 0", "", "", ""],
    )
    assert report.written and not report.errors
    buckwheat = before["Buckwheat"]
    assert sorted(buckwheat.codes.values_list("hs_code", flat=True)) == ["100810", "100890"]


@pytest.mark.django_db
def test_an_exporter_found_by_its_bin_and_by_its_name_is_one(hs):
    load_catalogue()
    report = run(
        ["Buckwheat", "Гречиха", "1008 10 000 0", "Kostanay Grain Company", "222222222222", "1"],
        ["Buckwheat", "Гречиха", "1008 10 000 0", "Kostanay Grain LLP", "", "2"],
    )
    assert report.written and not report.errors
    assert Offer.objects.filter(exporter__bin="222222222222").count() == 3
    assert any("The same exporter as row 2" in m for m in messages(report, "warning"))


@pytest.mark.django_db
def test_two_bins_under_one_stored_name_are_two_companies(hs):
    load_catalogue()
    run(["Buckwheat", "", "1008 10 000 0", "Steppe Agro LLP", "", "5"])
    report = run(
        ["Buckwheat", "", "1008 10 000 0", "Steppe Agro LLP", "555555555555", "1"],
        ["Buckwheat", "", "1008 10 000 0", "Steppe Agro LLP", "666666666666", "2"],
    )
    assert report.written and not report.errors
    offers = Offer.objects.filter(exporter__name="Steppe Agro LLP")
    assert sorted(offers.values_list("exporter__bin", "capacity")) == [
        ("555555555555", 1),
        ("666666666666", 2),
    ]


def test_a_word_thousands_of_products_share_bounds_the_comparisons(monkeypatch):
    group = [Existing(i, (f"Wheat flour lot {i}", "")) for i in range(5000)]
    group.append(Existing(9999, ("Wheat flour, premium grade, organic", "")))
    finder = SameProductFinder({"110100": group})
    compared = []
    real = compare_names

    def counting(ours, theirs, **kwargs):
        compared.append(theirs)
        return real(ours, theirs, **kwargs)

    monkeypatch.setattr("catalogue.importing.same_product.compare_names", counting)
    assert finder.find("110100", ["Organic wheat flour, premium grade", ""]).same == 9999
    assert len(compared) <= 40
    compared.clear()
    finder.find("110100", ["Wheat flour", ""])  # only the words all of them share
    assert len(compared) <= 40


def test_a_long_russian_name_looks_at_each_glossary_phrase_at_most_once(monkeypatch):
    from catalogue.importing import product_dictionary

    dictionary = product_dictionary.bundled_dictionary()
    looked = []
    real = product_dictionary._find_phrase

    def counting(phrase, tokens):
        looked.append(phrase)
        return real(phrase, tokens)

    monkeypatch.setattr(product_dictionary, "_find_phrase", counting)
    words = "мука пшеничная масло подсолнечное семена льна гречиха чечевица красная сахар"
    long_name = " ".join(f"{words} сорт{n}" for n in range(40))  # 440 words
    dictionary.translate(read_name(long_name).tokens)
    assert len(looked) == len(set(looked)) <= len(dictionary.russian)
    assert looked  # the glossary's phrases were found


@pytest.mark.django_db
def test_an_unpublished_candidate_is_said_to_be_one(hs):
    before = load_catalogue()
    ProductCategory.objects.filter(pk=before["Lentils, red"].pk).update(is_published=False)
    report = run(["Lentils", "", "0713 40 000 0", "", "", ""], dry_run=True)
    (possible,) = report.possible
    assert possible.candidates[0][1] == "'Lentils, red' (0713.40) (unpublished)"


@pytest.mark.django_db
def test_an_exporters_latin_name_stays_when_a_russian_form_writes_it_in_cyrillic(hs):
    load_catalogue()
    report = run(["Buckwheat", "", "1008 10 000 0", "ТОО «Костанай Грейн»", "222222222222", ""])
    assert report.written and not report.errors
    exporter = Exporter.objects.get(bin="222222222222")
    assert exporter.name == "Kostanay Grain LLP"
    assert report.total("updated") == 0
    renamed = run(["Buckwheat", "", "1008 10 000 0", "Kostanay Grain JSC", "222222222222", ""])
    assert Exporter.objects.get(bin="222222222222").name == "Kostanay Grain JSC"
    assert "Renames the exporter 'Kostanay Grain LLP' → 'Kostanay Grain JSC'." in messages(
        renamed, "warning"
    )


def test_a_long_name_is_compared_by_its_first_words():
    words = " ".join(f"слово{n}" for n in range(60))
    assert len(read_name(f"Мука пшеничная {words}").tokens) == 16
    assert read_name(f"Мука пшеничная {words}").tokens[:2] == read_name("Мука пшеничная").tokens


@pytest.mark.django_db
def test_a_rename_onto_another_products_name_is_not_made_and_said_so(hs):
    before = load_catalogue()
    run(["Buckwheat groats", "Ядрица", "1008 10 000 0", "", "", ""])
    before["Buckwheat"].codes.create(
        hs_code_id="100890", status=CategoryCode.Status.CONFIRMED, is_primary=False
    )
    row = ["Buckwheat groats", "Гречиха", "1008 90 000 0", "Aktobe Agro LLP", "333333333333", "9"]
    preview = run(row, dry_run=True)
    assert any("Not renamed to 'Buckwheat groats'" in m for m in messages(preview, "warning"))
    assert not any("Renames" in m for m in messages(preview, "warning"))
    report = run(row)
    assert report.written and not report.errors
    buckwheat = ProductCategory.objects.get(pk=before["Buckwheat"].pk)
    assert buckwheat.name == "Buckwheat"
    assert Offer.objects.get(exporter__name="Aktobe Agro LLP").category == buckwheat


@pytest.mark.django_db
def test_a_row_without_a_bin_among_two_companies_of_its_name_is_asked_about(hs):
    report = run(
        ["Buckwheat", "", "1008 10 000 0", "Esil Agro LLP", "555555555555", "1"],
        ["Millet", "", "1008 29 000 0", "Esil Agro LLP", "", "2"],
        ["Wheat", "", "1001 99 000 0", "Esil Agro LLP", "666666666666", "3"],
        dry_run=True,
    )
    (warning,) = [i for i in report.warnings if i.row == 3]
    assert "give this row's BIN" in warning.message


@pytest.mark.django_db
@pytest.mark.parametrize("russian_first", [False, True])
def test_rows_naming_one_product_in_one_or_two_languages_are_one(hs, russian_first):
    both = ["Desiccated coconut", "Кокос сушёный", "0801 11 000 0", "", "", ""]
    russian = ["", "Кокос сушёный", "0801 11 000 0", "Aktobe Agro LLP", "333333333333", "5"]
    report = run(*([russian, both] if russian_first else [both, russian]))
    assert report.written and not report.errors
    (coconut,) = ProductCategory.objects.all()
    assert (coconut.name, coconut.name_ru) == ("Desiccated coconut", "Кокос сушёный")
    assert coconut.is_published


@pytest.mark.django_db
def test_rows_sharing_a_russian_name_under_other_english_names_stay_two(hs):
    report = run(
        ["Durum wheat", "Пшеница", "1001 19 000 0; 1001 99 000 0", "", "", ""],
        ["Soft wheat", "Пшеница", "1001 99 000 0", "", "", ""],
    )
    assert report.written and ProductCategory.objects.count() == 2
