"""Several HS codes in one cell: each read as a code alone would be, the first the primary."""

import pytest

from catalogue.hscodes import split_codes
from catalogue.importing.records import MAX_CODES, read_codes
from catalogue.importing.report import ERROR, WARNING
from catalogue.importing.service import import_catalogue_file
from catalogue.models import CategoryCode, ProductCategory
from tests.spreadsheets import csv_bytes, ods, xls, xlsx

HEADER = ["Product", "Наименование товара", "HS code", "Company"]
KNOWN = dict.fromkeys(["3102", "310210", "310230", "870121", "870122", "100199", "100119",
                       "271019", "271020", "040221", "300490", "020110"])  # fmt: skip


def codes_of(text, number_format=None):
    return read_codes(text, number_format, KNOWN)


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("8701 21 100 1; 8701 22 100 1", ("870121", "870122")),
        ("3102 10, 3102 30", ("310210", "310230")),
        ("3102 10,3102 30", ("310210", "310230")),
        ("3102 10\n3102 30", ("310210", "310230")),
        ("3102 10\r\n3102 30", ("310210", "310230")),
        ("1001 99 и 1001 19", ("100199", "100119")),
        ("1001 99 И 1001 19", ("100199", "100119")),
        ("2710 19 / 2710 20", ("271019", "271020")),
        ("2710 19 and 2710 20", ("271019", "271020")),
        ("2710 19 & 2710 20", ("271019", "271020")),
        ("3102 30; 3102 10", ("310230", "310210")),
    ],
)
def test_each_separator_splits_a_list_of_codes_in_its_order(cell, codes):
    assert codes_of(cell) == (codes, [])


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("1001,99", "100199"),  # 1001.99 written with a decimal comma
        ("3004,9", "300490"),  # the float 3004.9 in a Russian-locale export
        ("402210000,0", "040221"),
        ("1001 99 000 0", "100199"),
        ("1001 99 000 0;", "100199"),  # a separator left at the end
    ],
)
def test_a_decimal_comma_stays_inside_its_code(cell, code):
    assert codes_of(cell) == ((code,), [])


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("3102 10/30", ("310210", "310230")),  # the last digits of a sibling subheading
        ("3102 10/20/30", ("310210", "310220", "310230")),
        ("3102 10, 30", ("310210", "310230")),
        ("0201/10", ("020110",)),  # a heading, then its subheading's digits
        ("0201 10/20", ("020110", "020120")),
    ],
)
def test_a_few_digits_after_a_code_continue_it(cell, codes):
    known = {**KNOWN, "310220": None, "020120": None}
    assert read_codes(cell, None, known) == (codes, [])


@pytest.mark.parametrize("number", [310210, 3102.1, 402210000.0])
def test_a_number_is_always_one_code(number):
    (code,), problems = codes_of(number)
    assert problems == [] and len(code) == 6


def test_a_padded_number_format_still_restores_the_zero_of_a_numeric_cell():
    assert codes_of(402210000, "0000000000") == (("040221",), [])


def test_a_bad_part_is_named_with_its_place_among_the_others():
    codes, problems = codes_of("8701 21 100 1; 87x1; 8701 22 100 1")
    assert codes == ()
    (problem,) = problems
    assert problem.level == ERROR and problem.field == "code"
    assert problem.message.startswith("Not a usable HS code: '87x1' (code 2 of 3): ")


def test_every_bad_part_is_reported_not_only_the_first():
    _, problems = codes_of("9999 99, 3102 10, 9999 98")
    assert [p.message.split(":")[1].strip() for p in problems] == [
        "'9999 99' (code 1 of 3)",
        "'9999 98' (code 3 of 3)",
    ]


def test_a_heading_in_a_list_is_warned_about_by_its_place():
    codes, problems = codes_of("3102; 3102 10")
    assert codes == ("3102", "310210")
    assert [(p.level, p.message) for p in problems] == [
        (WARNING, "Only the 4-digit heading 3102 ('3102' (code 1 of 2)); choose the "
                  "6-digit subheading when you can."),
    ]  # fmt: skip


def test_national_codes_of_one_subheading_give_it_once():
    assert codes_of("8701 21 100 1; 8701 21 900 0; 8701 22 100 1") == (("870121", "870122"), [])


def test_more_codes_than_allowed_are_refused():
    cell = "; ".join(["3102 10"] * (MAX_CODES + 1))
    codes, (problem,) = codes_of(cell)
    assert codes == () and problem.level == ERROR and str(MAX_CODES) in problem.message
    assert codes_of("; ".join(["3102 10"] * MAX_CODES)) == (("310210",), [])


@pytest.mark.parametrize("cell", ["-", "—", "н/д", "x", ";"])
def test_a_dash_or_a_mark_in_the_code_column_is_refused_as_one_code(cell):
    codes, (problem,) = codes_of(cell)
    assert codes == () and problem.level == ERROR
    assert problem.message.startswith("Not a usable HS code: ") and "(the " not in problem.message


