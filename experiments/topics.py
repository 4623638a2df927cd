"""Topics: k-means on the TF-IDF matrix, with the top terms of each cluster centroid."""
from __future__ import annotations

import numpy as np
from sklearn.cluster import KMeans


def fit_kmeans(X, n_clusters: int, n_init: int, random_state: int) -> KMeans:
    """k-means with an explicit seed: the same config gives the same partition.

    Example: fit_kmeans(X, 4, 10, 0).labels_ -> array([2, 0, 0, …])
    """
    return KMeans(n_clusters=n_clusters, n_init=n_init, random_state=random_state).fit(X)


def top_terms(centers: np.ndarray, feature_names: np.ndarray, n_top: int) -> list[list[str]]:
    """The `n_top` terms with the largest centroid weight, for each cluster.

    Example: top_terms(np.array([[0.1, 0.9]]), np.array(["word__a", "word__b"]), 1) -> [["b"]]
    """
    # A stable sort breaks ties by feature index, so equal weights give the same list every run.
    order = np.argsort(-centers, axis=1, kind="stable")[:, :n_top]
    # Drop the "word__"/"char__" prefix the ColumnTransformer gives: readers want the term itself.
    return [[str(feature_names[j]).split("__", 1)[-1] for j in row] for row in order]
