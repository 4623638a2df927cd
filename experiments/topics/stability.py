"""Stability over seeds: the same setting fitted with several seeds, and how much the partitions agree.

Every metric is reported as mean ± std over the seeds; agreement is the adjusted Rand index between
each pair of seeds' partitions (1: identical up to renaming the clusters; about 0: chance).
"""
from __future__ import annotations

from itertools import combinations

import numpy as np
from sklearn.metrics import adjusted_rand_score


def seeds_of(random_state: int, n_seeds: int) -> list[int]:
    """The seeds of a run: the config's random_state and the next n_seeds - 1 integers.

    >>> seeds_of(0, 5)
    [0, 1, 2, 3, 4]
    """
    return [random_state + i for i in range(n_seeds)]


def pairwise_ari(partitions: list[np.ndarray]) -> np.ndarray:
    """Symmetric matrix of adjusted Rand indices between the partitions (1 on the diagonal).

    >>> pairwise_ari([np.array([0, 0, 1]), np.array([1, 1, 0])])
    array([[1., 1.],
           [1., 1.]])
    """
    n = len(partitions)
    out = np.eye(n)
    for i, j in combinations(range(n), 2):
        out[i, j] = out[j, i] = adjusted_rand_score(partitions[i], partitions[j])
    return out


def off_diagonal(matrix: np.ndarray) -> np.ndarray:
    """The values above the diagonal: each pair of seeds once.

    >>> off_diagonal(np.array([[1, .5], [.5, 1]]))
    array([0.5])
    """
    return matrix[np.triu_indices(len(matrix), k=1)]


def mean_std(rows: list[dict], names) -> dict:
    """{name: {"mean": ..., "std": ...}} over the rows (population std, as scikit-learn's example).

    >>> mean_std([{"v": 0.4}, {"v": 0.6}], ["v"])
    {'v': {'mean': 0.5, 'std': 0.1}}
    """
    out = {}
    for name in names:
        values = np.array([r[name] for r in rows], dtype=float)
        out[name] = {"mean": round(float(np.mean(values)), 6), "std": round(float(np.std(values)), 6)}
    return out


def stability_summary(partitions: list[np.ndarray]) -> dict:
    """Mean ± std of the pairwise ARI between seeds, and the matrix itself.

    Illustration: stability_summary([a, a]) -> {"pairwise_ari": {"mean": 1.0, "std": 0.0}, "matrix": [[1, 1], …]}
    """
    matrix = pairwise_ari(partitions)
    pairs = off_diagonal(matrix)
    if pairs.size == 0:  # one seed: nothing to compare
        return {"pairwise_ari": {"mean": float("nan"), "std": float("nan")}, "matrix": matrix.tolist()}
    return {"pairwise_ari": {"mean": round(float(pairs.mean()), 6), "std": round(float(pairs.std()), 6)},
            "matrix": np.round(matrix, 6).tolist()}
