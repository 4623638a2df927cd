"""The steps of an experiment. Each takes the config, the segments and their prepared text, writes its
tables and figures into the run folder, and returns its metrics (all deterministic given the config)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.pipeline import Pipeline

from experiments import engine, stance
from experiments.data import check_trainable, segment_groups, segment_labels
from experiments.selection import selection  # label-free choice of a clustering setting
from experiments.tables import write_rows
from experiments.topics import topics  # the topics step lives in its own module


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
            pipe = Pipeline([("tfidf", engine.vectorizer(config, X)), ("clf", model)])
            y_pred = stance.evaluate(pipe, engine.matrix(X), y, groups, protocol, s["n_splits"], seed,
                                     config["experiment"]["n_jobs"])
            out.setdefault(protocol, {})[model_name] = stance.scores(y, y_pred, s["labels"])
            rows += [(protocol, model_name, seg.id, t, p) for seg, t, p in zip(segments, y, y_pred)]
            log(f"stance {protocol} {model_name}: macro-F1 {out[protocol][model_name]['macro_f1']:.3f}")
    write_rows(run_dir / "tables" / "predictions.csv", ["protocol", "model", "id", "label", "predicted"], rows)
    return out


STEPS = {"topics": topics, "stance": stance_step, "selection": selection}
