"""2-D coordinates of the segments for the topic map (computed in the run, saved, then plotted).

`svd`: the first two LSA axes of the TF-IDF matrix (fast, linear). `tsne`: t-SNE with a fixed seed on a
50-dimension LSA of the TF-IDF rows (the usual preprocessing; t-SNE on raw sparse rows is slow).
"""
from __future__ import annotations

import numpy as np
from sklearn.manifold import TSNE
from sklearn.preprocessing import Normalizer

from features.tfidf.lsa import truncated_svd


def map_coordinates(X_tfidf, method: str, random_state: int, perplexity: float = 30.0) -> np.ndarray:
    """(n, 2) coordinates of the rows of `X_tfidf`.

    Illustration: map_coordinates(X, "svd", 0).shape -> (35, 2)
    """
    n = X_tfidf.shape[0]
    if n < 3 or min(X_tfidf.shape) < 3:
        return np.zeros((n, 2))  # nothing to project on a corpus this small
    if method == "svd":
        return truncated_svd(2, random_state).fit_transform(X_tfidf)
    svd = truncated_svd(min(50, min(X_tfidf.shape) - 1), random_state)
    X = Normalizer().fit_transform(svd.fit_transform(X_tfidf))
    # t-SNE needs perplexity < n; on a small corpus it is lowered to a third of the segments.
    tsne = TSNE(n_components=2, perplexity=min(perplexity, (n - 1) / 3), init="pca",
                random_state=random_state)
    return tsne.fit_transform(X)
