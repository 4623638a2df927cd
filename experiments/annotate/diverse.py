"""Diverse sampling: a draw spread evenly over the clusters of the unlabelled pool.

The pool's passages are embedded by LSA (TF-IDF fit on the pool, then TruncatedSVD and unit length), cut
into `n_clusters` groups by k-means, and the same number of passages is drawn at random from each cluster
(a cluster too small gives all it has and the others share the rest). Every step is seeded with the
draw's seed. No label is used: the clusters only decide which passages are read.
"""
from __future__ import annotations

import numpy as np
from sklearn.cluster import KMeans
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Normalizer

from features.read.encoding import CorpusError
from features.tfidf.feature_input import FeatureInput
from features.tfidf.lsa import truncated_svd


def lsa_clusters(pool: FeatureInput, n_clusters: int, n_components: int, n_init: int, seed: int):
    """k-means cluster of each pool passage on its LSA embedding (`pool`: the pool's feature input).

    Illustration: lsa_clusters(features.rows(pool), 10, 100, 10, 2029) -> array([3, 7, 0, …])
    """
    tfidf = pool.vectorizer().fit_transform(pool.X)
    n_components = min(n_components, tfidf.shape[1] - 1, tfidf.shape[0] - 1)
    lsa = make_pipeline(truncated_svd(n_components, seed), Normalizer(copy=False))
    Z = lsa.fit_transform(tfidf)
    return KMeans(n_clusters=n_clusters, n_init=n_init, random_state=seed).fit_predict(Z)


def cluster_quotas(sizes, n: int) -> list[int]:
    """Equal shares of n over clusters of the given sizes; small clusters give all they have and the rest
    is shared among the others, the lower-numbered clusters taking any remainder.

    >>> cluster_quotas([2, 50, 50], 30)
    [2, 14, 14]
    """
    quotas, open_ = [0] * len(sizes), [k for k, s in enumerate(sizes) if s > 0]
    left = n
    while left and open_:
        share = [left // len(open_) + (j < left % len(open_)) for j in range(len(open_))]
        for k, extra in zip(list(open_), share, strict=True):
            take = min(extra, sizes[k] - quotas[k])
            quotas[k] += take
            left -= take
        open_ = [k for k in open_ if quotas[k] < sizes[k]]
    return quotas


def diverse_draw(records: list[dict], features: FeatureInput, n: int, seed: int, exclude=frozenset(),
                 n_clusters: int = 10, n_components: int = 100, n_init: int = 10) -> tuple[list[int], np.ndarray]:
    """`n` unlabelled indices spread over k-means clusters (shuffled for the sheet), and their clusters.

    `features` is the feature input of all records (one row each), with the config's [features] settings.
    Illustration: diverse_draw(records, features, 100, 2029, labelled_ids)[1][:3] -> array([4, 0, 9])
    """
    pool = np.array([i for i, r in enumerate(records) if r["id"] not in exclude], dtype=np.int64)
    if n > len(pool):
        raise CorpusError(f"--n {n}: only {len(pool)} unlabelled passages left; lower --n")
    if n_clusters > len(pool):
        raise CorpusError(f"[annotate] n_clusters = {n_clusters} exceeds the {len(pool)} unlabelled passages")
    cluster = lsa_clusters(features.rows(pool), n_clusters, n_components, n_init, seed)
    quotas = cluster_quotas(np.bincount(cluster, minlength=n_clusters).tolist(), n)
    rng = np.random.default_rng(seed)
    chosen = np.concatenate([rng.choice(np.flatnonzero(cluster == k), size=q, replace=False)
                             for k, q in enumerate(quotas)])
    shown = rng.permutation(chosen)
    return pool[shown].tolist(), cluster[shown]
