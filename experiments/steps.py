"""The steps of an experiment. Each takes the config, the segments and their prepared text, writes its
tables and figures into the run folder, and returns its metrics (all deterministic given the config)."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from experiments import stance
from experiments.data import check_trainable, feature_settings, segment_groups, segment_labels
from experiments.topics import fit_kmeans, top_terms
from features.vectorize import make_vectorizer


def write_rows(path: Path, header: list[str], rows) -> None:
    """A CSV table with a header row and LF line ends."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def topics(config, segments, X, run_dir: Path, log) -> dict:
    """k-means topics on TF-IDF of all segments (unsupervised: no labels are used)."""
    t, seed = config["topics"], config["experiment"]["random_state"]
    vectorizer = make_vectorizer(feature_settings(config))
    X_tfidf = vectorizer.fit_transform(X)
    km = fit_kmeans(X_tfidf, t["n_clusters"], t["n_init"], seed)
    terms = top_terms(km.cluster_centers_, vectorizer.get_feature_names_out(), t["n_top_terms"])
    write_rows(run_dir / "tables" / "topic_terms.csv", ["cluster", "size", "top_terms"],
               [(k, int(np.sum(km.labels_ == k)), " | ".join(ts)) for k, ts in enumerate(terms)])
    write_rows(run_dir / "tables" / "topic_assignments.csv", ["id", "cluster"],
               [(s.id, int(c)) for s, c in zip(segments, km.labels_)])
    log(f"topics: {t['n_clusters']} clusters, inertia {km.inertia_:.3f}")
    return {"n_clusters": t["n_clusters"], "n_features": int(X_tfidf.shape[1]),
            "inertia": round(float(km.inertia_), 6),
            "sizes": np.bincount(km.labels_, minlength=t["n_clusters"]).tolist()}


def stance_step(config, segments, X, run_dir: Path, log) -> dict:
    """Out-of-fold stance predictions under each protocol, for the model and a majority baseline."""
    s, seed = config["stance"], config["experiment"]["random_state"]
    path = config["corpus"]["annotations"]
    y = np.array(segment_labels(config, segments))
    groups = np.array(segment_groups(segments))
    check_trainable(y, groups, s, path or config["corpus"]["path"])
    out, rows = {}, []
    for protocol in s["protocols"]:
        for model_name in (s["model"], "majority"):
            model = stance.make_model(model_name, s["C"], seed)
            pipe = stance.make_pipeline(feature_settings(config), model)
            y_pred = stance.evaluate(pipe, X, y, groups, protocol, s["n_splits"], seed,
                                     config["experiment"]["n_jobs"])
            out.setdefault(protocol, {})[model_name] = stance.scores(y, y_pred, s["labels"])
            rows += [(protocol, model_name, seg.id, t, p) for seg, t, p in zip(segments, y, y_pred)]
            log(f"stance {protocol} {model_name}: macro-F1 {out[protocol][model_name]['macro_f1']:.3f}")
    write_rows(run_dir / "tables" / "predictions.csv", ["protocol", "model", "id", "label", "predicted"], rows)
    return out


STEPS = {"topics": topics, "stance": stance_step}
