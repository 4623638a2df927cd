"""One partition from several seeds' partitions ([topics] consensus), and how well it agrees with each.

- `coassociation`: the segments clustered by how often the seeds put them together. The co-association
  matrix C (C_ij = share of seeds that put i and j in one cluster) is never built: 17,080 segments would
  make it 2.3 GB. Each segment is instead the row of its m seeds' one-hot cluster indicators (n x m*k,
  sparse, m ones a row), and k-means runs on those rows: the squared distance between two rows is
  2m(1 - C_ij), so k-means minimises exactly the within-cluster disagreement of the co-association matrix,
  with n*m stored values instead of n^2 (Topchy, Jain & Punch 2005 show the same for the mutual-information
  consensus).
- `medoid`: the seed partition with the highest mean adjusted Rand index to the other seeds';
- `objective`: the seed partition with the best objective (lowest k-means inertia or NMF error), i.e.
  n_seeds x n_init starts of one method. Where the method's optimum is found by several starts, disjoint
  seed sets find the same partition; where it is not, neither consensus will be stable at that k.
Consensus clusters are renumbered by size (largest first), so reruns name the same topics alike.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

from experiments.topics.clustering import Partition, cluster_means, fit_partition
from experiments.topics.stability import pairwise_ari

METHODS = ("none", "coassociation", "medoid", "objective")


def indicator_rows(partitions: list[np.ndarray], n_clusters: int) -> sp.csr_matrix:
    """The n x (m * n_clusters) 0/1 matrix of the seeds' cluster memberships (one block per seed).

    >>> indicator_rows([np.array([0, 1]), np.array([1, 1])], 2).toarray()
    array([[1., 0., 0., 1.],
           [0., 1., 0., 1.]])
    """
    n, m = len(partitions[0]), len(partitions)
    rows = np.tile(np.arange(n), m)
    cols = np.concatenate([np.asarray(p) + i * n_clusters for i, p in enumerate(partitions)])
    return sp.csr_matrix((np.ones(n * m), (rows, cols)), shape=(n, m * n_clusters))


def by_size(labels: np.ndarray) -> np.ndarray:
    """Cluster ids renumbered by decreasing size (ties: the smaller old id first).

    >>> by_size(np.array([2, 2, 0, 1, 1, 1])).tolist()
    [1, 1, 2, 0, 0, 0]
    """
    labels = np.asarray(labels)
    sizes = np.bincount(labels)
    order = np.argsort(-sizes, kind="stable")
    new = np.empty_like(order)
    new[order] = np.arange(len(order))
    return new[labels]


def medoid_index(partitions: list[np.ndarray]) -> int:
    """Index of the partition with the highest mean ARI to the others (the first on a tie).

    >>> medoid_index([np.array([0, 0, 1, 1]), np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])])
    0
    """
    matrix = pairwise_ari(partitions)
    return int(np.argmax((matrix.sum(axis=1) - 1) / max(len(partitions) - 1, 1)))


def coassociation_labels(partitions: list[np.ndarray], n_clusters: int, random_state: int,
                         n_init: int = 10) -> np.ndarray:
    """k-means on the seeds' indicator rows: the co-association consensus (see the module docstring).

    The first of the n_init starts is the medoid seed's own partition, so the consensus is never worse,
    by the co-association objective, than the most typical seed's.
    Illustration: coassociation_labels([a, b, c], 12, 0) -> array([3, 0, 0, 11, …])
    """
    H = indicator_rows(partitions, n_clusters)
    medoid = np.asarray(partitions[medoid_index(partitions)])
    start = np.zeros((n_clusters, H.shape[1]))
    for c in range(n_clusters):
        members = medoid == c
        if members.any():
            start[c] = np.asarray(H[members].mean(axis=0)).ravel()
    best = KMeans(n_clusters, init=start, n_init=1, random_state=random_state).fit(H)
    if n_init > 1:
        other = KMeans(n_clusters, n_init=n_init - 1, random_state=random_state).fit(H)
        best = other if other.inertia_ < best.inertia_ - 1e-9 * abs(best.inertia_) else best
    return best.labels_


def consensus(partitions: list[np.ndarray], method: str, n_clusters: int, random_state: int,
              n_init: int = 10, objectives=None) -> dict:
    """The consensus partition (renumbered by size) and its ARI with every seed's partition.

    `objectives`: each partition's objective (lower is better), needed by "objective".

    Illustration: consensus([a, b, c], "medoid", 4, 0) -> {"labels": array([...]), "method": "medoid",
             "ari_with_seeds": [1.0, 0.71, 0.68], "medoid_seed_index": 0, ...}
    """
    if method == "medoid":
        index = medoid_index(partitions)
        labels, extra = np.asarray(partitions[index]), {"medoid_seed_index": index}
    elif method == "objective":
        index = int(np.nanargmin(objectives))
        labels, extra = np.asarray(partitions[index]), {"best_seed_index": index}
    else:
        labels, extra = coassociation_labels(partitions, n_clusters, random_state, n_init), {}
    labels = by_size(labels)
    agreement = [round(float(adjusted_rand_score(labels, p)), 6) for p in partitions]
    return {"labels": labels, "method": method, "ari_with_seeds": agreement,
            "ari_with_seeds_mean": round(float(np.mean(agreement)), 6), **extra}


def consensus_partition(parts: list[Partition], X_tfidf, t: dict, n_clusters: int, random_state: int):
    """The partition the run interprets, and its summary for metrics.json.

    "none": the first seed's partition as fitted. Otherwise the consensus labels, read like an
    agglomerative partition: term weights are the mean TF-IDF row of each cluster, shares are one-hot,
    and typical segments are measured in the first seed's clustered space (TF-IDF for NMF).
    Illustration: consensus_partition(parts, X, {"consensus": "medoid", ...}, 4, 0)[1]["ari_with_seeds"]
             -> [1.0, 0.83, 0.91]
    """
    if t.consensus == "none":
        return parts[0], {"method": "none"}
    summary = consensus([p.labels for p in parts], t.consensus, n_clusters, random_state,
                        t.consensus_n_init, [p.objective for p in parts])
    labels = summary.pop("labels")
    X_fit = X_tfidf if t.method == "nmf" else parts[0].X_fit
    part = Partition(labels, cluster_means(X_tfidf, labels, n_clusters), np.eye(n_clusters)[labels],
                     X_fit, float("nan"))
    return part, summary


def rerun_agreement(X_tfidf, t, n_clusters: int, labels: np.ndarray, seeds: list[int], anchors=None) -> dict:
    """ARI between the run's consensus `labels` and the consensus of a rerun with other `seeds` (disjoint
    from the run's): would a rerun with other seeds tell the same story? Labels play no part.

    Illustration: rerun_agreement(X, t, 7, consensus_labels, [2045, ..., 2049])
             -> {"rerun_ari": 0.96, "rerun_seeds": [2045, 2046, 2047, 2048, 2049]}
    """
    parts = [fit_partition(X_tfidf, t, n_clusters, seed, anchors=anchors) for seed in seeds]
    other = consensus([p.labels for p in parts], t.consensus, n_clusters, seeds[0], t.consensus_n_init,
                      [p.objective for p in parts])["labels"]
    return {"rerun_ari": round(float(adjusted_rand_score(labels, other)), 6), "rerun_seeds": list(seeds)}
