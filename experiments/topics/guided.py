"""Guided topics ([topics] seed_words): word lists that anchor the first k-means topics without fixing them.

Each list is read as a short passage of its words: prepared as the corpus is (lowercase, lemmas, stop
words), matched to the run's word features, and made a unit TF-IDF row of equal weights (the words a
researcher chose count alike, whatever their frequency). In the clustered space (the same LSA, rows
rescaled as the segments') these rows are the initial centroids of the first len(seed_words) clusters;
the other centroids are drawn by k-means++ given those (D^2 sampling from the distance to the nearest
chosen centroid), and k-means then moves every centroid freely. Each of n_init starts draws its own
k-means++ completion; the start with the lowest inertia is kept, as KMeans does.
The run records which cluster of its (consensus) partition each list anchored, how much of the seeds'
anchored clusters it holds, and whether the list's terms are still among that cluster's top terms.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.metrics.pairwise import euclidean_distances
from sklearn.preprocessing import normalize

from features.errors import ConfigError
from features.text.language import prepare


def seed_terms(seed_words, text_settings, feature_names) -> list[dict]:
    """Each list's words as the run's word features: the terms found, their columns, the words not found.

    A list none of whose words is a feature of the corpus is a ConfigError (it would anchor nothing).
    Illustration: seed_terms((("Tests", "nuclear testing"),), TextSettings(language="en"), names)
             -> [{"words": ["Tests", "nuclear testing"], "terms": ["test", "nuclear test"], "columns": [812, 903],
                 "missing": []}]
    """
    index = {str(n).split("__", 1)[-1]: j for j, n in enumerate(feature_names) if not str(n).startswith("char__")}
    out = []
    for i, words in enumerate(seed_words):
        prepared = prepare(list(words), text_settings)
        terms = [p for p in dict.fromkeys(prepared) if p in index]
        if not terms:
            raise ConfigError(f"[topics] seed_words[{i}] {list(words)}: no word is a feature of the corpus "
                              "(after preparation, min_df and max_df); choose words the corpus uses")
        out.append({"words": list(words), "terms": terms, "columns": [index[p] for p in terms],
                    "missing": [w for w, p in zip(words, prepared, strict=True) if p not in index]})
    return out


def anchor_rows(columns: list[list[int]], n_features: int) -> sp.csr_matrix:
    """One unit-length TF-IDF row per seed-word list, equal weights on its terms' columns.

    >>> anchor_rows([[0, 1], [2]], 3).toarray().round(3)
    array([[0.707, 0.707, 0.   ],
           [0.   , 0.   , 1.   ]])
    """
    rows = np.repeat(np.arange(len(columns)), [len(c) for c in columns])
    X = sp.csr_matrix((np.ones(len(rows)), (rows, np.concatenate(columns))), shape=(len(columns), n_features))
    return normalize(X)


def anchor_centers(anchors: sp.csr_matrix, svd, rescale: bool) -> np.ndarray:
    """The anchor rows in the clustered space: projected by the run's LSA (and rescaled) or as TF-IDF."""
    if svd is None:
        return anchors.toarray()
    centers = svd.transform(anchors)
    return normalize(centers) if rescale else centers


def complete_kmeanspp(X, centers: np.ndarray, n_clusters: int, rng: np.random.RandomState) -> np.ndarray:
    """`centers` and n_clusters - len(centers) more rows of X drawn by k-means++ (D^2) given them.

    >>> X = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0]])
    >>> complete_kmeanspp(X, np.array([[0.0, 0.0]]), 2, np.random.RandomState(0)).tolist()
    [[0.0, 0.0], [5.0, 5.0]]
    """
    chosen = [np.asarray(c, dtype=float) for c in centers]
    d2 = euclidean_distances(X, np.vstack(chosen), squared=True).min(axis=1)
    while len(chosen) < n_clusters:
        total = d2.sum()
        j = rng.choice(X.shape[0], p=d2 / total) if total > 0 else rng.randint(X.shape[0])
        row = X[j].toarray().ravel() if sp.issparse(X) else np.asarray(X[j], dtype=float)
        chosen.append(row)
        d2 = np.minimum(d2, euclidean_distances(X, row[None, :], squared=True).ravel())
    return np.vstack(chosen)


def fit_anchored(X, model, centers: np.ndarray, n_init: int, random_state: int):
    """The fitted k-means `model` (unfitted in) of the best of n_init anchored starts (lowest inertia)."""
    rng, best = np.random.RandomState(random_state), None
    for _ in range(n_init):
        init = complete_kmeanspp(X, centers, model.n_clusters, rng)
        fitted = clone(model).set_params(init=init, n_init=1).fit(X)
        if best is None or fitted.inertia_ < best.inertia_:
            best = fitted
    return best


def anchored_clusters(partitions: list[np.ndarray], labels: np.ndarray, n_lists: int,
                      n_clusters: int) -> list[tuple[int, float]]:
    """For list i, the cluster of `labels` holding most of the segments the seeds put in their cluster i,
    and the share of those segments it holds (1.0: the reference cluster is the seeds' anchored cluster).

    >>> anchored_clusters([np.array([0, 0, 1, 1])], np.array([1, 1, 0, 0]), 1, 2)
    [(1, 1.0)]
    """
    out = []
    for i in range(n_lists):
        counts = sum(np.bincount(labels[np.asarray(p) == i], minlength=n_clusters) for p in partitions)
        c = int(np.argmax(counts))
        out.append((c, round(float(counts[c] / max(counts.sum(), 1)), 4)))
    return out


def guided_summary(found: list[dict], anchored: list[tuple[int, float]], top: list[list[str]],
                   names: list[str]) -> dict:
    """metrics.json topics.guided (one value per seed-word list): the words, the terms they matched, the
    cluster each anchored with its label and share, and the list's terms still among its top terms.

    >>> guided_summary([{"words": ["Tests"], "terms": ["test"], "missing": []}], [(2, 0.9)],
    ...                [[], [], ["test", "ban"]], ["a", "b", "test / ban"])["kept"]
    [True]
    """
    kept = [[term for term in f["terms"] if term in top[c]] for f, (c, _) in zip(found, anchored, strict=True)]
    return {"seed_words": ["; ".join(f["words"]) for f in found], "terms": ["; ".join(f["terms"]) for f in found],
            "missing": ["; ".join(f["missing"]) for f in found], "cluster": [c for c, _ in anchored],
            "label": [names[c] for c, _ in anchored], "share_of_seed_clusters": [s for _, s in anchored],
            "terms_in_top_terms": ["; ".join(k) for k in kept], "kept": [bool(k) for k in kept]}
