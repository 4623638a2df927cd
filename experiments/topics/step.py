"""The topics step: choose k, cluster with several seeds, score, interpret; tables written for the figures.

Order of work (labels, where given, enter only at step 3, to score partitions already chosen):
1. k: fixed in the config, or the best mean internal criterion of a sweep over k (ksweep.py);
2. the chosen setting fitted with every seed; internal criteria and pairwise ARI between seeds;
   the reference partition: the first seed's, or the seeds' consensus ([topics] consensus, consensus.py);
3. scores against reference labels (stance annotations, newsgroups) and contingency tables;
4. interpretation of the reference partition: top terms, representative segments, sizes, topic
   shares per document, date and source, and 2-D map coordinates.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from experiments.config.resolved import Config
from experiments.config.sections import Topics
from experiments.output.shares import segment_values, share_table
from experiments.output.tables import write_markdown, write_rows
from experiments.run import backend, layout
from experiments.topics import guided, ksweep
from experiments.topics.by_stance import write_by_stance, write_over_time
from experiments.topics.clustering import fit_partition, n_lsa_components
from experiments.topics.consensus import consensus_partition, rerun_agreement
from experiments.topics.external import EXTERNAL, contingency, external_scores, reference_labels
from experiments.topics.interpret import representative, shorten, top_terms
from experiments.topics.names import topic_names
from experiments.topics.stability import mean_std, seeds_of, stability_summary
from experiments.topics.topic_map import map_coordinates


def finite(obj):
    """nan -> None, recursively, so metrics.json stays valid JSON.

    >>> finite({"a": [float("nan"), 1.0]})
    {'a': [None, 1.0]}
    """
    if isinstance(obj, dict):
        return {k: finite(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [finite(v) for v in obj]
    return None if isinstance(obj, float) and math.isnan(obj) else obj


def choose_k(X_tfidf, t: Topics, seeds: list[int], tables: Path, anchors=None) -> dict:
    """Run the k sweep (when k_min < k_max), save it, and pick k by the configured rule."""
    rows = ksweep.sweep(X_tfidf, t, seeds, anchors) if t.k_max > t.k_min else []
    if rows:
        names = ["k", "seed", *ksweep.INTERNAL, "objective"]  # a partition's labels stay in memory
        write_rows(tables / "ksweep.csv", names, [[r[n] for n in names] for r in rows])
    summary = ksweep.summarize_sweep(rows, t)
    return {**ksweep.choose_k(summary, t), "sweep": summary}


def score_seeds(X_tfidf, t, k, seeds, label_sets, tables: Path, anchors=None):
    """Fit every seed; one row of scores per seed (internal, and external per label set)."""
    parts, rows = [], []
    for seed in seeds:
        part = fit_partition(X_tfidf, t, k, seed, anchors=anchors)
        row = {"seed": seed, "objective": part.objective,
               **ksweep.internal_scores(part.X_fit, part.labels, t.silhouette_metric,
                                        t.silhouette_sample_size, seed)}
        for name, y in label_sets.items():
            row.update({f"{name}_{m}": v for m, v in external_scores(y, part.labels).items()})
        parts.append(part)
        rows.append(row)
    write_rows(tables / "seed_scores.csv", list(rows[0]), [list(r.values()) for r in rows])
    return parts, rows


def write_contingencies(label_sets: dict, labels: np.ndarray, k: int, tables: Path) -> dict:
    """Cluster x label table of the reference partition, for each label set."""
    out = {}
    for name, y in label_sets.items():
        classes, table = contingency(y, labels, k)
        write_rows(tables / f"contingency_{name}.csv", ["cluster", *classes],
                   [[c, *map(int, row)] for c, row in enumerate(table)])
        out[name] = {"classes": classes, "table": table.tolist()}
    return out


def write_guided(found: list[dict], parts, ref, t, terms, names, tables: Path) -> dict:
    """Which cluster each seed-word list anchored, and whether its terms are still among its top terms."""
    partitions = [p.labels for p in (parts if t.consensus != "none" else parts[:1])]
    anchored = guided.anchored_clusters(partitions, ref.labels, len(found), ref.shares.shape[1])
    summary = guided.guided_summary(found, anchored, terms, names)
    write_rows(tables / "guided_topics.csv", ["list", *summary],
               [[i, *(v[i] for v in summary.values())] for i in range(len(found))])
    return summary


def write_interpretation(part, t, segments, X_tfidf, feature_names, tables: Path) -> tuple[list, list[str]]:
    """Top and distinctive terms, short labels, representative segments and sizes of each cluster."""
    k, n = part.shares.shape[1], len(segments)
    terms = top_terms(part.term_weights, feature_names, t.n_top_terms)
    distinctive, names = topic_names(X_tfidf, part.labels, k, feature_names, t.n_top_terms)
    write_rows(tables / "topic_distinctive_terms.csv", ["cluster", "label", "rank", "term", "ctfidf"],
               [(c, names[c], r, w, round(v, 6)) for c, ts in enumerate(distinctive) for r, (w, v) in enumerate(ts)])
    reps = representative(part, t.method == "nmf" and t.consensus == "none", t.n_representative)
    sizes = np.bincount(part.labels, minlength=k)
    write_rows(tables / "topic_terms.csv", ["cluster", "rank", "term", "weight"],
               [(c, r, term, round(w, 6)) for c, ts in enumerate(terms) for r, (term, w) in enumerate(ts)])
    rep_rows = [(c, names[c], r, segments[i].id, shorten(segments[i].text)) for c, idx in enumerate(reps)
                for r, i in enumerate(idx)]
    write_rows(tables / "representative.csv", ["cluster", "label", "rank", "id", "text"], rep_rows)
    write_markdown(tables / "representative.md", ["cluster", "label", "rank", "id", "text"], rep_rows)
    cluster_rows = [(c, names[c], int(sizes[c]), round(sizes[c] / n, 4), " ".join(w for w, _ in distinctive[c]),
                     " ".join(w for w, _ in terms[c])) for c in range(k)]
    header = ["cluster", "label", "size", "share", "distinctive_terms", "top_terms"]
    write_rows(tables / "clusters.csv", header, cluster_rows)
    write_markdown(tables / "clusters.md", [h.replace("_", " ") for h in header], cluster_rows)
    write_rows(tables / "topic_assignments.csv", ["id", "cluster"],
               [(s.id, int(c)) for s, c in zip(segments, part.labels, strict=True)])
    return [[w for w, _ in ts] for ts in terms], names


def same_grouping(a: list[str], b: list[str]) -> bool:
    """Whether two keyings split the segments into the same groups (e.g. one date per article).

    >>> same_grouping(["d1", "d1", "d2"], ["2022", "2022", ""])
    True
    """
    return len(set(a)) == len(set(b)) == len(set(zip(a, b, strict=True)))


def write_shares(part, segments, tables: Path, extra: list[str] = ()) -> list[str]:
    """Mean topic share per document, date, source and `extra` column, where each says something new."""
    written, seen = [], []
    for by in ("doc", "date", "source", *extra):
        keys = segment_values(segments, by)
        # One segment per document (newsgroups) makes a per-document share the assignment itself; a date
        # or source that only repeats the documents' grouping would repeat the same bars.
        useless = ((by == "doc" and len(set(keys)) == len(keys)) or not any(keys) or len(set(keys)) < 2
                   or any(same_grouping(keys, other) for other in seen))
        seen.append(keys)
        if not useless:
            write_rows(tables / f"topic_share_{by}.csv", [by, "cluster", "share", "n_segments"],
                       share_table(part.shares, keys, list(range(part.shares.shape[1]))))
            written.append(by)
    return written


def write_map(X_tfidf, t, seed, segments, labels, label_sets, tables: Path) -> None:
    """2-D coordinates of each segment with its cluster and reference labels (read by the map figure)."""
    xy = map_coordinates(X_tfidf, t.map_method, seed, t.tsne_perplexity)
    names = list(label_sets)
    write_rows(tables / "map_2d.csv", ["id", "x", "y", "cluster", *names],
               [(s.id, round(float(x), 6), round(float(y), 6), int(c), *(label_sets[m][i] for m in names))
                for i, (s, (x, y), c) in enumerate(zip(segments, xy, labels, strict=True))])


def rerun_check(X_tfidf, t, k, labels, parts, seeds, anchors, log) -> dict:
    """The consensus's agreement with reruns: with the next n_seeds seeds (a rerun's consensus, fitted
    here), and the ARI between the consensus of the run's even and odd seeds (what the k rule reads)."""
    rows = [{"k": k, "labels": p.labels, "objective": p.objective} for p in parts]
    halves = round(ksweep.split_half(rows, t), 6) if len(parts) >= 2 else None
    rerun = rerun_agreement(X_tfidf, t, k, labels, [s + len(seeds) for s in seeds], anchors)
    log(f"topics: ARI between the {t.consensus} consensus of seeds {seeds[0]}..{seeds[-1]} and of a rerun "
        f"with seeds {rerun['rerun_seeds'][0]}..{rerun['rerun_seeds'][-1]}: {rerun['rerun_ari']:.3f}"
        + (f"; between the even and the odd seeds' consensus: {halves:.3f}" if halves is not None else ""))
    return {**rerun, "split_half_ari": halves}


