"""Per-class decision offsets: a shift of each class's score, tuned on inner folds, so a rare class is predicted
more often when that raises the headline macro-F1 (`[stance] class_offsets = true`).

`OffsetClassifier` wraps any configured classifier inside the model's Pipeline(tfidf, clf). Its `fit` gets
only the rows it is given (an outer training part, or an inner search fold's training part): it cuts them into
folds (grouped by `groups` when the caller passes them, as `clf__groups`), fits a clone of the classifier on
each fold's training part and collects the out-of-fold class scores, tunes one offset per class on those by
coordinate ascent, then refits the classifier on all its rows. `predict` is argmax(score + offsets). So the
offsets are chosen like a hyperparameter, never on a row the outer evaluation tests.
The score of a class is `decision_function` (or the log-probability of a model without one, complement naive
Bayes). The saved model holds the bare classifier; the card records the offsets and `predict` adds them
(experiments/stance/final.py, probability.py).
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from experiments.stance.probability import class_scores

STEPS = np.linspace(-2.0, 2.0, 41)  # offsets tried, in units of the scores' standard deviation
ROUNDS = 3                          # coordinate-ascent passes over the classes


def macro_f1(y_index: np.ndarray, predicted: np.ndarray, n_classes: int, headline: np.ndarray) -> np.ndarray:
    """Macro-F1 over the `headline` class indices of each row of `predicted` (grid x rows) against y_index.

    >>> macro_f1(np.array([0, 1, 1]), np.array([[0, 1, 0], [0, 1, 1]]), 2, np.array([0, 1])).round(3)
    array([0.667, 1.   ])
    """
    predicted = np.atleast_2d(predicted)
    codes = y_index[None, :] * n_classes + predicted + (np.arange(len(predicted)) * n_classes ** 2)[:, None]
    cm = np.bincount(codes.ravel(), minlength=len(predicted) * n_classes ** 2).reshape(-1, n_classes, n_classes)
    tp = np.diagonal(cm, axis1=1, axis2=2)
    denominator = cm.sum(axis=1) + cm.sum(axis=2)  # 2tp + fp + fn
    f1 = np.divide(2 * tp, denominator, out=np.zeros(tp.shape), where=denominator > 0)
    return f1[:, headline].mean(axis=1)


def tune_offsets(scores: np.ndarray, y_index: np.ndarray, headline: np.ndarray, fixed: int) -> np.ndarray:
    """Offsets (one per column of `scores`) maximising macro-F1 over `headline` of argmax(scores + offsets).

    Class `fixed` keeps 0 (only differences matter); ties go to the smallest shift, so no evidence, no shift.
    >>> s = np.array([[1.0, 0.8], [1.0, 0.9], [1.0, 0.0], [0.0, 1.0]])
    >>> bool(tune_offsets(s, np.array([1, 1, 0, 1]), np.array([0, 1]), fixed=0)[1] > 0.2)
    True
    """
    n_classes, offsets = scores.shape[1], np.zeros(scores.shape[1])
    grid = STEPS * (float(np.std(scores[np.isfinite(scores)])) or 1.0)
    order = np.argsort(np.abs(grid), kind="stable")  # the smallest shift first: argmax keeps it on ties
    for _ in range(ROUNDS):
        before = offsets.copy()
        for k in (k for k in range(n_classes) if k != fixed):
            trial = np.repeat(offsets[None, :], len(grid), axis=0)
            trial[:, k] = grid
            predicted = np.argmax(scores[None, :, :] + trial[:, None, :], axis=2)
            f1 = macro_f1(y_index, predicted, n_classes, headline)
            offsets[k] = grid[order[np.argmax(f1[order])]]
        if np.array_equal(before, offsets):
            break
    return offsets


def grouped_splits(groups, n_splits: int) -> int:
    """How many folds grouped by `groups` to cut: n_splits, or as many as the groups when they are fewer; 0
    when the groups keep nothing together (none, a single one, or every row its own) and stratified folds do.

    >>> grouped_splits(np.array(["fr", "fr", "uk", "us"]), 3), grouped_splits(np.array(["fr", "fr", "uk"]), 3)
    (3, 2)
    >>> grouped_splits(np.array(["a", "b", "c"]), 3), grouped_splits(np.array(["fr", "fr"]), 3)
    (0, 0)
    """
    n_groups = 0 if groups is None else len(set(groups))
    return min(n_splits, n_groups) if 2 <= n_groups < len(groups) else 0


def folds(y, groups, n_splits: int, random_state: int) -> list:
    """The wrapper's folds of its rows: grouped when `groups` keeps rows together (`grouped_splits`),
    stratified otherwise.

    >>> len(folds(np.array(["a", "b"] * 4), None, 3, 0))
    3
    """
    index = np.arange(len(y))
    if grouped := grouped_splits(groups, n_splits):
        return list(StratifiedGroupKFold(grouped, shuffle=True, random_state=random_state).split(index, y, groups))
    smallest = int(np.unique(y, return_counts=True)[1].min())
    n_splits = max(2, min(n_splits, smallest))
    return list(StratifiedKFold(n_splits, shuffle=True, random_state=random_state).split(index, y))


class OffsetClassifier(ClassifierMixin, BaseEstimator):
    """`estimator` with per-class score offsets tuned on out-of-fold scores of its own training rows.

    `labels`: the classes whose macro-F1 is maximised (None: all). The class kept at offset 0 is the first class
    outside `labels` (the none label), else the first class.
    Illustration: OffsetClassifier(LinearSVC(), labels=["deterrence", "escalation", "reassurance"])
                 .fit(X_train, y_train, groups=countries).offsets_ -> array([0.31, 0.06, 0.12, 0.])
    """

    def __init__(self, estimator=None, labels=None, cv: int = 3, random_state: int = 0):
        self.estimator = estimator
        self.labels = labels
        self.cv = cv
        self.random_state = random_state

    def _scores(self, model, X) -> np.ndarray:
        """Class scores of a fitted clone, columns in self.classes_ (a class its rows lacked: -inf, never chosen)."""
        raw, out = class_scores(model, X), np.full((X.shape[0], len(self.classes_)), -np.inf)
        for j, c in enumerate(model.classes_):
            out[:, int(np.searchsorted(self.classes_, c))] = raw[:, j]
        return out

    def fit(self, X, y, groups=None):
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        y_index = np.searchsorted(self.classes_, y)
        oof = np.zeros((len(y), len(self.classes_)))
        for train, test in folds(y, groups, self.cv, self.random_state):
            oof[test] = self._scores(clone(self.estimator).fit(X[train], y[train]), X[test])
        wanted = [c for c in self.classes_ if self.labels is None or c in set(self.labels)] or list(self.classes_)
        headline = np.searchsorted(self.classes_, wanted)
        fixed = next((k for k, c in enumerate(self.classes_) if c not in set(wanted)), 0)
        self.offsets_ = tune_offsets(oof, y_index, headline, fixed)
        self.estimator_ = clone(self.estimator).fit(X, y)
        return self

    def decision_function(self, X) -> np.ndarray:
        """The classifier's class scores plus the offsets (what `predict` takes the argmax of)."""
        return self._scores(self.estimator_, X) + self.offsets_

    def predict(self, X) -> np.ndarray:
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]

    def card_entry(self) -> dict:
        """The offsets as the model card records them: {label: offset}."""
        return {str(c): float(o) for c, o in zip(self.classes_, self.offsets_, strict=True)}  # exact: as predicted
