"""The scale benchmark's three-ways check at a tiny size: stancelab's cached counts, the plain scikit-learn
Pipeline(TfidfVectorizer, model) preparing the text itself, and the same handed prepared text must score
every setting of the grid equally on the same grouped folds."""
import numpy as np
import pytest

from experiments.benchmarks import scale_data, scale_search
from tests.conftest import shared_data


@pytest.mark.filterwarnings("ignore:The least populated class")  # 200 passages: a rare class has 3
def test_all_ways_give_equal_scores_on_the_same_folds():
    texts, y, groups = scale_data.stance_data(shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv"), 200)
    assert len(texts) == 200 and set(y) <= set(scale_search.STANCE_LABELS) and len(set(groups)) >= 5
    # ComplementNB keeps this fast (logistic regression takes ~10 s a way here); the benchmark runs both.
    out = scale_search.compare_ways(texts, y, groups, "complement_nb", n_jobs=1, random_state=scale_data.RANDOM_STATE)
    ours = out["stancelab"]
    assert ours["settings"] == 8 and ours["folds"] == 5
    for way in ("plain", "hoisted"):
        assert ours["folds_digest"] == out[way]["folds_digest"]
        np.testing.assert_array_equal(ours["split_scores"], out[way]["split_scores"])
        assert ours["best_score"] == out[way]["best_score"] > 0
    assert out["equal"] and set(out["ratio"]) == {"plain", "hoisted"}


def test_the_plain_preprocessor_gives_the_prepared_text():
    from features.text.language import prepare

    texts = ["The nuclear weapons are not a deterrent.", "Disarmament talks resumed in Geneva in 1985."]
    preprocessor = scale_search.plain_preprocessor()
    assert [preprocessor(t) for t in texts] == prepare(texts, scale_search.text_settings())
    assert preprocessor(texts[0]).split()[:2] == ["nuclear", "weapon"]


def test_unequal_scores_are_caught():
    a = {"folds_digest": "f", "split_scores": [[0.5, 0.25]]}
    assert not scale_search.same_scores(a, {**a, "split_scores": [[0.5, 0.2500001]]})
    assert not scale_search.same_scores(a, {**a, "folds_digest": "g"})
