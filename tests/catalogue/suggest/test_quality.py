"""Accuracy floors on the evaluation set, a little under what the suggester reaches.

The figures, and how they were reached, are in bench/RESULTS.md; a regression fails here.
"""

from pathlib import Path

import pytest

from catalogue.suggest.engine import Suggester
from catalogue.suggest.evaluation import evaluate, read_eval
from catalogue.suggest.knowledge import bundled_knowledge

EVAL = Path(__file__).resolve().parents[2] / "data" / "hs_eval.csv"


@pytest.fixture(scope="module")
def results():
    return evaluate(Suggester(bundled_knowledge()), read_eval(EVAL))


def test_the_evaluation_set_is_large_enough_and_has_a_held_out_part():
    rows = read_eval(EVAL)
    assert sum(r["lang"] == "en" for r in rows) >= 150
    assert sum(r["lang"] == "ru" for r in rows) >= 50
    assert {r["split"] for r in rows} == {"dev", "heldout"}
    assert len({r["query"].casefold() for r in rows}) == len(rows)


@pytest.mark.parametrize(
    ("lang", "split", "metric", "floor"),
    [
        ("en", "heldout", "top3_hs4", 0.87),
        ("ru", "heldout", "top3_hs4", 0.88),
        ("en", "heldout", "top1_hs6", 0.65),
        ("ru", "heldout", "top1_hs6", 0.66),
        ("en", "dev", "top3_hs4", 0.93),
        ("ru", "dev", "top3_hs4", 0.97),
    ],
)
def test_accuracy_does_not_fall_below_its_floor(results, lang, split, metric, floor):
    assert results[(lang, split)][metric] >= floor
