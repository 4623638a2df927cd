"""Out-of-fold predictions: every segment is predicted by a model fit without it, search included.

For each outer split the candidate (a model pipeline or a baseline) is cloned and fit on the training rows
only. When the candidate has a grid, the fit is a `GridSearchCV` whose inner folds are cut from the training
rows alone (grouped when the training rows hold enough groups, stratified otherwise), so the vectorizer,
the hyperparameters and the classifier never see the held-out segments: nested cross-validation.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.dummy import DummyClassifier
from sklearn.metrics import f1_score, make_scorer
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline

from experiments.config.sections import Evaluation
from experiments.stance.models import with_search
from experiments.stance.pergroup import with_groups
from experiments.stance.splits import Plan


@dataclass
class Candidate:
    """One thing to evaluate: an unfitted estimator, its kind (model or baseline) and its search grid."""

    name: str
    kind: str
    estimator: object
    grid: dict = field(default_factory=dict)


def candidate_input(data, kind: str):
    """What a candidate of `kind` is fit on, one row per labelled segment: a model the feature input's matrix
    (its TF-IDF vectorizer is inside its pipeline), a baseline the prepared text in one column (the keyword
    cues are matched there); the per-group values as an extra last column when the data has them.

    Illustration: candidate_input(data, "baseline").shape -> (35, 1)
    """
    X = data.features.X if kind == "model" else data.features.char_text()[:, None]
    return X if data.per_group is None else with_groups(X, data.per_group)


def headline_scorer(headline: list[str]):
    """Macro-F1 over the headline labels: what the nested search maximises.

    Illustration: headline_scorer(["deterrence", "escalation"])(fitted, X, y) -> 0.5
    """
    return make_scorer(f1_score, labels=headline, average="macro", zero_division=0)


def inner_splits(y_train, groups_train, n_splits: int, random_state: int) -> list:
    """Folds of the training rows for the nested search: grouped when there are enough groups."""
    index = np.arange(len(y_train))
    if groups_train is not None and len(set(groups_train)) >= n_splits:
        cv = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
        return list(cv.split(index, y_train, groups_train))
    n_splits = max(2, min(n_splits, len(y_train) // 2))
    return list(StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state).split(index, y_train))


def fit_one(candidate: Candidate, X, y, groups, ev: Evaluation, scorer, random_state: int, memory=None):
    """Fit the candidate on (X, y), searching its grid on inner folds of these rows only.

    A training set with a single class cannot train a classifier: that class is predicted (and noted).
    `memory`: a FitCache shared by the run, so that the vectorizer is fit once per set of training rows rather
    than once per grid point and model (the cache is keyed on the rows: no fold sees another's fit).
    """
    if len(set(y)) < 2:
        return DummyClassifier(strategy="most_frequent").fit(X, y), f"single class {y[0]!r} in training rows"
    grid = candidate.grid if ev.search else {}
    with warnings.catch_warnings():
        # Inner folds of a tiny training set may lack a rare class: scored as 0 (error_score), not fatal.
        warnings.filterwarnings("ignore", message=".*least populated class.*")
        warnings.filterwarnings("ignore", message=".*[Ff]it failed.*|.*fits failed.*|.*scores are non-finite.*")
        folds = inner_splits(y, groups, ev.inner_splits, random_state) if grid else None
        estimator = clone(candidate.estimator)
        if memory is not None and isinstance(estimator, Pipeline):
            estimator.set_params(memory=memory)
        estimator = with_search(estimator, grid, folds, scorer)
        estimator.fit(X, y)
    for fitted in (estimator, getattr(estimator, "best_estimator_", None)):
        if isinstance(fitted, Pipeline):
            fitted.set_params(memory=None)  # a fitted (and saved) model holds no cache
    return estimator, None


def _fold(candidate, X, y, groups, train, test, ev, scorer, random_state, keep_estimator, memory):
    estimator, note = fit_one(candidate, X[train], y[train], None if groups is None else groups[train],
                              ev, scorer, random_state, memory)
    missing = sorted(set(y[test]) - set(y[train]))
    best = getattr(estimator, "best_params_", None)
    return estimator.predict(X[test]), {"best_params": best, "note": note, "unseen_test_labels": missing,
                                             "estimator": estimator if keep_estimator else None}


def cross_predict(candidate: Candidate, data, plan: Plan, ev: Evaluation, headline: list[str], random_state: int,
                  n_jobs: int = 1, keep_estimators: bool = False,
                  memory=None) -> tuple[np.ndarray, np.ndarray, list[dict]]:
    """Out-of-fold predictions of the tested rows, one row per repeat: (predictions, tested mask, fold info).

    Every row is tested under cross-validation; under a fixed split only the test rows are.
    Illustration: cross_predict(Candidate("logreg", "model", pipe, {}), data, plan, ev, labels, 0)[0].shape -> (5, 35)
    """
    groups = data.column(ev.group_column) if "grouped" in plan.protocol else None
    scorer, X = headline_scorer(headline), candidate_input(data, candidate.kind)
    jobs = (delayed(_fold)(candidate, X, data.y, groups, train, test, ev, scorer, random_state, keep_estimators,
                           memory) for _, train, test in plan.splits)
    results = Parallel(n_jobs=n_jobs)(jobs)
    y_pred = np.empty((plan.n_repeats, len(data.y)), dtype=object)
    tested = np.zeros(len(data.y), dtype=bool)
    info = []
    for (repeat, train, test), (pred, fold_info) in zip(plan.splits, results, strict=True):
        y_pred[repeat, test], tested[test] = pred, True
        info.append({"repeat": repeat, "n_train": len(train), "n_test": len(test), **fold_info})
    return y_pred[:, tested], tested, info
