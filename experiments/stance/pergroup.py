"""One model per value of a column (per target, per source, per country), as a single scikit-learn estimator.

The group value travels as an extra last column of the model's input (prepared text, or a number in the last
column of a sparse count matrix); the TF-IDF step reads only its own columns, so each group's pipeline
ignores it. Each group's hyperparameters are chosen by a grid search on that group's own inner folds (never
on pooled folds), and recorded in `best_params_` by group. A group with a single label in training, or absent
from it, is predicted by a pooled model fit on all training rows; that pooled model is fit only when
`predict` meets such a group, so a run whose groups all train their own model never fits it. Given the run's
FitCache as `memory`, every group's pipelines share it: a group's search fits its vectorizer once per inner
fold, not once per grid point (as the plain pooled models do, experiments/stance/fitcache.py).
Being an ordinary estimator, it goes through the same outer cross-validation as any model.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.pipeline import Pipeline

from experiments.stance.evaluate import headline_scorer, inner_splits, offset_groups, searchable
from experiments.stance.groupcol import group_column, with_groups
from experiments.stance.models import with_search

__all__ = ["PerGroupClassifier", "group_column", "with_groups"]  # the group column's helpers, re-exported


class PerGroupClassifier(ClassifierMixin, BaseEstimator):
    """A clone of `estimator` per group value (last column of X), tuned on its group's inner folds.

    Illustration: PerGroupClassifier(pipeline, {"clf__C": [1.0, 10.0]}, headline=["FAVOR", "AGAINST"])
                 .fit(with_groups(X, targets), y).best_params_ -> {"abortion": {"clf__C": 10.0}, ...}
    """

    def __init__(self, estimator=None, grid=None, inner_splits: int = 2, headline=None, random_state: int = 0,
                 memory=None):
        self.estimator = estimator
        self.grid = grid
        self.inner_splits = inner_splits
        self.headline = headline
        self.random_state = random_state
        self.memory = memory

    def _unfitted(self):
        """A clone of the group's pipeline, sharing the run's FitCache when one is given."""
        model = clone(self.estimator)
        if self.memory is not None and isinstance(model, Pipeline):
            model.set_params(memory=self.memory)
        return model

    takes_groups = True  # fit(X, y, groups): the rows' cross-validation groups (evaluate.offset_groups)

    def _tuned(self, X, y, cv_groups=None):
        """The group's model: searched on its own inner folds (grouped by `cv_groups`, as the pooled models'
        are) when they allow it, else the config's setting."""
        folds = inner_splits(y, cv_groups, self.inner_splits, self.random_state) if self.grid else None
        fit_params = offset_groups(self.estimator, cv_groups)
        if not self.grid or not searchable(y, folds):
            return _without_cache(self._unfitted().fit(X, y, **fit_params)), {}
        scorer = headline_scorer(self.headline or sorted(set(y)), self.memory)
        search = with_search(self._unfitted(), self.grid, folds, scorer)
        search.fit(X, y, **fit_params)
        return _without_cache(search.best_estimator_), search.best_params_

    def fit(self, X, y, groups=None):
        """One model per value of X's last column; `groups`: the rows' cross-validation groups (the search's
        inner folds and the class offsets keep them together), None: every row apart."""
        X = X if sp.issparse(X) else np.asarray(X, dtype=object)
        y = np.asarray(y)
        cv_groups = None if groups is None else np.asarray(groups, dtype=object)
        self.classes_ = np.unique(y)
        per_group = group_column(X)
        self.models_, self.best_params_ = {}, {}
        for g in np.unique(per_group):
            mask = per_group == g
            if len(np.unique(y[mask])) >= 2:  # a one-label group cannot train a classifier
                self.models_[g], self.best_params_[str(g)] = self._tuned(
                    X[mask], y[mask], None if cv_groups is None else cv_groups[mask])
        self.pooled_ = None
        self.train_ = (X, y, cv_groups)  # the pooled model is fit from these only when predict meets a new group
        return self

    def _fit_pooled(self):
        X, y, cv_groups = self.train_
        self.pooled_ = _without_cache(self._unfitted().fit(X, y, **offset_groups(self.estimator, cv_groups)))

    def predict(self, X):
        X = X if sp.issparse(X) else np.asarray(X, dtype=object)
        groups = group_column(X)
        out = np.empty(X.shape[0], dtype=object)
        known = np.isin(groups, list(self.models_))
        if not known.all():  # a group without a model of its own: the pooled model answers
            if self.pooled_ is None:
                self._fit_pooled()
            out[~known] = self.pooled_.predict(X[~known])
        for g, model in self.models_.items():
            mask = groups == g
            if mask.any():
                out[mask] = model.predict(X[mask])
        return out


def _without_cache(model):
    """A fitted model as it is kept: a pipeline holds no FitCache (its matrices stay out of the fitted model)."""
    if isinstance(model, Pipeline):
        model.set_params(memory=None)
    return model
