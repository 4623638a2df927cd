"""Learning curves: headline macro-F1 on held-out folds against the number of training segments.

Computed during the run on the splits of one protocol (`[stance] learning_curve_protocol`) and saved as a
table; the figure only reads that table. Each model is fit with the hyperparameters written in the config
(no nested search here: the curve shows how the configured model grows with data, at a tenth of the cost).
A training subset holding a single class cannot be fit; that point is left out of the mean (NaN score).
"""
from __future__ import annotations

import warnings

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import learning_curve
from sklearn.pipeline import Pipeline

from experiments.stance.evaluate import Candidate, candidate_input, headline_scorer


def with_memory(estimator, memory):
    """A pipeline that keeps its vectorizer fits in `memory` (a FitCache); any other estimator as it is."""
    if memory is None or not isinstance(estimator, Pipeline):
        return estimator
    return clone(estimator).set_params(memory=memory)


COLUMNS = ["model", "kind", "n_train", "mean", "std", "n_folds"]


def curve(candidate: Candidate, data, splits, sizes: list[float], headline: list[str], random_state: int,
          n_jobs: int = 1, memory=None) -> list[list]:
    """Rows (model, kind, n_train, mean, std, n_folds) of one candidate's learning curve.

    `memory`: the run's FitCache, so that the models of one training subset share its vectorizer fit.

    Illustration: curve(Candidate("majority", "baseline", DummyClassifier()), data, splits, [0.5, 1.0], labels, 0)
             -> [["majority", "baseline", 11, 0.12, 0.03, 15], ["majority", "baseline", 23, 0.12, 0.02, 15]]
    """
    cv = [(train, test) for _, train, test in splits]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # single-class subsets are expected at the smallest sizes
        n_train, _, test_scores = learning_curve(
            with_memory(candidate.estimator, memory), candidate_input(data, candidate.kind), data.y,
            train_sizes=sizes, cv=cv,
            scoring=headline_scorer(headline), shuffle=True, random_state=random_state, error_score=np.nan,
            n_jobs=n_jobs)
    rows = []
    for n, scores in zip(n_train, test_scores, strict=True):
        ok = scores[np.isfinite(scores)]
        if len(ok):
            rows.append([candidate.name, candidate.kind, int(n), round(float(ok.mean()), 6),
                         round(float(ok.std()), 6), int(len(ok))])
    return rows
