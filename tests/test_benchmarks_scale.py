"""The scale benchmark's both-ways check at a tiny size: stancelab's cached counts and the plain scikit-learn
Pipeline(TfidfVectorizer, model) must score every setting of the grid equally on the same grouped folds."""
import numpy as np
import pytest

from experiments.benchmarks import scale
from tests.conftest import shared_data


def test_repeated_rows_keep_ids_unique_and_groups_per_copy():
    rows = scale.repeat_rows([{"country": "FRA", "para_idx": "3"}, {"country": "USA", "para_idx": "7"}], 5)
    assert [r["para_idx"] for r in rows] == ["3", "7", "3#r1", "7#r1", "3#r2"]
    assert [r["group"] for r in rows] == ["FRA", "USA", "FRA#r1", "USA#r1", "FRA#r2"]


@pytest.mark.filterwarnings("ignore:The least populated class")  # 200 passages: a rare class has 3
def test_both_ways_give_equal_scores_on_the_same_folds():
    texts, y, groups = scale.stance_data(shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv"), 200)
    assert len(texts) == 200 and set(y) <= set(scale.STANCE_LABELS) and len(set(groups)) >= 5
    # ComplementNB keeps this fast (logistic regression takes ~10 s a way here); the benchmark runs both.
    out = scale.compare_ways(texts, y, groups, "complement_nb", n_jobs=1, random_state=scale.RANDOM_STATE)
    ours, plain = out["stancelab"], out["plain"]
    assert ours["settings"] == 8 and ours["folds"] == 5
    assert ours["folds_digest"] == plain["folds_digest"]
    np.testing.assert_array_equal(ours["split_scores"], plain["split_scores"])
    assert out["equal"] and ours["best_score"] == plain["best_score"] > 0


def test_unequal_scores_are_caught():
    a = {"folds_digest": "f", "split_scores": [[0.5, 0.25]]}
    assert not scale.same_scores(a, {**a, "split_scores": [[0.5, 0.2500001]]})
    assert not scale.same_scores(a, {**a, "folds_digest": "g"})


def test_slope_of_linear_growth_is_one_and_small_sizes_are_left_out():
    assert scale.slope([1_000, 10_000, 100_000], [5.0, 2.0, 20.0]) == 1.0
    assert scale.slope([1_000, 10_000], [1.0, 2.0]) is None
