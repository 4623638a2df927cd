"""Which n-grams weigh for each stance: per class (from the model's weights) and per prediction.

Every model here scores a class as a linear function of the TF-IDF vector, so the weight of n-gram j for
class c is W[c, j]. Only differences between classes matter to the prediction, so weights are centred over
classes: W[c] - mean(W). For logistic regression, SVM and SGD W is `coef_`; for complement naive Bayes it
is `feature_log_prob_` (its decision is X @ feature_log_prob_.T); for a soft vote, its first member's W
(experiments/stance/softvote.py). A binary model's single row of weights
stands for the second class, its negation for the first. The contribution of n-gram j to the prediction of
segment x is x_j * (W[c, j] - mean_c W[:, j]).
"""
from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.pipeline import Pipeline


def class_weights(pipeline: Pipeline) -> tuple[np.ndarray, np.ndarray]:
    """(classes, centred weights (n_classes, n_features)) of a fitted TF-IDF pipeline.

    Illustration: class_weights(fitted_logreg)[1].shape -> (4, n_features)
    """
    clf = pipeline[-1]
    if hasattr(clf, "explained_member"):  # a soft vote: its first member's weights (experiments/stance/softvote.py)
        clf = clf.explained_member()
    W = clf.feature_log_prob_ if hasattr(clf, "feature_log_prob_") else clf.coef_
    W = np.asarray(W.toarray() if hasattr(W, "toarray") else W, dtype=float)
    if W.shape[0] == 1 and len(clf.classes_) == 2:
        W = np.vstack([-W[0], W[0]])
    return clf.classes_, W - W.mean(axis=0, keepdims=True)


def feature_names(pipeline: Pipeline) -> list[str]:
    """Readable n-gram names: word n-grams as is, character n-grams in brackets, cue counts as <cues label>.

    Illustration: feature_names(fitted)[:3] -> ["aucune preuve", "[ucun ]", "<cues deterrence>"]
    """
    def readable(n: str) -> str:
        if n.startswith("char__"):
            return f"[{n[6:]}]"
        if n.startswith("cues_"):  # experiments/stance/cuefeatures.py: "cues_<label>__"
            return f"<cues {n[5:].split('__', 1)[0]}>"
        if n.startswith("embed__"):  # features/embed/columns.py: one sentence-vector dimension
            return f"<vector {n[8:]}>"
        return n.split("__", 1)[-1]
    return [readable(n) for n in pipeline[0].get_feature_names_out()]


def top_ngrams(pipeline: Pipeline, n_top: int) -> list[tuple[str, int, str, float]]:
    """The n_top n-grams with the largest centred weight for each class: rows (label, rank, n-gram, weight).

    Illustration: top_ngrams(fitted, 1) -> [("deterrence", 1, "dissuasion", 0.83), ...]
    """
    classes, W = class_weights(pipeline)
    names = feature_names(pipeline)
    rows = []
    for k, label in enumerate(classes):
        order = np.argsort(-W[k], kind="stable")[:n_top]  # stable: equal weights keep feature order
        rows += [(str(label), r + 1, names[j], round(float(W[k, j]), 6)) for r, j in enumerate(order)]
    return rows


def explainer(pipeline: Pipeline) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(classes, centred weights, n-gram names) of a fitted pipeline: what `prediction_ngrams` reads, made
    once per model rather than once per chunk (the names of a 245k-feature model cost 0.1 s each time).

    Illustration: explainer(fitted)[2][:2] -> array(["aucune preuve", "[ucun ]"], dtype=object)
    """
    classes, W = class_weights(pipeline)
    return classes, W, np.asarray(feature_names(pipeline), dtype=object)


def among_top(values: np.ndarray, rows: np.ndarray, n_top: int) -> np.ndarray:
    """Mask of the `values` at least as large as the n_top-th largest distinct value of their row (`rows`
    ascending): every row's n_top largest are among them, ties included, so sorting these alone orders each
    row's first n_top as sorting them all would, at a fraction of the cost (n_top linear passes).

    >>> among_top(np.array([3.0, 1.0, 2.0, 2.0, 5.0, 4.0]), np.array([0, 0, 0, 0, 1, 1]), 2).tolist()
    [True, False, True, True, True, True]
    """
    if not len(values):
        return np.zeros(0, dtype=bool)
    new_row = np.r_[True, rows[1:] != rows[:-1]]
    starts, segment = np.flatnonzero(new_row), np.cumsum(new_row) - 1
    rest, threshold = values.copy(), np.full(len(starts), -np.inf)
    for _ in range(min(n_top, len(values))):  # the row's largest remaining value, then set aside with its ties
        threshold = np.maximum.reduceat(rest, starts)
        rest[rest >= threshold[segment]] = -np.inf
    return values >= threshold[segment]  # a row with fewer distinct values: -inf, all kept


def prediction_ngrams(pipeline: Pipeline, features, predicted, n_top: int, explained: tuple | None = None) -> list[str]:
    """For each row of `features` (the pipeline's TF-IDF of the texts, computed once by the caller), the
    n-grams that pushed most toward its predicted label, "ngram (weight) | …". `explained`: the pipeline's
    `explainer`, when the caller keeps it across chunks.

    Vectorised over the whole chunk: every nonzero's contribution at once, then the positive ones sorted by
    (row, -contribution, position in the row), which orders each row exactly as a stable per-row sort would.
    Illustration: prediction_ngrams(fitted, fitted[:-1].transform(X), ["reassurance"], 2)
                  -> ["aucune preuve (0.41) | preuve (0.22)"]
    """
    classes, W, names = explained or explainer(pipeline)
    features = sparse.csr_matrix(features)  # sentence vectors alone give a dense matrix
    features.sort_indices()  # the order a per-row loop over getrow() would see
    index = {c: k for k, c in enumerate(classes)}
    label_row = np.array([index[label] for label in predicted], dtype=np.intp)
    rows = np.repeat(np.arange(features.shape[0]), np.diff(features.indptr))
    contrib = features.data * W[label_row[rows], features.indices]
    positive = np.flatnonzero(contrib > 0)  # the only ones shown: the others need no sorting
    positive = positive[among_top(contrib[positive], rows[positive], n_top)]  # nor those below a row's top
    by_weight = positive[np.argsort(-contrib[positive], kind="stable")]  # stable: ties keep their position
    order = by_weight[np.argsort(rows[by_weight], kind="stable")]
    counts = np.bincount(rows[order], minlength=features.shape[0])
    keep = order[np.arange(len(order)) - (np.cumsum(counts) - counts)[rows[order]] < n_top]  # grouped by row
    parts = [f"{n} ({c:.3f})" for n, c in zip(names[features.indices[keep]].tolist(), contrib[keep].tolist(),
                                                strict=True)]
    ends = np.cumsum(np.bincount(rows[keep], minlength=features.shape[0])).tolist()
    return [" | ".join(parts[start:end]) for start, end in zip([0, *ends[:-1]], ends, strict=True)]
