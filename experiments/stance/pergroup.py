"""One model per value of a column (per target, per source, per country), as a single scikit-learn estimator.

The group value travels as an extra last column of the vectorizer input; the TF-IDF step reads only its own
columns, so each group's pipeline ignores it. A group seen at predict time with no model of its own (absent
from the training rows, or with a single label there) is predicted by the pooled model fit on all training
rows. Being an ordinary estimator, it goes through the same cross-validation and nested search as any model.
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone


def with_groups(X: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """The vectorizer input with the group values appended as its last column.

    Example: with_groups(np.array([["a", "a"]], dtype=object), np.array(["LE MONDE"])).shape -> (1, 3)
    """
    return np.column_stack([X, np.asarray(groups, dtype=object)])


class PerGroupClassifier(ClassifierMixin, BaseEstimator):
    """A clone of `estimator` per group value (last column of X), with a pooled clone as fallback.

    Example: PerGroupClassifier(pipeline).fit(with_groups(X, sources), y).predict(with_groups(X_new, s_new))
    """

    def __init__(self, estimator=None):
        self.estimator = estimator

    def fit(self, X, y):
        X, y = np.asarray(X, dtype=object), np.asarray(y)
        self.classes_ = np.unique(y)
        self.pooled_ = clone(self.estimator).fit(X, y)
        groups = X[:, -1]
        self.models_ = {}
        for g in np.unique(groups):
            mask = groups == g
            if len(np.unique(y[mask])) >= 2:  # a one-label group cannot train a classifier
                self.models_[g] = clone(self.estimator).fit(X[mask], y[mask])
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=object)
        out = np.asarray(self.pooled_.predict(X), dtype=object)
        for g, model in self.models_.items():
            mask = X[:, -1] == g
            if mask.any():
                out[mask] = model.predict(X[mask])
        return out
