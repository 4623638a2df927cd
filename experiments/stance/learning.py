"""Learning curves: headline macro-F1 on held-out folds against the number of training segments.

Computed during the run on the splits of one protocol (`[stance] learning_curve_protocol`, by default the
first evaluation protocol) and saved as a table; the figure only reads that table. Each model is fit with
the hyperparameters written in the config (no nested search: the curve shows how the configured model grows
with data, at a tenth of the cost). Under a fixed split the curve's training rows are the training part only.
A training subset holding a single class cannot be fit: that point is left out of the mean (expected at the
smallest sizes). Any other failure stops the run with one line (`FitError`), never a silent NaN or 0.
"""
from __future__ import annotations

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.utils import check_random_state

from experiments.stance.evaluate import Candidate, candidate_input, failed, headline_scorer, takes_memory
from experiments.stance.fitcache import key_of
from experiments.stance.search import fit_pipeline, fits_through

COLUMNS = ["model", "kind", "n_train", "mean", "std", "n_folds"]


def sizes_of(fractions: list[float], n_max: int) -> list[int]:
    """Training sizes from fractions of the largest training part (as scikit-learn's learning_curve).

    >>> sizes_of([0.3, 0.5, 1.0], 24)
    [7, 12, 24]
    """
    return sorted({max(1, int(f * n_max)) for f in fractions})


def _point(candidate, X, y, train, test, scorer, where, memory=None, vectorizer_key=None) -> float:
    if len(set(y[train])) < 2:
        return np.nan  # a one-class subset cannot train a classifier: left out, not an error
    try:
        if vectorizer_key is not None:  # a model pipeline: its vectorizer fit kept for the other models
            return scorer(fit_pipeline(candidate.estimator, X[train], y[train], memory, None, vectorizer_key),
                          X[test], y[test])
        estimator = clone(candidate.estimator)
        if "grid" in estimator.get_params(deep=False):  # per-group models: the config's setting, as every model
            estimator.set_params(grid={})
        if memory is not None and takes_memory(estimator):  # the models of one subset share its vectorizer
            estimator.set_params(memory=memory)
        return scorer(estimator.fit(X[train], y[train]), X[test], y[test])
    except Exception as error:  # noqa: BLE001 (any other failure stops the run, named)
        raise failed(where, error) from error


def curve(candidate: Candidate, data, splits, sizes: list[float], headline: list[str], random_state: int,
          n_jobs: int = 1, memory=None) -> list[list]:
    """Rows (model, kind, n_train, mean, std, n_folds) of one candidate's learning curve.

    `memory`: the run's FitCache, so that the models of one training subset share its vectorizer fit.
    Each training part is shuffled once (seeded) and its first n rows train the point of size n.
    Illustration: curve(Candidate("majority", "baseline", DummyClassifier()), data, splits, [0.5, 1.0], labels, 0)
             -> [["majority", "baseline", 11, 0.12, 0.03, 15], ["majority", "baseline", 23, 0.12, 0.02, 15]]
    """
    rng = check_random_state(random_state)
    cv = [(rng.permutation(train), test) for _, train, test in splits]
    n_train = sizes_of(sizes, len(cv[0][0]))
    scorer, X = headline_scorer(headline, memory), candidate_input(data, candidate.kind)
    key = key_of(candidate.estimator.steps[0][1]) if fits_through(candidate.estimator, memory) else None
    jobs = (delayed(_point)(candidate, X, data.y, train[:n], test, scorer,
                            f"learning curve {candidate.name}, {n} training segments, fold {k + 1}", memory, key)
            for n in n_train for k, (train, test) in enumerate(cv))
    scores = np.array(Parallel(n_jobs=n_jobs)(jobs), dtype=float).reshape(len(n_train), len(cv))
    rows = []
    for n, row in zip(n_train, scores, strict=True):
        ok = row[np.isfinite(row)]
        if len(ok):
            rows.append([candidate.name, candidate.kind, int(n), round(float(ok.mean()), 6),
                         round(float(ok.std()), 6), int(len(ok))])
    return rows
