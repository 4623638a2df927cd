"""`selected`: the choice among the configured models made inside the nested loop, so its score is honest.

Choosing the best row of the score table is choosing on the test folds. The `selected` candidate instead
searches every model and its grid on the inner folds of each outer training part (one grid search over a
pipeline whose classifier is itself a searched parameter), refits the winner on that training part and
predicts the held-out part: its outer score estimates "the best of these models", selection included.
`[stance] final_model = "best"` makes the same choice on the final training rows.
"""
from __future__ import annotations

from experiments.config.resolved import Config
from experiments.stance.cuefeatures import model_vectorizer
from experiments.stance.evaluate import Candidate
from experiments.stance.models import configured, make_classifier, make_pipeline
from experiments.stance.offsets import OffsetClassifier

SELECTED = "selected"


def selected_candidate(config: Config, features) -> Candidate:
    """One pipeline (on the FeatureInput `features`, with its vectorizer) whose classifier and hyperparameter
    are searched together over the configured models.

    Illustration: selected_candidate(seeds_config, features).grid[0] -> {"clf": [LogisticRegression(...)],
             "clf__C": [1.0, 10.0, 100.0]}
    """
    grid = []
    for name in config.stance.models:
        clf, own = configured(name, config)  # its grid's keys name "clf__…" (or "clf__estimator__…")
        grid.append({"clf": [clf], **(own if config.evaluation.search else {})})
    first = grid[0]["clf"][0]
    pipeline = make_pipeline(model_vectorizer(config, features), first)
    return Candidate(SELECTED, "model", pipeline, grid, choose_always=True)


def readable(params: dict | None, config: Config) -> dict | None:
    """best_params_ for metrics.json: a searched classifier becomes its config name.

    Illustration: readable({"clf": LinearSVC(), "clf__C": 1.0}, config) -> {"clf": "linear_svm", "clf__C": 1.0}
    """
    if params is None:
        return None
    names = {type(make_classifier(n, config.model_params(n), 0)).__name__: n for n in config.stance.models}

    def value(v):
        if isinstance(v, dict):  # per-group models: {group: params}
            return {k: value(x) for k, x in v.items()}
        inner = v.estimator if isinstance(v, OffsetClassifier) else v  # offsets: named by the model they shift
        return names.get(type(inner).__name__, type(inner).__name__) if hasattr(v, "fit") else v
    return value(params)
