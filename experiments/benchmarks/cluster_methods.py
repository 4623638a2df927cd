"""The clustering methods the text benchmarks compare (AG News, 20 Newsgroups) and the rule that picks one.

Every setting is fixed in advance, none chosen by looking at the labels: k = the number of classes (as in the
published comparisons), library defaults elsewhere. Methods, all on the same TF-IDF:
- k-means on LSA (100 components, normalised): the published TF-IDF baseline;
- NMF with the Kullback-Leibler loss (experiments/topics/clustering.py);
- the same NMF partition refined by naive-Bayes EM (experiments/topics/refine.py), hard (each row in one
  cluster) or soft (Nigam et al.'s published EM: each row weighs on every cluster by its posterior, with a
  uniform cluster prior, as a fitted one empties clusters); MultinomialNB's default smoothing (alpha = 1);
  [topics] refine = "naive_bayes" | "soft_naive_bayes" in a run;
- soft EM started from 50 NMF rounds instead of 300 (a start, not a converged factorisation).
Labels are read only by `scores`, after every partition of a method is fitted.

The rule without labels (RULE): among the methods whose every partition keeps k non-empty clusters, the
highest seed stability (mean ARI between the seeds' partitions: would a rerun give the same clusters?), then
the highest resampled stability (each seed fits on its own random 80% of the rows; mean ARI between two
seeds' partitions on the rows they share: would other documents of the same kind give the same clusters?),
both to 2 decimals (a smaller difference is seed noise), then the fewest CPU seconds. The second criterion
is there because a method that is deterministic given its start reaches seed stability 1.0 without being a
better partition; resampling moves every method's input. The cosine silhouette in LSA space is recorded
beside, not used: it favours the method that optimises that space (k-means on LSA).
"""
from __future__ import annotations

import json
import os
import time
import warnings

import numpy as np
from sklearn import metrics
from sklearn.decomposition import TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import normalize

from experiments.benchmarks.common import mean_std
from experiments.config.sections import Topics
from experiments.topics.clustering import fit_partition
from experiments.topics.stability import off_diagonal, pairwise_ari

SEEDS = [0, 1, 2, 3, 4]
RESAMPLE_FRACTION = 0.8
RULE = ("among methods keeping k non-empty clusters: highest seed stability (mean ARI between the seeds' "
        "partitions), then highest resampled stability (each seed fits a random 80% of the rows; mean ARI on "
        "the rows two seeds share), both to 2 decimals, then fewest CPU seconds; labels unused")
KL = {"method": "nmf", "nmf_beta_loss": "kullback-leibler", "nmf_init": "nndsvda"}
METHODS = {  # [topics] settings ("refine": experiments/topics/refine.py through fit_partition)
    "k-means on LSA": {"method": "kmeans", "representation": "lsa", "n_components": 100, "normalize": True},
    "NMF (KL)": KL,
    "NMF (KL) + naive Bayes EM": KL | {"refine": "naive_bayes"},
    "NMF (KL) + soft naive Bayes EM": KL | {"refine": "soft_naive_bayes"},
    "NMF (KL, 50 rounds) + soft naive Bayes EM": KL | {"max_iter": 50, "refine": "soft_naive_bayes"},
}


def partition(name: str, X, n_clusters: int, seed: int) -> np.ndarray:
    """One seed's partition of the rows of X by the method `name` (fit, then refine if its settings say)."""
    with warnings.catch_warnings():  # 50 NMF rounds stop before convergence on purpose
        warnings.simplefilter("ignore", ConvergenceWarning)
        return fit_partition(X, Topics(**METHODS[name]), n_clusters, seed).labels


def resample(n_rows: int, seed: int) -> np.ndarray:
    """The sorted rows a seed's resampled fit sees: RESAMPLE_FRACTION of them, drawn without replacement.

    >>> resample(10, 0).tolist()
    [0, 1, 2, 3, 4, 6, 8, 9]
    """
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n_rows, size=int(RESAMPLE_FRACTION * n_rows), replace=False))


def resampled_stability(name: str, X, n_clusters: int, seeds: list[int]) -> float:
    """Mean ARI, over pairs of seeds, between the partitions fitted on each seed's resample, on shared rows."""
    fits = []
    for seed in seeds:
        rows = resample(X.shape[0], seed)
        fits.append(dict(zip(rows.tolist(), partition(name, X[rows], n_clusters, seed).tolist(), strict=True)))
    aris = []
    for i in range(len(fits)):
        for j in range(i + 1, len(fits)):
            shared = sorted(fits[i].keys() & fits[j].keys())
            aris.append(metrics.adjusted_rand_score([fits[i][r] for r in shared], [fits[j][r] for r in shared]))
    return round(float(np.mean(aris)), 4)


