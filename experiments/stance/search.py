"""The nested grid search of a `Pipeline(tfidf, clf)`, its TF-IDF matrices computed once per inner fold.

`GridSearchCV` fits the whole pipeline for every grid point and inner fold: it clones the vectorizer (six TF-IDF
vectorizers with the cue counts), hashes it and the rows to find the kept fit in the run's FitCache, and routes,
times and checks every call. On the seeds that bookkeeping was most of each nested search. `CachedSearch` does
GridSearchCV's work with the same numbers: per inner fold the vectorizer is fit (kept in the FitCache, shared by
every model searched on these rows; the vectorizer's settings hashed once per search, cloned only when no kept
fit matches) and the held-out rows transformed once; per grid point only the classifier is cloned, given the
point, fit on that matrix (on its distinct rows, weighted, as a CollapsingPipeline fits it,
experiments/stance/collapse.py) and scored with the same headline macro-F1; the mean over inner folds is
`np.average` as GridSearchCV's, the point chosen is the one GridSearchCV chooses (`best_index`: the first of the
highest means), and the refit is Pipeline.fit's (the vectorizer fit on every training row, kept for the other
models refit on them, then the classifier with that point on its matrix), assembled as the same Pipeline. It
keeps `best_params_`, `best_estimator_` and `cv_results_["mean_test_score"]`, what the run reads. Anything else
(another scorer, fit parameters such as an OffsetClassifier's groups, a grid reaching into the vectorizer, no
FitCache) is left to GridSearchCV.
"""
from __future__ import annotations

import numpy as np
from scipy.stats import rankdata
from sklearn.base import clone
from sklearn.model_selection import ParameterGrid
from sklearn.pipeline import Pipeline

from experiments.stance.collapse import CollapsingPipeline, distinct_rows, fit_distinct, worth_collapsing
from experiments.stance.fitcache import key_of
from experiments.stance.metrics import headline_macro_f1
from experiments.stance.models import with_search


def best_index(means) -> int:
    """The setting a GridSearchCV refits: the first of the highest mean inner scores (NaN ranks last).

    >>> best_index([0.2, 0.5, float("nan"), 0.5])
    1
    """
    means = np.asarray(means, dtype=float)
    if np.isnan(means).all():
        return 0
    return int(rankdata(-np.nan_to_num(means, nan=np.nanmin(means) - 1), method="min").argmin())


def fit_classifier(pipeline: Pipeline, point: dict, Xt, y, rows: list):
    """The pipeline's classifier with a grid point's settings, fit on (Xt, y) as the pipeline fits it
    (`rows`: a one-item list caching the distinct training rows for every point on the same matrix)."""
    last = pipeline.steps[-1][0]
    clf = clone(pipeline[-1]).set_params(**{k[len(last) + 2:]: v for k, v in point.items()})
    if isinstance(pipeline, CollapsingPipeline) and worth_collapsing(clf):  # as its fit does
        rows[0] = distinct_rows(Xt, y) if rows[0] is None else rows[0]
        return fit_distinct(clf, Xt, y, rows[0])
    return clf.fit(Xt, y)


def fits_through(pipeline, memory) -> bool:
    """Whether `fit_pipeline` gives this pipeline's fit: a two-step Pipeline and a FitCache.

    >>> from sklearn.linear_model import LogisticRegression
    >>> from experiments.stance.fitcache import FitCache
    >>> pipe = Pipeline([("tfidf", None), ("clf", LogisticRegression())])
    >>> fits_through(pipe, FitCache()), fits_through(pipe, None), fits_through(LogisticRegression(), FitCache())
    (True, False, False)
    """
    return isinstance(pipeline, Pipeline) and len(pipeline.steps) == 2 and hasattr(memory, "fit_transform")


def fit_pipeline(pipeline: Pipeline, X, y, memory, point: dict | None = None, vectorizer_key: str | None = None):
    """`clone(pipeline).set_params(**point).fit(X, y)`, the same fitted steps, with the vectorizer fit kept in
    `memory` (a FitCache: `fits_through`): Pipeline.fit fits its vectorizer on (X, y), then its classifier on
    that matrix. `vectorizer_key`: `key_of` the pipeline's vectorizer, when the caller fits it many times.
    Illustration: fit_pipeline(pipe, texts, y, FitCache(), {"clf__C": 10.0}).predict(texts)
             -> clone(pipe).set_params(clf__C=10.0).fit(texts, y).predict(texts)
    """
    y = np.asarray(y)
    name, vectorizer = pipeline.steps[0]
    Xt, fitted = memory.fit_transform(vectorizer, X, y, vectorizer_key)
    steps = [(name, fitted), (pipeline.steps[-1][0], fit_classifier(pipeline, point or {}, Xt, y, [None]))]
    return type(pipeline)(**{**pipeline.get_params(deep=False), "steps": steps})


