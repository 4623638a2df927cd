"""Choosing a clustering setting without labels: candidates scored by internal criteria only.

The [selection] step fits each candidate setting (this config with a few `section.key=value` changes)
with its own seeds, and scores every partition without looking at any label:
- `silhouette_common`: cosine silhouette of the partition measured in ONE shared space, this config's
  TF-IDF matrix, so that candidates clustering different representations (LSA sizes, TF-IDF weightings,
  NMF) are compared on the same ground;
- `stability`: mean adjusted Rand index between the partitions of the candidate's seeds.
The rule picks the candidate with the best mean of the configured criterion. Labels never enter this
module: its output is the setting that a later run scores against the labels.
"""
from __future__ import annotations

import numpy as np
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

from experiments.config import schema as cfg
from experiments.config.load import candidate_config
from experiments.config.sections import Topics
from experiments.corpus.engine import feature_input
from experiments.output.tables import write_rows
from experiments.run import layout
from experiments.topics.clustering import fit_partition
from experiments.topics.stability import off_diagonal, pairwise_ari, seeds_of
from features.tfidf.feature_input import FeatureInput


def text_key(config: cfg.Config) -> tuple:
    """What a feature input's prepared text or counts depend on, beside the texts: [preprocess] and the engine."""
    return config.preprocess, config.features.engine


def candidate_tfidf(candidate: cfg.Config, features: FeatureInput, cache: dict):
    """The candidate's TF-IDF matrix, from the run's feature input when its prepared text or counts serve;
    a candidate with another [preprocess] (or wider n-grams) prepares or counts again, once per setting."""
    key = text_key(candidate)
    candidate_input = feature_input(candidate, features.texts, reuse=cache.get(key, features))
    cache.setdefault(key, candidate_input)
    return candidate_input.vectorizer().fit_transform(candidate_input.X)


def score_candidate(X_candidate, X_common, t: Topics, k: int, seeds: list[int]) -> dict:
    """Label-free scores of one candidate over its seeds: common-space silhouette and stability."""
    labels = [fit_partition(X_candidate, t, k, seed).labels for seed in seeds]
    sil = [silhouette_score(X_common, y, metric="cosine") if len(set(y)) > 1 else np.nan for y in labels]
    pairs = off_diagonal(pairwise_ari(labels))
    return {"silhouette_common_mean": float(np.mean(sil)), "silhouette_common_std": float(np.std(sil)),
            "stability_mean": float(pairs.mean()) if pairs.size else np.nan,
            "stability_std": float(pairs.std()) if pairs.size else np.nan}


def selection(config, segments, features: FeatureInput, run_dir, log) -> dict:
    """Score every candidate of [selection] without labels; the best mean criterion is chosen."""
    s = config.selection
    seeds = seeds_of(s.random_state, s.n_seeds)
    X_common = features.vectorizer().fit_transform(features.X)
    cache, rows = {text_key(config): features}, []
    with threadpool_limits(limits=config.experiment.n_jobs):
        for overrides in s.candidates:
            candidate = candidate_config(config, overrides)
            X_candidate = candidate_tfidf(candidate, features, cache)
            scores = score_candidate(X_candidate, X_common, candidate.topics, s.n_clusters, seeds)
            rows.append({"candidate": overrides, "n_features": X_candidate.shape[1], **scores})
            log(f"selection: {overrides or '(this config)'}: silhouette {scores['silhouette_common_mean']:.4f}, "
                f"stability {scores['stability_mean']:.3f}")
    write_rows(layout.tables(run_dir) / "selection.csv", list(rows[0]), [list(r.values()) for r in rows])
    means = np.array([r[f"{s.criterion}_mean"] for r in rows], dtype=float)
    best = rows[int(np.nanargmax(means))]
    rule = (f"max mean {s.criterion} over seeds {seeds[0]}..{seeds[-1]} (no labels); "
            f"silhouette: cosine, in this config's TF-IDF space")
    log(f"selection: chosen {best['candidate'] or '(this config)'} ({rule})")
    return {"chosen": best["candidate"], "rule": rule, "seeds": seeds,
            "candidates": [{k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in r.items()}
                           for r in rows]}