def scores(y, labels) -> dict:
    """NMI, ARI, V-measure, homogeneity and completeness of one partition against the classes."""
    h, c, v = metrics.homogeneity_completeness_v_measure(y, labels)
    return {"nmi": metrics.normalized_mutual_info_score(y, labels), "ari": metrics.adjusted_rand_score(y, labels),
            "v_measure": v, "homogeneity": h, "completeness": c}


def internal(partitions: list[np.ndarray], X_lsa) -> dict:
    """Label-free criteria of one method's seed partitions: seed stability, silhouette, fewest clusters."""
    silhouettes = [metrics.silhouette_score(X_lsa, p, metric="cosine", sample_size=3000, random_state=0)
                   if len(np.unique(p)) > 1 else float("nan") for p in partitions]
    return {"stability": round(float(off_diagonal(pairwise_ari(partitions)).mean()), 4),
            "silhouette": mean_std(silhouettes), "min_clusters": int(min(len(np.unique(p)) for p in partitions))}


def run_method(name: str, X, y, n_clusters: int, X_lsa, seeds: list[int] = SEEDS) -> dict:
    """Every seed of one method: its scores, label-free criteria and seconds, summarised as mean ± std.

    Seconds per seed (wall and CPU) time the full-data fits only, the partitions that are scored.
    """
    started, cpu = time.perf_counter(), time.process_time()
    partitions = [partition(name, X, n_clusters, seed) for seed in seeds]
    seconds, cpu = (time.perf_counter() - started) / len(seeds), (time.process_time() - cpu) / len(seeds)
    criteria = internal(partitions, X_lsa) | {"resampled_stability": resampled_stability(name, X, n_clusters, seeds)}
    per_seed = [scores(y, labels) for labels in partitions]  # labels read here only, after every fit
    return {m: mean_std([s[m] for s in per_seed]) for m in per_seed[0]} | {
        "seconds_per_seed": round(seconds, 2), "cpu_seconds_per_seed": round(cpu, 2), "per_seed": per_seed,
        "internal": criteria}


def choose(results: dict, n_clusters: int) -> str:
    """The method RULE picks from `run_method` results (labels unused: only `internal` and CPU are read)."""
    full = [name for name, r in results.items() if r["internal"]["min_clusters"] == n_clusters]
    return min(full, key=lambda name: (-round(results[name]["internal"]["stability"], 2),
                                       -round(results[name]["internal"]["resampled_stability"], 2),
                                       results[name]["cpu_seconds_per_seed"]))


def fmt(d: dict) -> str:
    """A mean ± std cell.

    >>> fmt({"mean": 0.5, "std": 0.01})
    '0.500 ± 0.010'
    """
    return f"{d['mean']:.3f} ± {d['std']:.3f}"


def table(results: dict, chosen: str, measures: list[str], peers: dict) -> tuple[list[str], list[list]]:
    """Header and rows: every method (the chosen one marked) with its scores, criteria and seconds per seed,
    then the peers (name -> {measure: "figure"}, "seconds": "..."}) with the cells they have."""
    header = ["method", *measures, "stability", "resampled stability", "silhouette", "s / seed", "CPU s / seed"]
    rows = [[name + (" (chosen)" if name == chosen else ""), *(fmt(r[m]) for m in measures),
             r["internal"]["stability"], r["internal"]["resampled_stability"], fmt(r["internal"]["silhouette"]),
             r["seconds_per_seed"], r["cpu_seconds_per_seed"]] for name, r in results.items()]
    rows += [[f"peer: {name}", *(p.get(m, "") for m in measures), "", "", "", p.get("seconds", ""), ""]
             for name, p in peers.items()]
    return header, rows


def compare_and_save(args, name: str, path, X, y, score_names: list[str], measures, peers: dict, extra: dict) -> dict:
    """Every method on X (5 seeds), the one chosen by RULE, the table printed and saved as results/<name>/.

    score_names: the table's three score columns in the benchmark's order (its headline first).
    """
    from experiments.benchmarks.common import provenance, save
    from experiments.output.tables import csv_text, markdown

    load = os.getloadavg()
    X_lsa = normalize(TruncatedSVD(100, random_state=0).fit_transform(X))  # the silhouette's space
    results = {method: run_method(method, X, y, 4, X_lsa) for method in METHODS}
    chosen = choose(results, 4)
    header, rows = table(results, chosen, measures, peers)
    header[1:4] = score_names
    md = markdown(header, rows, aligned=True)
    print(md)
    print(f"chosen without labels: {chosen} ({RULE})")
    prov = provenance(path, SEEDS, load)
    print(f"load average {prov['load_average_before'][0]} before, {prov['load_average_after'][0]} after")
    save(args.results, name, {"peers": peers, "ours": results, "chosen": chosen, "rule": RULE, "seeds": SEEDS,
                              "n_features": int(X.shape[1]), **extra}, md,
         {"table.csv": csv_text(header, rows), "provenance.json": json.dumps(prov, indent=2) + "\n"})
    return results
