"""One model per value of a column (per target, per source, per country), as a single scikit-learn estimator.

The group value travels as an extra last column of the model's input (prepared text, or a number in the last
column of a sparse count matrix); the TF-IDF step reads only its own columns, so each group's pipeline
ignores it. A group seen at predict time with no model of its own (absent from the training rows, or with a
single label there) is predicted by the pooled model fit on all training rows. Being an ordinary estimator,
it goes through the same cross-validation and nested search as any model.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, clone


def with_groups(X, groups: np.ndarray):
    """The model input with the group values appended as its last column (a sparse matrix gets each value's
    rank among the sorted values: a number, which stands for the group as well as its name).

    >>> with_groups(np.array([["a", "a"]], dtype=object), np.array(["LE MONDE"])).shape
    (1, 3)
    """
    groups = np.asarray(groups, dtype=object)
    if sp.issparse(X):
        codes = np.unique(groups.astype(str), return_inverse=True)[1].reshape(-1, 1)
        return sp.hstack([X, sp.csr_matrix(codes.astype(X.dtype))], format="csr")
    return np.column_stack([X, groups])


def group_column(X) -> np.ndarray:
    """The group values of a `with_groups` input, one per row."""
    return X[:, [-1]].toarray().ravel() if sp.issparse(X) else np.asarray(X, dtype=object)[:, -1]


class PerGroupClassifier(ClassifierMixin, BaseEstimator):
    """A clone of `estimator` per group value (last column of X), with a pooled clone as fallback.

    Illustration: PerGroupClassifier(pipeline).fit(with_groups(X, sources), y).predict(with_groups(X_new, s_new))
    """

    def __init__(self, estimator=None):
        self.estimator = estimator

    def fit(self, X, y):
        X = X if sp.issparse(X) else np.asarray(X, dtype=object)
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        self.pooled_ = clone(self.estimator).fit(X, y)
        groups = group_column(X)
        self.models_ = {}
        for g in np.unique(groups):
            mask = groups == g
            if len(np.unique(y[mask])) >= 2:  # a one-label group cannot train a classifier
                self.models_[g] = clone(self.estimator).fit(X[mask], y[mask])
        return self

    def predict(self, X):
        X = X if sp.issparse(X) else np.asarray(X, dtype=object)
        out = np.asarray(self.pooled_.predict(X), dtype=object)
        groups = group_column(X)
        for g, model in self.models_.items():
            mask = groups == g
            if mask.any():
                out[mask] = model.predict(X[mask])
        return out
