"""Clustering methods on a TF-IDF matrix: one seed in, one partition out.

Methods ([topics] method): `kmeans`, `minibatch_kmeans`, `agglomerative` (small corpora: it needs the
dense distance structure) and `nmf` (topics as non-negative factors; a segment goes to its largest factor).
k-means methods and agglomerative run on the TF-IDF rows or on LSA (TruncatedSVD, then rows rescaled to
unit length, as in scikit-learn's text clustering example); NMF needs the non-negative TF-IDF itself.
Every parameter comes from the config's [topics] table `t`; the seed is passed explicitly. With [topics]
refine, every partition is then refined by naive-Bayes EM on the TF-IDF rows (experiments/topics/refine.py).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import AgglomerativeClustering, KMeans, MiniBatchKMeans
from sklearn.decomposition import NMF
from sklearn.preprocessing import Normalizer

from experiments.config.schema import ConfigError
from experiments.config.sections import Topics
from experiments.topics.guided import anchor_centers, fit_anchored
from experiments.topics.refine import refine_naive_bayes, refine_naive_bayes_soft
from features.tfidf.lsa import truncated_svd

METHODS = ("kmeans", "minibatch_kmeans", "agglomerative", "nmf")
REFINE = {"naive_bayes": refine_naive_bayes, "soft_naive_bayes": refine_naive_bayes_soft}


@dataclass
class Partition:
    """One clustering of the segments.

    labels: cluster of each segment; term_weights: (k, n_terms) centroid weight (or NMF loading) of each
    TF-IDF term; shares: (n, k) topic share of each segment (one-hot, or NMF weights summing to 1);
    X_fit: the matrix the method clustered; objective: inertia or NMF reconstruction error (nan if none).
    """

    labels: np.ndarray
    term_weights: np.ndarray
    shares: np.ndarray
    X_fit: np.ndarray | sp.spmatrix
    objective: float


def n_lsa_components(X_tfidf, n_components: int) -> int:
    """LSA size actually used: at most one less than the smaller side of the matrix (small corpora).

    Illustration: n_lsa_components(X of shape (35, 269), 100) -> 34
    """
    return max(1, min(n_components, min(X_tfidf.shape) - 1))


def represent(X_tfidf, t: Topics, random_state: int):
    """The matrix to cluster and the fitted SVD (None on TF-IDF).

    Illustration: represent(X, {"representation": "lsa", "n_components": 100, "normalize": True}, 0)[0].shape
             -> (n_segments, 100)
    """
    if t.representation == "tfidf" or t.method == "nmf":
        return X_tfidf, None
    svd = truncated_svd(n_lsa_components(X_tfidf, t.n_components), random_state)
    X = svd.fit_transform(X_tfidf)
    # SVD rows are no longer unit length; k-means on cosine geometry needs them rescaled (LSA practice).
    return (Normalizer(copy=False).fit_transform(X) if t.normalize else X), svd


def make_model(t: Topics, n_clusters: int, random_state: int):
    """An unfitted scikit-learn estimator for the configured method."""
    if t.method == "kmeans":
        return KMeans(n_clusters=n_clusters, init=t.init, n_init=t.n_init, max_iter=t.max_iter,
                      random_state=random_state)
    if t.method == "minibatch_kmeans":
        return MiniBatchKMeans(n_clusters=n_clusters, init=t.init, n_init=t.n_init,
                               max_iter=t.max_iter, batch_size=t.batch_size, random_state=random_state)
    if t.method == "agglomerative":
        return AgglomerativeClustering(n_clusters=n_clusters, linkage=t.linkage, metric=t.metric)
    kl = t.nmf_beta_loss == "kullback-leibler"
    return NMF(n_components=n_clusters, init=t.nmf_init, beta_loss=t.nmf_beta_loss,
               solver="mu" if kl else "cd", alpha_W=t.nmf_alpha_W, l1_ratio=t.nmf_l1_ratio,
               max_iter=t.max_iter, random_state=random_state)


def cluster_means(X, labels: np.ndarray, n_clusters: int) -> np.ndarray:
    """Mean row of each cluster (dense (k, d)), for sparse or dense X; an empty cluster gets zeros.

    >>> cluster_means(np.array([[0, 2], [2, 0]]), np.array([0, 0]), 1)
    array([[1., 1.]])
    """
    onehot = sp.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))),
                           shape=(n_clusters, len(labels)))
    sums = onehot @ X
    sums = sums.toarray() if sp.issparse(sums) else np.asarray(sums)
    return sums / np.maximum(np.bincount(labels, minlength=n_clusters), 1)[:, None]


def fit_partition(X_tfidf, t: Topics, n_clusters: int, random_state: int, represented=None,
                  anchors=None) -> Partition:
    """Cluster the TF-IDF rows with the configured method and one seed, then refine it if [topics] refine says.

    `represented`: a `represent(X_tfidf, t, s)` result to reuse (the LSA fitted once for many seeds);
    by default every seed fits its own. `anchors`: TF-IDF rows of [topics] seed_words (guided.py), the
    initial centroids of the first clusters (k-means methods).

    Illustration: fit_partition(X, {"method": "kmeans", "representation": "lsa", ...}, 4, 0).labels
             -> array([3, 0, 0, 2, …])
    """
    part = fit_method(X_tfidf, t, n_clusters, random_state, represented, anchors)
    if t.refine == "none":
        return part
    labels = REFINE[t.refine](X_tfidf, part.labels)
    # The refined clusters are judged by their TF-IDF word distributions, so their terms are the cluster means;
    # the objective stays the method's (the consensus "objective" ranks the seeds' starts).
    return Partition(labels, cluster_means(X_tfidf, labels, n_clusters), np.eye(n_clusters)[labels],
                     part.X_fit, part.objective)


def fit_method(X_tfidf, t: Topics, n_clusters: int, random_state: int, represented=None,
               anchors=None) -> Partition:
    """The configured method's partition of the rows with one seed (see `fit_partition`), not refined."""
    if t.method == "agglomerative" and X_tfidf.shape[0] > t.agglomerative_max_samples:
        raise ConfigError(f"[topics] method = 'agglomerative' on {X_tfidf.shape[0]} segments exceeds "
                          f"agglomerative_max_samples = {t.agglomerative_max_samples}; use kmeans")
    X_fit, svd = represented or represent(X_tfidf, t, random_state)
    model = make_model(t, n_clusters, random_state)
    if t.method == "nmf":
        W = model.fit_transform(X_fit)
        labels = np.argmax(W, axis=1)
        shares = W / np.maximum(W.sum(axis=1, keepdims=True), 1e-12)
        return Partition(labels, model.components_, shares, X_fit, float(model.reconstruction_err_))
    if t.method == "agglomerative" and sp.issparse(X_fit):
        X_fit = X_fit.toarray()  # agglomerative clustering needs dense rows
    if anchors is not None:
        centers = anchor_centers(anchors, svd, t.normalize)
        model = fit_anchored(X_fit, model, centers, t.n_init, random_state)
    labels = model.labels_ if anchors is not None else model.fit_predict(X_fit)
    if t.method == "agglomerative":
        weights = cluster_means(X_tfidf, labels, n_clusters)
    else:
        # Centroids found in LSA space are mapped back to terms to be read (as scikit-learn's example does).
        weights = svd.inverse_transform(model.cluster_centers_) if svd is not None else model.cluster_centers_
    shares = np.eye(n_clusters)[labels]
    return Partition(labels, np.asarray(weights), shares, X_fit, float(getattr(model, "inertia_", np.nan)))
