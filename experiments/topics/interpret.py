"""Reading the clusters: top terms, most representative segments, sizes (the step writes them as tables).

Top terms are the largest centroid weights (k-means, in TF-IDF term space; LSA centroids are mapped
back to terms) or NMF loadings. A segment's representativeness is its cosine similarity to the mean
of its cluster in the clustered space, or its NMF topic share.
"""
from __future__ import annotations

import numpy as np
from sklearn.metrics.pairwise import cosine_similarity

from experiments.topics.clustering import Partition, cluster_means


def top_terms(weights: np.ndarray, feature_names, n_top: int) -> list[list[tuple[str, float]]]:
    """The `n_top` (term, weight) pairs with the largest weight, for each cluster.

    >>> top_terms(np.array([[0.1, 0.9]]), np.array(["word__a", "word__b"]), 1)
    [[('b', 0.9)]]
    """
    # A stable sort breaks ties by feature index, so equal weights give the same list every run. Weights are
    # rounded to 12 decimals first: terms of equal weight differ in their last bits from one CPU's BLAS to
    # another's, and would otherwise swap places between machines.
    order = np.argsort(-np.round(weights, 12), axis=1, kind="stable")[:, :n_top]
    # Drop the "word__"/"char__" prefix the ColumnTransformer gives: readers want the term itself.
    return [[(str(feature_names[j]).split("__", 1)[-1], float(weights[k, j])) for j in row]
            for k, row in enumerate(order)]


def representativeness(part: Partition, is_nmf: bool) -> np.ndarray:
    """How typical each segment is of its own cluster (higher is more typical).

    Illustration: representativeness(part, False)[:2] -> array([0.61, 0.43])
    """
    n_clusters = part.shares.shape[1]
    if is_nmf:
        return part.shares[np.arange(len(part.labels)), part.labels]
    centers = cluster_means(part.X_fit, part.labels, n_clusters)
    return cosine_similarity(part.X_fit, centers)[np.arange(len(part.labels)), part.labels]


def representative(part: Partition, is_nmf: bool, n: int) -> list[list[int]]:
    """Indices of the `n` most representative segments of each cluster, most typical first.

    Illustration: representative(part, False, 2) -> [[12, 3], [0, 7], ...]
    """
    score = representativeness(part, is_nmf)
    out = []
    for k in range(part.shares.shape[1]):
        members = np.flatnonzero(part.labels == k)
        out.append(members[np.argsort(-np.round(score[members], 12), kind="stable")][:n].tolist())  # as top_terms
    return out


def shorten(text: str, width: int = 200) -> str:
    """One line, at most `width` characters (an ellipsis marks a cut).

    >>> shorten("a  b\\nc", 10)
    'a b c'
    """
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
