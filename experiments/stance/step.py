"""The stance experiment: every model and baseline under every protocol, scored with intervals, then the
final model, the learning curves and the tables. Figures are drawn later from what this writes.

Order of work (all computation before any figure):
1. labelled segments (label set; `none` kept or left out);
2. per protocol, per candidate: out-of-fold predictions (nested search inside each training fold), then
   every score with its bootstrap interval (and mean ± std over repeats), pooled and per group;
3. learning curves on the splits of one protocol; 4. the final model refit on all labelled data, saved;
5. where `share_by` asks, the final model's predicted stance share over the whole corpus (corpus_shares).
With `[experiment] scheduler` set, the folds and searches of 2 and 3 run on a Dask cluster (experiments/run/backend.py).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from experiments.config.resolved import Config
from experiments.corpus.labelled import Labelled, headline_labels, load_labelled
from experiments.output.stance_tables import score_tables
from experiments.output.tables import write_rows
from experiments.run import backend, layout
from experiments.run.progress import progress
from experiments.stance import bootstrap, splits
from experiments.stance.baselines import make_baseline
from experiments.stance.corpus_shares import corpus_shares
from experiments.stance.evaluate import Candidate, cross_predict
from experiments.stance.final import train_final
from experiments.stance.fitcache import FitCache
from experiments.stance.learning import COLUMNS as CURVE_COLUMNS
from experiments.stance.learning import curve
from experiments.stance.models import make_classifier, make_pipeline, param_grid
from experiments.stance.pergroup import PerGroupClassifier
from features.tfidf.feature_input import FeatureInput


def candidates(config: Config, features: FeatureInput, per_group: bool = False) -> list[Candidate]:
    """The models (on `features`, with its vectorizer) then the baselines the config asks for, unfitted
    (wrapped per group when asked)."""
    seed, s = config.experiment.random_state, config.stance
    out = [Candidate(name, "model",
                     make_pipeline(features.vectorizer(), make_classifier(name, config.model_params(name), seed)),
                     param_grid(name, config.model_params(name))) for name in s.models]
    out += [Candidate(name, "baseline", make_baseline(name, config, seed)) for name in s.baselines]
    if per_group:
        out = [Candidate(c.name, c.kind, PerGroupClassifier(c.estimator),
                         {f"estimator__{k}": v for k, v in c.grid.items()}) for c in out]
    return out


def scores(config, data, y_true, y_pred, headline, groups=None) -> dict:
    """Score table of one candidate (and one per group value when `groups` is given)."""
    s, seed = config.stance, config.experiment.random_state
    args = (s.bootstrap_resamples, s.confidence, seed)
    out = {"scores": bootstrap.score_table(y_true, y_pred, data.labels, headline, *args)}
    if groups is not None:
        out["per_group"] = {str(g): bootstrap.score_table(y_true[groups == g], y_pred[:, groups == g], data.labels,
                                                          headline, *args) for g in sorted(set(groups))}
    return out


def run_protocol(protocol, config, data: Labelled, cands, headline, log, memory=None) -> tuple[dict, list]:
    """Every candidate under one protocol: metrics and prediction rows."""
    ev, seed = config.evaluation, config.experiment.random_state
    plan = splits.plan(protocol, data, ev, seed)
    group_col = config.stance.per_group_column
    out = {"splitter": plan.splitter, "n_splits": len(plan.splits), "n_repeats": plan.n_repeats,
           "notes": plan.notes, "results": {}}
    rows = []
    for cand in progress(cands, desc=f"stance {protocol}"):
        y_pred, tested, folds = cross_predict(cand, data, plan, ev, headline, seed, backend.n_jobs(config),
                                             memory=memory)
        y_true, ids = data.y[tested], [s.id for s, t in zip(data.segments, tested, strict=True) if t]
        groups = data.column(group_col)[tested] if group_col else None
        result = {"kind": cand.kind, **scores(config, data, y_true, y_pred, headline, groups),
                  "folds": [{k: v for k, v in f.items() if k != "estimator"} for f in folds]}
        out["results"][cand.name] = result
        out["n_tested"] = int(tested.sum())
        rows += [(protocol, r, cand.name, i, t, p) for r in range(len(y_pred))
                 for i, t, p in zip(ids, y_true, y_pred[r], strict=True)]
        m = result["scores"]["macro_f1"]
        log(f"stance {protocol} {cand.name}: macro-F1 {m['value']:.3f} [{m['ci_low']:.3f}, {m['ci_high']:.3f}]"
            if m.get("ci_low") is not None else f"stance {protocol} {cand.name}: macro-F1 {m['value']:.3f}")
    return out, rows


def learning_curves(config, data, cands, headline, memory=None) -> list[list]:
    """Learning-curve rows of every candidate on the splits of the configured protocol."""
    s, seed = config.stance, config.experiment.random_state
    plan = splits.plan(s.learning_curve_protocol, data, config.evaluation, seed)
    sub = data.subset(plan.keep)
    remap = np.cumsum(plan.keep) - 1  # split indices refer to all rows; learning_curve gets the kept ones
    split_list = [(r, remap[tr], remap[te]) for r, tr, te in plan.splits]
    return [row for c in cands for row in curve(c, sub, split_list, s.learning_curve_sizes, headline, seed,
                                                backend.n_jobs(config), memory)]


def run(config: Config, segments, features: FeatureInput, run_dir: Path, log) -> dict:
    """The whole stance step; writes tables and the model into run_dir and returns the metrics.

    BLAS runs single-threaded here: the matrices are small, and on a busy machine OpenBLAS threads spinning
    against each other made one logistic regression fit 70 times slower (4.5 s instead of 0.06 s).
    """
    with threadpool_limits(limits=1):
        return _run(config, segments, features, run_dir, log, FitCache())


def _run(config: Config, segments, features: FeatureInput, run_dir: Path, log, memory: FitCache) -> dict:
    s = config.stance
    pooled = load_labelled(config, segments, features)  # models read its feature rows, baselines its text
    group_col = s.per_group_column
    data = replace(pooled, per_group=pooled.column(group_col)) if group_col else pooled
    headline = headline_labels(config, data.labels)
    cands = candidates(config, features, per_group=bool(group_col))
    out = {"labels": data.labels, "headline_labels": headline, "n_segments": int(len(data.y)),
           "per_group_column": group_col, "protocols": {}}
    rows = []
    for protocol in config.evaluation.protocols:
        out["protocols"][protocol], more = run_protocol(protocol, config, data, cands, headline, log, memory)
        rows += more
    tables = layout.tables(run_dir)
    write_rows(tables / "predictions.csv", ["protocol", "repeat", "model", "id", "label", "predicted"], rows)
    write_rows(tables / "learning_curve.csv", CURVE_COLUMNS, learning_curves(config, data, cands, headline, memory))
    score_tables(out, tables)
    final = next(c for c in candidates(config, features) if c.name == s.final_model) \
        if s.final_model in s.models \
        else candidates(replace(config, stance=replace(s, models=(s.final_model,), baselines=())), features)[0]
    groups = pooled.column(config.evaluation.group_column)
    out["final_model"] = train_final(final, pooled, groups, config, Path(run_dir), headline, memory)
    log(f"stance final model {final.name} saved to {out['final_model']['file']}")
    if s.share_by:  # the final model over every corpus segment, labelled or not
        out["corpus_shares"] = corpus_shares(config, segments, features, {seg.id for seg in data.segments}, run_dir,
                                             log)
    return out
