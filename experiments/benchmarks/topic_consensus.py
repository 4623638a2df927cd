"""Does a rerun with other seeds find the same topics? The consensus of disjoint seed sets, compared.

For a topics config and a fixed k, the seeds are cut into `--sets` disjoint sets of [topics] n_seeds
(random_state, random_state + 1, ...); each set is clustered and reduced to its consensus
([topics] consensus), and the command prints the adjusted Rand index between every two sets' consensus
partitions beside the ARI between single seeds. The LSA is fitted once (seed random_state) and shared
by every k-means seed (`fit_partition(..., represented=...)`), so what varies is the clustering's seed;
the run itself fits one LSA per seed, whose randomised SVDs agree to rounding.

Run: python -m experiments.benchmarks.topic_consensus experiments/configs/ungdc_topics.toml --k 8 \\
        --set topics.n_seeds=15 --set topics.n_init=1 --set topics.consensus=coassociation
"""
from __future__ import annotations

import argparse
import time
from itertools import combinations

import numpy as np
from sklearn.metrics import adjusted_rand_score
from threadpoolctl import threadpool_limits

from experiments.config import schema as cfg
from experiments.corpus import engine
from experiments.corpus.data import load_segments
from experiments.topics.clustering import fit_partition, represent
from experiments.topics.consensus import consensus
from experiments.topics.stability import off_diagonal, pairwise_ari


def set_consensus(X_tfidf, t: dict, k: int, seeds: list[int], represented) -> tuple[np.ndarray, list]:
    """The consensus partition of one seed set, and the seeds' own partitions."""
    parts = [fit_partition(X_tfidf, t, k, seed, represented).labels for seed in seeds]
    if t["consensus"] == "none":
        return parts[0], parts
    return consensus(parts, t["consensus"], k, seeds[0], t["consensus_n_init"])["labels"], parts


def between_sets(X_tfidf, t: dict, k: int, random_state: int, n_sets: int, log=print) -> dict:
    """ARI between the consensus partitions of `n_sets` disjoint seed sets, and between single seeds.

    Example: between_sets(X, t, 8, 2040, 3)["between_sets"] -> [0.91, 0.89, 0.93]
    """
    represented = represent(X_tfidf, t, random_state)
    labels, singles = [], []
    for i in range(n_sets):
        start = time.perf_counter()
        seeds = [random_state + i * t["n_seeds"] + j for j in range(t["n_seeds"])]
        cons, parts = set_consensus(X_tfidf, t, k, seeds, represented)
        labels.append(cons)
        singles.extend(off_diagonal(pairwise_ari(parts)).tolist())
        log(f"seeds {seeds[0]}..{seeds[-1]}: {time.perf_counter() - start:.1f} s")
    pairs = [float(adjusted_rand_score(a, b)) for a, b in combinations(labels, 2)]
    return {"between_sets": [round(p, 4) for p in pairs], "between_sets_mean": round(float(np.mean(pairs)), 4),
            "between_single_seeds_mean": round(float(np.mean(singles)), 4) if singles else None}


def main(argv=None) -> None:
    """Print the ARI between seed sets' consensus partitions for a config at a fixed k."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("config")
    ap.add_argument("--k", type=int, required=True)
    ap.add_argument("--sets", type=int, default=3)
    ap.add_argument("--set", action="append", default=[], dest="overrides")
    args = ap.parse_args(argv)
    config = cfg.load(args.config, args.overrides)
    t = config["topics"]
    segments = load_segments(config)
    features = engine.feature_input(config, [s.text for s in segments])
    X_tfidf = features.vectorizer().fit_transform(features.X)
    with threadpool_limits(limits=config["experiment"]["n_jobs"]):
        out = between_sets(X_tfidf, t, args.k, config["experiment"]["random_state"], args.sets)
    print(f"{X_tfidf.shape[0]} segments, k = {args.k}, {t['n_seeds']} seeds a set, consensus {t['consensus']}, "
          f"n_init {t['n_init']}")
    print(f"ARI between the sets' partitions: {out['between_sets']} (mean {out['between_sets_mean']}); "
          f"between single seeds: {out['between_single_seeds_mean']}")


if __name__ == "__main__":
    main()