class CachedSearch:
    """GridSearchCV(pipeline, grid, cv=folds, scoring=HeadlineScorer(headline), refit=True) for a two-step
    pipeline whose grid sets only its classifier; the vectorizer fits are kept in `memory` (a FitCache).

    Illustration: CachedSearch(pipe, {"clf__C": [1.0, 10.0]}, folds, ["deterrence"], FitCache()).fit(X, y)
             .best_params_ -> {"clf__C": 10.0}   (GridSearchCV's choice and refit, the same floats)
    """

    def __init__(self, pipeline: Pipeline, grid: dict, folds: list, headline: list, memory):
        self.pipeline, self.grid, self.folds, self.headline, self.memory = pipeline, grid, folds, headline, memory

    def _inner_scores(self, X, y, points: list[dict], vectorizer_key: str) -> np.ndarray:
        """(points, folds) headline macro-F1 of each grid point on each inner fold's held-out rows."""
        vectorizer = self.pipeline.steps[0][1]
        scores = np.empty((len(points), len(self.folds)))
        for j, (train, test) in enumerate(self.folds):
            Xt, fitted = self.memory.fit_transform(vectorizer, X[train], y[train], vectorizer_key)
            Xt_test = self.memory.transform(fitted, X[test])
            rows = [None]  # the distinct training rows, found once for every grid point
            for i, point in enumerate(points):
                clf = fit_classifier(self.pipeline, point, Xt, y[train], rows)
                scores[i, j] = headline_macro_f1(y[test], clf.predict(Xt_test), self.headline)
        return scores

    def fit(self, X, y):
        """Search the grid on the inner folds, then refit the chosen point on all of (X, y): the vectorizer
        (kept in the FitCache for the other models refit on these rows) and the classifier, as Pipeline.fit."""
        points = list(ParameterGrid(self.grid))  # GridSearchCV's order of candidates
        y = np.asarray(y)
        vectorizer_key = key_of(self.pipeline.steps[0][1])  # one key for every inner fold and the refit
        means = np.average(self._inner_scores(X, y, points, vectorizer_key), axis=1)  # GridSearchCV's mean
        best = best_index(means)
        self.cv_results_ = {"mean_test_score": means, "params": points}
        self.best_index_, self.best_params_ = best, points[best]
        self.best_estimator_ = fit_pipeline(self.pipeline, X, y, self.memory, points[best], vectorizer_key)
        self.memory = None  # a fitted search holds no cache (fit_one clears the refit pipeline's)
        return self

    def predict(self, X):
        """The refit pipeline's predictions."""
        return self.best_estimator_.predict(X)


def cached_search_applies(pipeline, grid, headline, memory, fit_params: dict) -> bool:
    """Whether CachedSearch gives GridSearchCV's result here (see the module docstring for what it leaves):
    `headline` is the HeadlineScorer's labels (None for another scorer), `memory` the run's FitCache.

    >>> from sklearn.linear_model import LogisticRegression
    >>> pipe = Pipeline([("tfidf", None), ("clf", LogisticRegression())])
    >>> cached_search_applies(pipe, {"clf__C": [1.0]}, ["a"], object(), {}), cached_search_applies(
    ...     pipe, {"tfidf__norm": ["l1"]}, ["a"], object(), {})
    (True, False)
    """
    if memory is None or headline is None or fit_params or not grid:
        return False
    if not isinstance(pipeline, Pipeline) or len(pipeline.steps) != 2:
        return False
    last = pipeline.steps[-1][0]
    grids = grid if isinstance(grid, list) else [grid]
    return all(key.startswith(f"{last}__") for g in grids for key in g)


def search(pipeline, grid: dict, folds, scorer, memory=None, fit_params: dict | None = None,
           headline: list | None = None):
    """The nested search of `pipeline` over `grid` on `folds`: a CachedSearch where it applies, else
    GridSearchCV (models.with_search); the pipeline itself when the grid is empty. `headline`: the labels of
    `scorer` when it is a HeadlineScorer (the score CachedSearch computes the same way), else None."""
    if cached_search_applies(pipeline, grid, headline, memory, fit_params or {}):
        return CachedSearch(pipeline, grid, folds, headline, memory)
    return with_search(pipeline, grid, folds, scorer)
