"""Internal criteria of a partition, and the choice of k from them (labels are never used here).

Silhouette (cosine or euclidean, higher is better), Calinski-Harabasz (higher is better) and
Davies-Bouldin (lower is better) are computed on the matrix the method clustered (TF-IDF or LSA).
The sweep fits every k in [k_min, k_max] with every seed; the rule picks k from the mean over seeds.
Stability is a criterion too: the mean adjusted Rand index between the seeds' partitions at each k or,
with a [topics] consensus, the ARI between the consensus of the even-numbered seeds and that of the odd
ones (split half: would a rerun with other seeds tell the same story?).
`k_rule = "stability"` picks the most stable k, and `k_min_stability` > 0 keeps any rule to the k whose
stability reaches it (the most stable k when none does): a k that each seed splits differently is a k
whose topics a rerun would not find again.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import adjusted_rand_score, calinski_harabasz_score, davies_bouldin_score, silhouette_score

from experiments.config.sections import Topics
from experiments.topics.clustering import fit_partition
from experiments.topics.consensus import consensus
from experiments.topics.stability import off_diagonal, pairwise_ari
from features.tfidf.lsa import truncated_svd

INTERNAL = ("silhouette", "calinski_harabasz", "davies_bouldin")
BEST = {"silhouette": np.argmax, "calinski_harabasz": np.argmax, "davies_bouldin": np.argmin,
        "stability": np.argmax}
MAX_DENSE = 50_000_000  # cells: above this, CH and DB are computed on a 100-dimension SVD of the rows


def dense_rows(X, random_state: int) -> np.ndarray:
    """X as a dense array for the criteria that need one; a large sparse X is projected by SVD first.

    >>> dense_rows(sp.csr_matrix(np.eye(2)), 0)
    array([[1., 0.],
           [0., 1.]])
    """
    if not sp.issparse(X):
        return np.asarray(X)
    if X.shape[0] * X.shape[1] <= MAX_DENSE:
        return X.toarray()
    return truncated_svd(100, random_state).fit_transform(X)


def internal_scores(X, labels: np.ndarray, metric: str, sample_size: int, random_state: int) -> dict:
    """Silhouette, Calinski-Harabasz and Davies-Bouldin of one partition (nan when k is 1 or n).

    Illustration: internal_scores(X_lsa, labels, "cosine", 0, 0) -> {"silhouette": 0.031, ...}
    """
    n_labels = len(np.unique(labels))
    if not 2 <= n_labels <= X.shape[0] - 1:
        return {name: float("nan") for name in INTERNAL}
    rows = np.arange(X.shape[0])
    if 0 < sample_size < X.shape[0]:  # the sample silhouette_score would draw, drawn here to check it first
        rows = np.random.RandomState(random_state).permutation(X.shape[0])[:sample_size]
    in_sample = len(np.unique(labels[rows]))  # a sample of one cluster, or of singletons, has no silhouette
    dense = dense_rows(X, random_state)
    return {
        "silhouette": float(silhouette_score(X[rows], labels[rows], metric=metric))
        if 2 <= in_sample <= len(rows) - 1 else float("nan"),
        "calinski_harabasz": float(calinski_harabasz_score(dense, labels)),
        "davies_bouldin": float(davies_bouldin_score(dense, labels)),
    }


def k_values(t: Topics, n_samples: int) -> list[int]:
    """The k of the sweep: k_min..k_max, at most n_samples - 1 (silhouette needs a cluster of 2).

    >>> from experiments.config.sections import Topics
    >>> k_values(Topics(k_min=2, k_max=8), 6)
    [2, 3, 4, 5]
    """
    return list(range(t.k_min, min(t.k_max, n_samples - 1) + 1))


def sweep(X_tfidf, t: Topics, seeds: list[int], anchors=None) -> list[dict]:
    """One row per (k, seed): the internal criteria and the method's objective (`anchors`: guided.py).

    Illustration: sweep(X, t, [0, 1])[0] -> {"k": 2, "seed": 0, "silhouette": 0.04, ..., "objective": 27.1}
    """
    rows = []
    for k in k_values(t, X_tfidf.shape[0]):
        for seed in seeds:
            part = fit_partition(X_tfidf, t, k, seed, anchors=anchors)
            scores = internal_scores(part.X_fit, part.labels, t.silhouette_metric,
                                     t.silhouette_sample_size, seed)
            rows.append({"k": k, "seed": seed, **scores, "objective": part.objective, "labels": part.labels})
    return rows


def split_half(at_k: list[dict], t: dict) -> float:
    """ARI between the consensus of the even-numbered seeds' partitions and of the odd-numbered ones.

    Illustration: split_half(rows of one k, {"consensus": "objective", ...}) -> 0.98
    """
    k = at_k[0]["k"]
    halves = [at_k[0::2], at_k[1::2]]
    labels = [consensus([r["labels"] for r in h], t.consensus, k, 0, t.consensus_n_init,
                        [r["objective"] for r in h])["labels"] for h in halves]
    return float(adjusted_rand_score(*labels))


def stability_name(t: dict | None) -> str:
    """What the sweep's stability column measures, for the rule recorded in metrics.json."""
    if t and t.consensus != "none":
        return f"ARI between the {t.consensus} consensus of the even and of the odd seeds"
    return "mean ARI between seeds"


