"""Grades and standards asked for, found in category names as officials write them."""

import pytest

from catalogue.search.grades import named_with


@pytest.mark.parametrize(
    ("name", "grade"),
    [
        ("Soft wheat, class 3 (milling)", "class 3"),
        ("Feed wheat (class 5)", "class 5"),
        ("Wheat flour, first grade", "grade 1"),
        ("Wheat flour, premium grade", "premium grade"),
        ("Portland cement CEM I 42.5", "42.5"),
        ("Portland cement CEM I 42.5", "CEM I 42.5"),
        ("Petrol AI-92", "AI-92"),
        ("Мука, первый сорт", "grade 1"),
        ("Пшеница 3 класса", "class 3"),
    ],
)
def test_a_grade_is_found_in_a_name_in_any_form_and_order(name, grade):
    assert named_with(name, [grade])


@pytest.mark.parametrize(
    ("name", "grade"),
    [
        ("Soft wheat, class 4", "class 3"),
        ("Soft wheat, class 3 (milling)", "grade 3"),
        ("Portland cement CEM I 52.5", "42.5"),
        ("Petrol AI-95", "AI-92"),
        ("Class of 3 wheats", "class 3"),
    ],
)
def test_another_grade_or_the_words_apart_are_not_it(name, grade):
    assert not named_with(name, [grade])


def test_a_hostile_name_is_read_in_bounded_time():
    assert not named_with("class " * 100_000, ["class 3"])
