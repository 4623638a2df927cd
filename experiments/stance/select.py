"""`selected`: the choice among the configured models made inside the nested loop, so its score is honest.

Choosing the best row of the score table is choosing on the test folds. The `selected` candidate instead
searches every model and its grid on the inner folds of each outer training part (one grid search over a
pipeline whose classifier is itself a searched parameter), refits the winner on that training part and
predicts the held-out part: its outer score estimates "the best of these models", selection included.
`[stance] final_model = "best"` makes the same choice on the final training rows.

That search fits exactly what the searches of the models themselves fit (the same settings on the same inner
folds, scored alike), so `from_models` reads its choice from their inner scores instead of fitting it all again.
"""
from __future__ import annotations

import numpy as np
from sklearn.model_selection import ParameterGrid

from experiments.config.resolved import Config
from experiments.stance.cuefeatures import model_vectorizer
from experiments.stance.evaluate import Candidate
from experiments.stance.models import classifier, configured, make_pipeline
from experiments.stance.offsets import OffsetClassifier
from experiments.stance.search import best_index

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
    names = {type(classifier(n, config, 0)).__name__: n for n in config.stance.models}

    def value(v):
        if isinstance(v, dict):  # per-group models: {group: params}
            return {k: value(x) for k, x in v.items()}
        inner = v.estimator if isinstance(v, OffsetClassifier) else v  # offsets: named by the model they shift
        return names.get(type(inner).__name__, type(inner).__name__) if hasattr(v, "fit") else v
    return value(params)


def _fold(grid, folds: list[dict]) -> tuple[int, dict | None] | None:
    """(index of the model chosen, its best_params) in one outer fold, from the models' own fold results."""
    if len({f["note"] for f in folds}) != 1:
        return None
    if folds[0]["note"] is not None:  # a one-class fold or a skipped search: each fit the first model as is
        return 0, None
    scores = [f.get("search_scores") for f in folds]
    points = list(ParameterGrid(grid))
    if any(s is None for s in scores) or sum(map(len, scores)) != len(points):
        return None  # a model that did not search its grid: `selected` must run its own search
    index = best_index(np.concatenate(scores))
    return int(np.searchsorted(np.cumsum([len(s) for s in scores]), index, side="right")), points[index]


def from_models(selected, results: list[tuple], plan) -> tuple | None:
    """`selected`'s out-of-fold result (predictions, tested mask, fold info) made from its models' results.

    `results`: cross_predict's result of each model `selected` chooses from, in its grid's order. In every
    outer fold its search would pick the first setting of the highest mean inner score over all the models'
    settings, refit it on the training part and predict the held-out part: that refit is the chosen model's
    own (the same setting won its own search), so its predictions are taken. None when that does not hold.
    Illustration: from_models(selected, [logreg_result, svm_result], plan)[0].shape -> (5, 35)
    """
    if len(results) != len(selected.grid):
        return None
    full = []
    for y_pred, tested, _ in results:
        rows = np.empty((y_pred.shape[0], len(tested)), dtype=object)
        rows[:, tested] = y_pred
        full.append(rows)
    y_pred, info = np.empty_like(full[0]), []
    for k, (repeat, _, test) in enumerate(plan.splits):
        chosen = _fold(selected.grid, [r[2][k] for r in results])
        if chosen is None:
            return None
        model, best = chosen
        y_pred[repeat, test] = full[model][repeat, test]
        info.append({**results[model][2][k], "best_params": best})  # the chosen model's fit, when kept
    tested = results[0][1]
    return y_pred[:, tested], tested, info
