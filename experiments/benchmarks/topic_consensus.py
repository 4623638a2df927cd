"""Does a rerun with other seeds find the same topics? The consensus of disjoint seed sets, compared.

For a topics config and a fixed k, the seeds are cut into `--sets` disjoint sets of [topics] n_seeds
(random_state, random_state + 1, ...); each set is clustered and reduced to its consensus by each of
`--methods` (consensus.py; "none": the set's first seed), and the command prints the adjusted Rand
index between every two sets' consensus partitions beside the ARI between single seeds. The LSA is
fitted once (seed random_state) and shared by every k-means seed (`fit_partition(..., represented=...)`),
so what varies is the clustering's seed; the run itself fits one LSA per seed.

Run: python -m experiments.benchmarks.topic_consensus experiments/configs/ungdc_topics.toml --k 6
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
from experiments.topics import guided
from experiments.topics.clustering import fit_partition, represent
from experiments.topics.consensus import consensus
from experiments.topics.stability import off_diagonal, pairwise_ari


def set_consensus(X_tfidf, t: dict, k: int, seeds: list[int], represented, methods,
                  anchors=None) -> tuple[dict, list]:
    """Each method's consensus partition of one seed set, and the seeds' own partitions."""
    parts = [fit_partition(X_tfidf, t, k, seed, represented, anchors) for seed in seeds]
    labels, objectives = [p.labels for p in parts], [p.objective for p in parts]
    out = {m: labels[0] if m == "none" else
           consensus(labels, m, k, seeds[0], t.consensus_n_init, objectives)["labels"] for m in methods}
    return out, labels


def between_sets(X_tfidf, t: dict, k: int, random_state: int, n_sets: int, methods, log=print,
                 anchors=None) -> dict:
    """Per method, ARI between the consensus partitions of `n_sets` disjoint seed sets; and between seeds.
    `anchors`: the rows of [topics] seed_words (guided.py), when the config sets them.

    Illustration: between_sets(X, t, 6, 2040, 3, ["objective"])["objective"] -> [0.99, 0.98, 0.98]
    """
    represented = represent(X_tfidf, t, random_state)
    labels, singles = {m: [] for m in methods}, []
    for i in range(n_sets):
        start = time.perf_counter()
        seeds = [random_state + i * t.n_seeds + j for j in range(t.n_seeds)]
        cons, parts = set_consensus(X_tfidf, t, k, seeds, represented, methods, anchors)
        for m in methods:
            labels[m].append(cons[m])
        singles.extend(off_diagonal(pairwise_ari(parts)).tolist())
        log(f"seeds {seeds[0]}..{seeds[-1]}: {time.perf_counter() - start:.1f} s")
    out = {m: [round(float(adjusted_rand_score(a, b)), 4) for a, b in combinations(ls, 2)]
           for m, ls in labels.items()}
    return {**out, "single_seeds": round(float(np.mean(singles)), 4) if singles else None}


def main(argv=None) -> None:
    """Print the ARI between seed sets' consensus partitions for a config at a fixed k."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("config")
    ap.add_argument("--k", type=int, required=True)
    ap.add_argument("--sets", type=int, default=3)
    ap.add_argument("--set", action="append", default=[], dest="overrides")
    ap.add_argument("--methods", default="none,coassociation,medoid,objective")
    args = ap.parse_args(argv)
    config = cfg.load(args.config, args.overrides)
    t = config.topics
    segments = load_segments(config)
    features = engine.feature_input(config, [s.text for s in segments])
    vectorizer = features.vectorizer()
    X_tfidf = vectorizer.fit_transform(features.X)
    found = guided.seed_terms(t.seed_words, features.text, features.names(vectorizer)) if t.seed_words else []
    anchors = guided.anchor_rows([f["columns"] for f in found], X_tfidf.shape[1]) if found else None
    with threadpool_limits(limits=config.experiment.n_jobs):
        out = between_sets(X_tfidf, t, args.k, config.experiment.random_state, args.sets,
                           args.methods.split(","), anchors=anchors)
    print(f"{X_tfidf.shape[0]} segments, k = {args.k}, {args.sets} sets of {t.n_seeds} seeds, "
          f"n_init {t.n_init}; mean ARI between single seeds {out.pop('single_seeds')}")
    for method, pairs in out.items():
        print(f"{method:>14}: ARI between the sets' partitions {pairs} (mean {np.mean(pairs):.3f})")


if __name__ == "__main__":
    main()