def summarize_sweep(rows: list[dict], t: dict | None = None) -> list[dict]:
    """Mean and std over seeds of each criterion, one row per k.

    Stability: mean ± std of the pairwise ARI between the seeds' partitions (nan with one seed), or with
    `t` asking for a consensus the split-half ARI of the consensus (std 0).
    Illustration: summarize_sweep(rows)[0] -> {"k": 2, "silhouette_mean": 0.04, ..., "stability_mean": 0.93, ...}
    """
    out = []
    for k in sorted({r["k"] for r in rows}):
        at_k = [r for r in rows if r["k"] == k]
        row = {"k": k}
        for name in INTERNAL:
            values = np.array([r[name] for r in at_k], dtype=float)
            row[f"{name}_mean"], row[f"{name}_std"] = float(np.mean(values)), float(np.std(values))
        pairs = off_diagonal(pairwise_ari([r["labels"] for r in at_k])) if "labels" in at_k[0] else []
        if t and t.consensus != "none" and len(at_k) >= 2:
            pairs = [split_half(at_k, t)]
        row["stability_mean"] = float(np.mean(pairs)) if len(pairs) else float("nan")
        row["stability_std"] = float(np.std(pairs)) if len(pairs) else float("nan")
        out.append(row)
    return out


def stable_enough(summary: list[dict], threshold: float) -> list[dict]:
    """The rows whose mean stability reaches `threshold`; the most stable row alone when none does.

    >>> stable_enough([{"k": 2, "stability_mean": 0.95}, {"k": 3, "stability_mean": 0.6}], 0.9)
    [{'k': 2, 'stability_mean': 0.95}]
    """
    if threshold <= 0:
        return summary
    stability = np.nan_to_num(np.array([r["stability_mean"] for r in summary], dtype=float), nan=-1.0)
    kept = [r for r, s in zip(summary, stability, strict=True) if s >= threshold]
    return kept or [summary[int(np.argmax(stability))]]


def choose_k(summary: list[dict], t: dict) -> dict:
    """The k to use and the rule that chose it: fixed in the config, or the best mean criterion.

    Illustration: choose_k(summary, Topics(k_rule="silhouette", k_min_stability=0.8)) -> {"k": 3, "rule":
             "max mean silhouette (cosine) over k = 2..8 with mean ARI between seeds >= 0.8 (k = 2, 3)"}
    """
    if t.k_rule == "fixed" or not summary:
        return {"k": t.n_clusters, "rule": "fixed in the config ([topics] n_clusters)"}
    threshold = t.k_min_stability
    ks = [r["k"] for r in summary]
    summary = stable_enough(summary, threshold)
    means = np.array([r[f"{t.k_rule}_mean"] for r in summary], dtype=float)
    means = np.where(np.isnan(means), -np.inf if BEST[t.k_rule] is np.argmax else np.inf, means)
    best = summary[int(BEST[t.k_rule](means))]["k"]
    way = "min" if t.k_rule == "davies_bouldin" else "max"
    extra = f" ({t.silhouette_metric})" if t.k_rule == "silhouette" else ""
    extra += f" ({stability_name(t)})" if t.k_rule == "stability" else ""
    rule = f"{way} mean {t.k_rule}{extra} over k = {ks[0]}..{ks[-1]}"
    if threshold > 0:
        rule += (f" with {stability_name(t)} >= {threshold} (k = {', '.join(str(r['k']) for r in summary)};"
                 " the most stable k alone when none reaches it)")
    return {"k": int(best), "rule": rule}
