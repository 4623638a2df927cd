"""Learning curves on the real seeds: same points as scikit-learn's learning_curve, failures never silent."""
import numpy as np
import pytest
from sklearn.model_selection import learning_curve

from experiments.corpus.data import load_segments
from experiments.corpus.engine import feature_input
from experiments.corpus.labelled import load_labelled
from experiments.stance import splits
from experiments.stance import step as stance
from experiments.stance.evaluate import Candidate, FitError, headline_scorer
from experiments.stance.learning import curve
from tests.stance_helpers import seeds_config


@pytest.fixture(scope="module")
def seeds():
    config = seeds_config("evaluation.n_repeats=1")
    segments = load_segments(config)
    data = load_labelled(config, segments, feature_input(config, [s.text for s in segments]))
    return config, data, splits.plan("repeated_cv", data, config.evaluation, 42)


def test_points_are_scikit_learns(seeds):
    config, data, plan = seeds
    cand = stance.candidates(config, data.features)[0]
    headline = list(config.stance.headline_labels)
    rows = curve(cand, data, plan.splits, [0.5, 1.0], headline, 42)
    n, _, scores = learning_curve(cand.estimator, data.features.X, data.y, train_sizes=[0.5, 1.0],
                                  cv=[(tr, te) for _, tr, te in plan.splits], scoring=headline_scorer(headline),
                                  shuffle=True, random_state=42)
    assert [r[2] for r in rows] == list(n)
    assert [r[3] for r in rows] == pytest.approx(np.round(scores.mean(axis=1), 6))


def test_a_failing_fit_stops_the_curve_naming_the_point(seeds):
    """Before, error_score=NaN dropped every point and the table was only a header."""
    config, data, plan = seeds
    broken = stance.candidates(config, data.features)[0].estimator.set_params(clf__C=-1.0)
    with pytest.raises(FitError, match=r"^stance learning curve broken, \d+ training segments, fold 1: "):
        curve(Candidate("broken", "model", broken), data, plan.splits, [1.0], data.labels, 42)