def benchmark_line(config: Config, external: dict, log) -> dict:
    """Print and return our V-measure and ARI beside the published figure of [benchmark]."""
    b, name = config.benchmark, config.topics.score_against[0]
    v, ari = external[name]["v_measure"], external[name]["ari"]
    log(f"V-measure {v['mean']:.3f} ± {v['std']:.3f} (published {b.v_measure:.3f} ± "
        f"{b.v_measure_std:.3f}); ARI {ari['mean']:.3f} ± {ari['std']:.3f} (published {b.ari:.3f})"
        f"  [{b.source}]")
    return {"published": {"v_measure": b.v_measure, "v_measure_std": b.v_measure_std, "ari": b.ari},
            "ours": {"v_measure": v, "ari": ari}, "source": b.source,
            "v_measure_difference": round(v["mean"] - b.v_measure, 6)}


def topics(config, segments, features, run_dir: Path, log) -> dict:
    """The whole topics step (see the module docstring) in at most [experiment] n_jobs threads (one for a small
    corpus, backend.thread_limit)."""
    # Many small k-means fits: OpenMP threads that outnumber free cores wait on each other at every
    # iteration (40 ms a fit instead of 1 ms on a busy machine), so the thread count is the config's.
    with threadpool_limits(limits=backend.thread_limit(config, len(segments))):
        return topics_step(config, segments, features, run_dir, log)


