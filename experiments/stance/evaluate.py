"""Out-of-fold predictions: every segment is predicted by a model fit without it, search included.

For each outer split the candidate (a model pipeline or a baseline) is cloned and fit on the training rows
only. When the candidate has a grid, the fit is a `GridSearchCV` whose inner folds are cut from the training
rows alone (grouped whenever groups span rows, as many folds as groups when they are fewer; stratified
otherwise), so the vectorizer, the hyperparameters and the classifier never see the held-out segments: nested
cross-validation.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline

from experiments.config.sections import Evaluation
from experiments.stance.groupcol import with_groups
from experiments.stance.metrics import headline_macro_f1
from experiments.stance.offsets import OffsetClassifier, grouped_splits
from experiments.stance.search import search
from experiments.stance.splits import Plan
from features.errors import UserError


class FitError(UserError, RuntimeError):
    """A fit or a score that failed inside an evaluation: the run stops, never scoring the failure as 0."""


@dataclass
class Candidate:
    """One thing to evaluate: an unfitted estimator, its kind (model or baseline) and its search grid."""

    name: str
    kind: str
    estimator: object
    grid: dict | list = field(default_factory=dict)
    choose_always: bool = False  # search its grid even with [evaluation] search = false (a choice of model)


def candidate_input(data, kind: str):
    """What a candidate of `kind` is fit on, one row per labelled segment: a model the feature input's matrix
    (its TF-IDF vectorizer is inside its pipeline), a baseline the prepared text in one column (the keyword
    cues are matched there); the per-group values as an extra last column when the data has them.

    Illustration: candidate_input(data, "baseline").shape -> (35, 1)
    """
    X = data.features.X if kind == "model" else data.features.char_text()[:, None]
    return X if data.per_group is None else with_groups(X, data.per_group)


class HeadlineScorer:
    """Macro-F1 over the headline labels, called as scikit-learn calls a scorer: (fitted, X, y) -> float.

    A plain callable rather than `make_scorer(f1_score, ...)`: with two string labels (FAVOR/AGAINST) the
    latter asks for `pos_label=1` and fails on every fold, which a search with error_score=0 then "chose".
    `memory` (the run's FitCache): the held-out rows' TF-IDF is kept, computed once for every grid point.
    The score is `metrics.headline_macro_f1`: f1_score's number, without its input checks.
    Illustration: HeadlineScorer(["FAVOR", "AGAINST"])(fitted, X, np.array(["FAVOR", "AGAINST"])) -> 0.5
    """

    def __init__(self, headline: list[str], memory=None):
        self.headline, self.memory = list(headline), memory

    def __call__(self, estimator, X, y) -> float:
        return headline_macro_f1(y, predict(estimator, X, self.memory), self.headline)


def headline_scorer(headline: list[str], memory=None) -> HeadlineScorer:
    """Macro-F1 over the headline labels: what the nested search maximises.

    Illustration: headline_scorer(["deterrence", "escalation"])(fitted, X, y) -> 0.5
    """
    return HeadlineScorer(headline, memory)


def predict(estimator, X, memory=None):
    """`estimator.predict(X)`; for a fitted Pipeline(vectorizer, classifier) and a FitCache `memory`, the
    vectorizer's matrix of X is the kept one (the same numbers: the same fitted object on the same rows).

    Illustration: predict(search, X_test, FitCache()) -> search.best_estimator_.predict(X_test)
    """
    fitted = getattr(estimator, "best_estimator_", estimator)
    if memory is None or not isinstance(fitted, Pipeline) or len(fitted.steps) != 2:
        return estimator.predict(X)
    return fitted[-1].predict(memory.transform(fitted[0], X))


def failed(where: str, error: Exception) -> FitError:
    """One line naming the step and the cause of a fit or score that failed.

    >>> str(failed("grouped_cv logreg, fold 2", ValueError("bad C\\nmore")))
    'stance grouped_cv logreg, fold 2: the fit failed (ValueError: bad C); nothing was scored'
    """
    cause = next((line.strip() for line in str(error).splitlines() if line.strip()), "")
    return FitError(f"stance {where}: the fit failed ({type(error).__name__}: {cause}); nothing was scored")


def inner_splits(y_train, groups_train, n_splits: int, random_state: int) -> list | None:
    """Folds of the training rows for the nested search: grouped whenever the groups keep rows together
    (fewer folds when there are fewer groups than n_splits: `offsets.grouped_splits`), else stratified.

    None when no label has two rows (a small group of a per-group model, a small learning-curve point):
    stratified folds cannot be cut, and the search is skipped (`searchable`).
    >>> inner_splits(np.array(["a", "b"]), None, 3, 0) is None
    True
    """
    index = np.arange(len(y_train))
    if grouped := grouped_splits(groups_train, n_splits):
        cv = StratifiedGroupKFold(n_splits=grouped, shuffle=True, random_state=random_state)
        return list(cv.split(index, y_train, groups_train))
    largest = int(np.unique(np.asarray(y_train, dtype=object), return_counts=True)[1].max())
    # StratifiedKFold refuses folds that outnumber every label's rows: fewer folds then, or none
    n_splits = min(max(2, min(n_splits, len(y_train) // 2)), largest)
    if n_splits < 2:
        return None
    return list(StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state).split(index, y_train))


def searchable(y, folds) -> bool:
    """Whether every inner training part holds two labels or more (else no setting can be fit on it).

    >>> searchable(np.array(["a", "a", "b"]), [(np.array([0, 1]), np.array([2]))])
    False
    """
    return folds is not None and all(len(set(np.asarray(y)[train])) >= 2 for train, _ in folds)


def fit_one(candidate: Candidate, X, y, groups, ev: Evaluation, scorer, random_state: int, memory=None,
            where: str = ""):
    """Fit the candidate on (X, y), searching its grid on inner folds of these rows only.

    A training set with a single class cannot train a classifier: that class is predicted (and noted).
    Any other failure (a fit or a score inside the search) stops with a `FitError` naming `where`.
    `memory`: a FitCache shared by the run, so that the vectorizer is fit once per set of training rows rather
    than once per grid point and model (the cache is keyed on the rows: no fold sees another's fit).
    """
    if len(set(y)) < 2:
        return DummyClassifier(strategy="most_frequent").fit(X, y), f"single class {y[0]!r} in training rows"
    grid = candidate.grid if ev.search or candidate.choose_always else {}
    with warnings.catch_warnings():
        # Inner folds of a small training set may hold a rare class in one fold only: expected, not an error.
        warnings.filterwarnings("ignore", message=".*least populated class.*")
        folds = inner_splits(y, groups, ev.inner_splits, random_state) if grid else None
        if grid and not searchable(y, folds):  # a one-label inner training part: the config's setting, noted
            grid, note = {}, "search skipped: no inner folds whose training parts hold two labels or more"
        else:
            note = None
        estimator = clone(candidate.estimator)
        if memory is not None and takes_memory(estimator):  # a pipeline, or per-group pipelines
            estimator.set_params(memory=memory)
        fit_params = offset_groups(candidate.estimator, groups)
        headline = scorer.headline if isinstance(scorer, HeadlineScorer) else None
        estimator = search(estimator, grid, folds, scorer, memory, fit_params, headline)  # GridSearchCV's result
        try:
            estimator.fit(X, y, **fit_params)
        except UserError:
            raise
        except Exception as error:  # noqa: BLE001 (any failure stops the run, named)
            raise failed(where or candidate.name, error) from error
    for fitted in (estimator, getattr(estimator, "best_estimator_", None)):
        if takes_memory(fitted):
            fitted.set_params(memory=None)  # a fitted (and saved) model holds no cache
    return estimator, note


def takes_memory(estimator) -> bool:
    """Whether the estimator takes the run's FitCache: a Pipeline, or per-group models (PerGroupClassifier).

    >>> takes_memory(Pipeline([("clf", DummyClassifier())])), takes_memory(DummyClassifier())
    (True, False)
    """
    return isinstance(estimator, Pipeline) or (hasattr(estimator, "get_params") and
                                               "memory" in estimator.get_params(deep=False))


def offset_groups(estimator, groups) -> dict:
    """The fit parameter that hands the groups to an OffsetClassifier, so that its offsets are tuned on folds
    grouped as the search's (a grid search passes each inner training part its own rows' groups), or to
    per-group models (`takes_groups`), whose searches then cut grouped folds too.

    >>> offset_groups(Pipeline([("clf", OffsetClassifier(DummyClassifier()))]), ["fr", "uk"])
    {'clf__groups': ['fr', 'uk']}
    """
    if groups is None:
        return {}
    if getattr(estimator, "takes_groups", False):
        return {"groups": groups}
    wants = isinstance(estimator, Pipeline) and isinstance(estimator[-1], OffsetClassifier)
    return {"clf__groups": groups} if wants else {}


def _fold(candidate, X, y, groups, train, test, ev, scorer, random_state, keep_estimator, memory, where):
    estimator, note = fit_one(candidate, X[train], y[train], None if groups is None else groups[train],
                              ev, scorer, random_state, memory, where)
    missing = sorted(set(y[test]) - set(y[train]))
    best = getattr(estimator, "best_params_", None)
    try:
        predicted = predict(estimator, X[test], memory)
    except Exception as error:  # noqa: BLE001
        raise failed(where, error) from error
    scores = getattr(estimator, "cv_results_", {}).get("mean_test_score")  # what `selected` chooses on
    return predicted, {"best_params": best, "note": note, "unseen_test_labels": missing,
                       "estimator": estimator if keep_estimator else None,
                       "search_scores": None if scores is None else scores.tolist()}


def cross_predict(candidate: Candidate, data, plan: Plan, ev: Evaluation, headline: list[str], random_state: int,
                  n_jobs: int = 1, keep_estimators: bool = False,
                  memory=None) -> tuple[np.ndarray, np.ndarray, list[dict]]:
    """Out-of-fold predictions of the tested rows, one row per repeat: (predictions, tested mask, fold info).

    Every row is tested under cross-validation; under a fixed split only the test rows are.
    Illustration: cross_predict(Candidate("logreg", "model", pipe, {}), data, plan, ev, labels, 0)[0].shape -> (5, 35)
    """
    groups = plan.groups  # the inner folds keep these together: the groups, or the identical texts
    scorer, X = headline_scorer(headline, memory), candidate_input(data, candidate.kind)
    jobs = (delayed(_fold)(candidate, X, data.y, groups, train, test, ev, scorer, random_state, keep_estimators,
                           memory, f"{plan.protocol} {candidate.name}, fold {k + 1} of {len(plan.splits)}")
            for k, (_, train, test) in enumerate(plan.splits))
    results = Parallel(n_jobs=n_jobs)(jobs)
    y_pred = np.empty((plan.n_repeats, len(data.y)), dtype=object)
    tested = np.zeros(len(data.y), dtype=bool)
    info = []
    for (repeat, train, test), (pred, fold_info) in zip(plan.splits, results, strict=True):
        y_pred[repeat, test], tested[test] = pred, True
        info.append({"repeat": repeat, "n_train": len(train), "n_test": len(test), **fold_info})
    return y_pred[:, tested], tested, info
