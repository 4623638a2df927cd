"""Classification scores from confusion matrices, vectorised so that thousands of bootstrap resamples are cheap.

Every score is a function of the confusion matrix, so we count it once per resample (`np.bincount`) and
derive all scores from it with array arithmetic. The definitions are scikit-learn's (tests check them
against `f1_score`, `balanced_accuracy_score` and `cohen_kappa_score`):
- precision, recall and F1 of a class are 0 when undefined (`zero_division=0`);
- the headline macro-F1 averages the F1 of the `headline` classes only (e.g. every stance but `none`);
- balanced accuracy averages recall over the classes present in the truth;
- Cohen's kappa is NaN when the chance agreement is 1 (one class everywhere).
"""
from __future__ import annotations

import numpy as np


def encode(y, labels: list[str]) -> np.ndarray:
    """Labels -> their index in `labels` (an unknown label is a bug upstream, hence a plain error).

    >>> encode(["none", "deterrence"], ["deterrence", "none"])
    array([1, 0])
    """
    index = {lab: i for i, lab in enumerate(labels)}
    return np.array([index[v] for v in y], dtype=np.int64)


def confusions(y_true: np.ndarray, y_pred: np.ndarray, n_labels: int) -> np.ndarray:
    """Confusion matrices (rows: truth) of index arrays; any leading axes are kept.

    >>> confusions(np.array([0, 1]), np.array([0, 0]), 2)
    array([[1, 0],
           [1, 0]])
    """
    y_true, y_pred = np.broadcast_arrays(np.asarray(y_true), np.asarray(y_pred))
    lead = y_true.shape[:-1]
    flat = (y_true * n_labels + y_pred).reshape(-1, y_true.shape[-1])
    offsets = np.arange(flat.shape[0])[:, None] * n_labels * n_labels  # one bincount for every matrix
    counts = np.bincount((flat + offsets).ravel(), minlength=flat.shape[0] * n_labels * n_labels)
    return counts.reshape(*lead, n_labels, n_labels)


def headline_macro_f1(y_true, y_pred, headline: list) -> float:
    """scikit-learn's `f1_score(y_true, y_pred, labels=headline, average="macro", zero_division=0)`, the same
    float (F1 of a label = 2 tp / (true + predicted), 0 when both are 0; their nanmean), without its input
    checks: it scores every grid point of every nested search, where those checks were a seventh of the time.

    >>> headline_macro_f1(["a", "b", "b"], ["a", "a", "b"], ["a", "b"])
    0.6666666666666666
    """
    y_true, y_pred = np.asarray(y_true, dtype=object), np.asarray(y_pred, dtype=object)
    f1 = np.zeros(len(headline))
    for k, label in enumerate(headline):
        is_true, is_pred = y_true == label, y_pred == label
        denominator = int(is_true.sum()) + int(is_pred.sum())
        if denominator:
            f1[k] = 2.0 * int((is_true & is_pred).sum()) / float(denominator)
    return float(np.nanmean(f1))


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, 0 where den is 0 (scikit-learn's zero_division=0)."""
    return np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den > 0)


def scores(cm: np.ndarray, headline: list[int] | None = None) -> dict[str, np.ndarray]:
    """All scores of confusion matrices `cm` (..., K, K); `headline`: class indices of the macro-F1.

    >>> float(scores(np.array([[2, 0], [1, 1]]))["accuracy"])
    0.75
    """
    cm = np.asarray(cm, dtype=float)
    tp = np.diagonal(cm, axis1=-2, axis2=-1)
    support, predicted = cm.sum(axis=-1), cm.sum(axis=-2)
    n = support.sum(axis=-1)
    precision, recall = _ratio(tp, predicted), _ratio(tp, support)
    f1 = _ratio(2 * tp, support + predicted)
    headline = list(range(cm.shape[-1])) if not headline else headline
    present = support > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        balanced = np.where(present, recall, 0).sum(axis=-1) / present.sum(axis=-1)
        observed = tp.sum(axis=-1) / n
        chance = (support * predicted).sum(axis=-1) / n ** 2
        kappa = np.where(chance < 1, (observed - chance) / (1 - chance), np.nan)
    return {"macro_f1": f1[..., headline].mean(axis=-1), "accuracy": observed, "balanced_accuracy": balanced,
            "kappa": kappa, "precision": precision, "recall": recall, "f1": f1, "support": support}


SUMMARY = ("macro_f1", "accuracy", "balanced_accuracy", "kappa")  # one number per run
PER_CLASS = ("precision", "recall", "f1")                         # one number per class