def topics_step(config, segments, features, run_dir: Path, log) -> dict:
    """Steps 1-4 of the module docstring on the run's FeatureInput (unsupervised: TF-IDF fit on every row)."""
    t, tables = config.topics, layout.tables(run_dir)
    seeds = seeds_of(config.experiment.random_state, t.n_seeds)
    vectorizer = features.vectorizer()
    X_tfidf = vectorizer.fit_transform(features.X)
    feature_names = features.names(vectorizer)
    found = guided.seed_terms(t.seed_words, features.text, feature_names) if t.seed_words else []
    anchors = guided.anchor_rows([f["columns"] for f in found], X_tfidf.shape[1]) if found else None
    log(f"topics: {X_tfidf.shape[0]} segments x {X_tfidf.shape[1]} features; {t.method} on "
        f"{t.representation if t.method != 'nmf' else 'tfidf'}, seeds {seeds}")
    k_choice = choose_k(X_tfidf, t, seeds, tables, anchors)
    k = k_choice["k"]
    label_sets = {name: reference_labels(config, segments, name) for name in t.score_against}
    parts, rows = score_seeds(X_tfidf, t, k, seeds, label_sets, tables, anchors)
    stability = stability_summary([p.labels for p in parts])
    write_rows(tables / "seed_ari.csv", ["seed", *seeds],
               [[s, *r] for s, r in zip(seeds, stability["matrix"], strict=True)])
    external = {name: mean_std(rows, [f"{name}_{m}" for m in EXTERNAL]) for name in label_sets}
    external = {name: {m.removeprefix(f"{name}_"): v for m, v in d.items()} for name, d in external.items()}
    ref, consensus = consensus_partition(parts, X_tfidf, t, k, seeds[0])
    if consensus["method"] != "none":
        write_rows(tables / "consensus_ari.csv", ["seed", "ari_with_consensus"],
                   list(zip(seeds, consensus["ari_with_seeds"], strict=True)))
        log(f"topics: {consensus['method']} consensus of {len(seeds)} seeds; ARI with each seed "
            f"{', '.join(f'{a:.3f}' for a in consensus['ari_with_seeds'])}")
        consensus["external"] = {name: external_scores(y, ref.labels) for name, y in label_sets.items()}
        consensus.update(rerun_check(X_tfidf, t, k, ref.labels, parts, seeds, anchors, log))
    terms, names = write_interpretation(ref, t, segments, X_tfidf, feature_names, tables)
    shares_by = write_shares(ref, segments, tables, [c for c in t.share_by if c not in ("doc", "date", "source")])
    write_map(X_tfidf, t, seeds[0], segments, ref.labels, label_sets, tables)
    over_time = write_over_time(ref, t, segments, names, seeds[0], tables)
    by_stance = (write_by_stance(ref, t, segments, label_sets["labels"], names, seeds[0], tables)
                 if "labels" in label_sets else None)
    log(f"topics: k = {k} ({k_choice['rule']}); pairwise ARI between seeds "
        f"{stability['pairwise_ari']['mean']:.3f} ± {stability['pairwise_ari']['std']:.3f}")
    metrics = {
        "n_segments": X_tfidf.shape[0], "n_features": int(X_tfidf.shape[1]), "seeds": seeds,
        "n_components": n_lsa_components(X_tfidf, t.n_components) if t.representation == "lsa" else None,
        "k": k_choice, "n_clusters": k, "internal": mean_std(rows, [*ksweep.INTERNAL, "objective"]),
        "stability": stability, "consensus": consensus, "external": external,
        "contingency": write_contingencies(label_sets, ref.labels, k, tables),
        "sizes": np.bincount(ref.labels, minlength=k).tolist(), "top_terms": terms, "labels": names,
        "shares_by": shares_by, "over_time": over_time, "by_stance": by_stance,
    }
    if found:
        metrics["guided"] = write_guided(found, parts, ref, t, terms, names, tables)
    for name, scores in external.items():
        log(f"topics vs {name}: V-measure {scores['v_measure']['mean']:.3f} ± {scores['v_measure']['std']:.3f}, "
            f"ARI {scores['ari']['mean']:.3f} ± {scores['ari']['std']:.3f}")
    if config.benchmark is not None and label_sets:
        metrics["benchmark"] = benchmark_line(config, external, log)
    return finite(metrics)
