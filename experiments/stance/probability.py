"""Class probabilities for every saved model, including those that have none (linear SVM, hinge SGD).

- Models with `predict_proba` (logistic regression, complement naive Bayes, SGD with log or modified-Huber
  loss) use it as is: method "predict_proba".
- The others: softmax of `decision_function` divided by a temperature T. With `probability = "temperature"`
  (the default) T is fitted by minimising the log loss of cross-validated decision values on the training
  data (temperature scaling, Guo et al. 2017): method "temperature_softmax". With `probability = "softmax"`
  T = 1 (uncalibrated): method "softmax".
The method and T are written in the model card; `predict_proba` below reads them from there. We do not
wrap the model in CalibratedClassifierCV because its fitted parts are not among skops' trusted types.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax


def decision_matrix(decision: np.ndarray) -> np.ndarray:
    """Decision values as (n, n_classes): a binary model's single column d becomes (-d/2, d/2).

    >>> decision_matrix(np.array([2.0]))
    array([[-1.,  1.]])
    """
    d = np.asarray(decision, dtype=float)
    return np.column_stack([-d / 2, d / 2]) if d.ndim == 1 else d


def fit_temperature(decision: np.ndarray, y_index: np.ndarray) -> float:
    """The T > 0 that minimises the mean negative log-likelihood of softmax(decision / T).

    Scores that are all confidently right want sharp probabilities: T comes out near the lower bound 0.05.

    >>> 0.05 <= fit_temperature(np.array([[2.0, -2.0], [-2.0, 2.0]]), np.array([0, 1])) < 0.1
    True
    >>> lowest = np.finfo(float).min  # a class the fold's model never saw: the same T as without that column
    >>> d = np.array([[2.0, -1.0, lowest], [0.5, 1.0, lowest], [1.0, 0.2, lowest]])
    >>> fit_temperature(d, np.array([0, 1, 1])) == fit_temperature(d[:, :2], np.array([0, 1, 1]))
    True
    """
    d = decision_matrix(decision)
    # A class a fold's model never saw has no score: -inf from OffsetClassifier, the lowest float from
    # cross_val_predict. It gets probability 0 at every T, and a row whose true class is such a class says
    # nothing about T (its likelihood is 0 at every T): left out, instead of overflowing d / T.
    unseen = ~np.isfinite(d) | (d <= np.finfo(float).min / 2)
    informative = ~unseen[np.arange(len(d)), y_index]
    if not informative.any():
        return 1.0
    d, y_index = np.where(unseen, -np.inf, d)[informative], y_index[informative]

    def nll(log_t: float) -> float:
        return -float(np.mean(log_softmax(d / np.exp(log_t), axis=1)[np.arange(len(d)), y_index]))

    # Search log T in [log 0.05, log 20]: a bounded 1-D problem, solved deterministically.
    res = minimize_scalar(nll, bounds=(np.log(0.05), np.log(20.0)), method="bounded")
    return round(float(np.exp(res.x)), 6)


def method_of(model) -> str:
    """"predict_proba" when the fitted model has probabilities, else "decision_function"."""
    return "predict_proba" if hasattr(model, "predict_proba") else "decision_function"


def class_scores(model, X) -> np.ndarray:
    """(n, n_classes) scores whose argmax is the model's prediction: `decision_function`, or the log-probability
    of a model without one (complement naive Bayes). The scores per-class offsets shift (offsets.py)."""
    if hasattr(model, "decision_function"):
        return decision_matrix(model.decision_function(X))
    return model.predict_log_proba(X)


def offset_vector(model, card: dict) -> np.ndarray:
    """The card's per-class offsets in the order of `model.classes_` (zeros when the card has none).

    >>> class M: classes_ = ["a", "b"]
    >>> offset_vector(M(), {"class_offsets": {"b": 0.5, "a": 0.0}})
    array([0. , 0.5])
    """
    offsets = card.get("class_offsets") or {}
    return np.array([float(offsets.get(str(c), 0.0)) for c in model.classes_])


def predict_proba(model, X, card: dict) -> np.ndarray:
    """(n, n_classes) probabilities in the order of `model.classes_`, as the card's method says.

    With per-class offsets (card "class_offsets"), the softmax is taken of the shifted scores, so the label of
    highest probability is the one the offsets choose.
    Illustration: predict_proba(model, X, {"probability": {"method": "softmax", "temperature": 1.0}}).sum(1) -> ones
    """
    prob = card["probability"]
    if card.get("class_offsets"):
        return softmax((class_scores(model, X) + offset_vector(model, card)) / prob["temperature"], axis=1)
    if prob["method"] == "predict_proba":
        return model.predict_proba(X)
    return softmax(decision_matrix(model.decision_function(X)) / prob["temperature"], axis=1)
