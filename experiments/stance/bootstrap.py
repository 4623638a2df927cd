"""Percentile bootstrap confidence intervals over segments, for every score at once, with a seeded generator.

A resample draws n segments with replacement; every score is recomputed on it. With repeated
cross-validation each segment has one out-of-fold prediction per repeat: a resample uses the same segments
for every repeat and the score is the mean over repeats, so the interval covers the repeat-averaged score
that is reported. Segments of one article are not independent, so these intervals are, if anything, too
narrow on corpora of few articles; say so when reporting them.
"""
from __future__ import annotations

import warnings

import numpy as np

from experiments.stance import metrics

CHUNK = 200  # resamples per batch: bounds memory at CHUNK x repeats x n indices


def resample_indices(n: int, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    """(n_resamples, n) segment indices drawn with replacement.

    >>> resample_indices(3, 2, np.random.default_rng(0)).shape
    (2, 3)
    """
    return rng.integers(0, n, size=(n_resamples, n))


def percentile_interval(samples: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """The central `confidence` interval of samples along axis 0 (NaN samples, e.g. undefined kappa, ignored).

    >>> [round(float(v), 6) for v in percentile_interval(np.arange(101.0), 0.9)]
    [5.0, 95.0]
    """
    tail = (1 - confidence) / 2 * 100
    with np.errstate(invalid="ignore"), warnings.catch_warnings():  # all NaN (a class absent from a group): NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = np.nanpercentile(samples, [tail, 100 - tail], axis=0)
    return low, high


def resampled_scores(y_true, y_pred, n_labels, headline, n_resamples, random_state) -> dict[str, np.ndarray]:
    """Scores of `n_resamples` bootstrap resamples, averaged over repeats: {score: (n_resamples, ...)}.

    y_true: (n,) label indices; y_pred: (n_repeats, n) label indices, one row per repeat.
    """
    rng = np.random.default_rng(random_state)
    out: dict[str, list] = {}
    for start in range(0, n_resamples, CHUNK):
        idx = resample_indices(len(y_true), min(CHUNK, n_resamples - start), rng)   # (b, n)
        cm = metrics.confusions(y_true[idx][:, None, :], y_pred[:, idx].transpose(1, 0, 2), n_labels)
        for name, value in metrics.scores(cm, headline).items():
            with warnings.catch_warnings():  # a resample where kappa is undefined in every repeat stays NaN
                warnings.simplefilter("ignore", RuntimeWarning)
                out.setdefault(name, []).append(np.nanmean(value, axis=1) if name == "kappa" else value.mean(axis=1))
    return {name: np.concatenate(parts) for name, parts in out.items()}


def score_table(y_true, y_pred, labels, headline, n_resamples, confidence, random_state) -> dict:
    """Point scores (mean over repeats), std over repeats and bootstrap interval of every score.

    Illustration: score_table(["a", "b"], [["a", "a"]], ["a", "b"], ["a", "b"], 1000, 0.95, 0)["accuracy"]
             -> {"value": 0.5, "std": 0.0, "ci_low": 0.0, "ci_high": 1.0}
    """
    y_true = metrics.encode(y_true, labels)
    y_pred = np.stack([metrics.encode(row, labels) for row in y_pred])
    head = [labels.index(lab) for lab in headline]
    per_repeat = metrics.scores(metrics.confusions(y_true[None, :].repeat(len(y_pred), 0), y_pred, len(labels)),
                                head)
    boot = resampled_scores(y_true, y_pred, len(labels), head, n_resamples, random_state) if n_resamples else {}
    ci = {name: percentile_interval(v, confidence) for name, v in boot.items()}

    def entry(name, k=None):
        pick = (lambda a: a) if k is None else (lambda a: a[..., k])
        values = pick(per_repeat[name])
        row = {"value": _num(np.nanmean(values)) if np.isfinite(values).any() else None, "std": _num(np.std(values))}
        if name in ci:
            row.update(ci_low=_num(pick(ci[name][0])), ci_high=_num(pick(ci[name][1])))
        return row

    table = {name: entry(name) for name in metrics.SUMMARY}
    table["per_class"] = {lab: {**{name: entry(name, k) for name in metrics.PER_CLASS},
                                "support": int(per_repeat["support"][0, k])} for k, lab in enumerate(labels)}
    table["confusion"] = metrics.confusions(y_true, y_pred[0], len(labels)).tolist() if len(y_pred) == 1 else \
        metrics.confusions(y_true[None, :].repeat(len(y_pred), 0), y_pred, len(labels)).sum(axis=0).tolist()
    return table


def _num(x) -> float | None:
    """A JSON-safe rounded float (None for NaN)."""
    x = float(x)
    return round(x, 6) if np.isfinite(x) else None