def test_a_long_cell_of_separators_and_short_parts_is_split_part_by_part():
    # Quadratic work (re-reading what was joined) would take minutes on these.
    assert len(split_codes("1," * 200_000)) < 200_000
    assert len(split_codes("1 и " * 100_000)) < 100_000
    assert split_codes(";" * 200_000) == []


def run(data, name):
    return import_catalogue_file(data=data, file_name=name)


def stored_codes():
    return {
        category.name: list(
            category.codes.order_by("-is_primary", "pk").values_list(
                "hs_code", "is_primary", "status"
            )
        )
        for category in ProductCategory.objects.all()
    }


FERTILISER = ["Nitrogen fertilisers", "Удобрения азотные", "3102 30, 3102 10", "KazAzot JSC"]
TRACTORS = ["Tractors", "Тракторы", "8701 21 100 1\n8701 22 100 1", "Agromash LLP"]
EXPECTED = {
    "Nitrogen fertilisers": [("310230", True, "confirmed"), ("310210", False, "confirmed")],
    "Tractors": [("870121", True, "confirmed"), ("870122", False, "confirmed")],
}


@pytest.mark.parametrize(
    ("build", "name"),
    [
        (lambda rows: xlsx(("Products", rows)), "codes.xlsx"),
        (lambda rows: csv_bytes(rows, delimiter=";"), "codes.csv"),
        (lambda rows: xls("Products", rows), "codes.xls"),
        (lambda rows: ods("Products", rows), "codes.ods"),
    ],
)
@pytest.mark.django_db
def test_every_code_of_a_cell_is_written_the_first_primary(hs, build, name):
    report = run(build([HEADER, FERTILISER, TRACTORS]), name)
    assert report.written and not report.errors, report.errors
    assert stored_codes() == EXPECTED
    assert ProductCategory.objects.get(name="Tractors").code_key == "870121"


@pytest.mark.django_db
def test_a_list_of_codes_imported_again_changes_nothing(hs):
    data = xlsx(("Products", [HEADER, FERTILISER, TRACTORS]))
    run(data, "codes.xlsx")
    before = list(ProductCategory.objects.values_list("id", "updated_at"))
    again = run(data, "codes.xlsx")
    assert (again.total("created"), again.total("updated")) == (0, 0)
    assert list(ProductCategory.objects.values_list("id", "updated_at")) == before
    assert stored_codes() == EXPECTED


@pytest.mark.django_db
def test_a_stored_category_gains_the_codes_it_lacks_and_the_preview_says_so(hs, admin_user):
    run(xlsx(("Products", [HEADER, [*FERTILISER[:2], "3102 30", "KazAzot JSC"]])), "one.xlsx")
    data = xlsx(("Products", [HEADER, FERTILISER]))
    preview = import_catalogue_file(data=data, file_name="two.xlsx", user=admin_user, preview=True)
    (change,) = [c for c in preview.changes if c.kind == "category"]
    assert change.action == "updated"
    assert [(f.old, f.new) for f in change.fields] == [("3102.30", "3102.30, 3102.10")]
    assert CategoryCode.objects.count() == 1  # a preview writes nothing
    report = import_catalogue_file(data=data, file_name="two.xlsx", user=admin_user)
    assert report.categories.updated == 1 and report.categories.created == 0
    assert stored_codes() == {"Nitrogen fertilisers": EXPECTED["Nitrogen fertilisers"]}
    gained = CategoryCode.objects.get(hs_code="310210")
    assert gained.confirmed_by == admin_user
    assert ProductCategory.objects.get().import_batch_id == report.batch_id


@pytest.mark.django_db
def test_rows_giving_a_product_some_of_its_codes_make_one_category(hs):
    rows = [
        HEADER,
        ["Nitrogen fertilisers", "", "3102 30", "KazAzot JSC"],
        ["Nitrogen fertilisers", "", "3102 10; 3102 30", "Agromash LLP"],
    ]
    report = run(xlsx(("Products", rows)), "two-rows.xlsx")
    assert not report.errors and report.offers.created == 2
    assert stored_codes() == {"Nitrogen fertilisers": EXPECTED["Nitrogen fertilisers"]}


@pytest.mark.django_db
def test_a_bad_code_in_a_list_stops_the_row_with_its_sheet_row_and_column(hs):
    rows = [HEADER, FERTILISER, ["Tractors", "Тракторы", "8701 21 100 1; 87x1", "Agromash LLP"]]
    report = run(xlsx(("Products", rows)), "bad.xlsx")
    assert not report.written and ProductCategory.objects.count() == 0
    (error,) = report.errors
    assert (error.sheet, error.row, error.column) == ("Products", 3, "C (HS code)")
    assert error.value == "8701 21 100 1; 87x1"
    assert "'87x1' (code 2 of 2)" in error.message


@pytest.mark.django_db
def test_a_dash_in_the_code_column_is_still_an_error(hs):
    report = run(xlsx(("Products", [HEADER, ["Tractors", "", "-", ""]])), "dash.xlsx")
    (error,) = report.errors
    assert (error.column, error.value) == ("C (HS code)", "-")
    assert error.message == "Not a usable HS code: empty."
