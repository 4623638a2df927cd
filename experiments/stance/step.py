"""The stance experiment: every model and baseline under every protocol, scored with intervals, then the
final model, the learning curves and the tables. Figures are drawn later from what this writes.

Order of work (all computation before any figure):
1. labelled segments (label set; `none` kept or left out);
2. per protocol, per candidate: out-of-fold predictions (nested search inside each training fold), then
   every score with its bootstrap interval (and mean ± std over repeats), pooled and per group;
3. learning curves on the splits of one protocol (only when `learning_curve_sizes` asks);
4. the final model refit on all labelled data (or, under a fixed split, the model it scored), saved;
   3 and, when it is a refit, 4 are the run's second lane (`second_lane`): on a small corpus with n_jobs > 1
   they run in a forked process while 2 runs (experiments/run/forked.py);
5. where `share_by` asks, the final model's predicted stance share over the whole corpus (corpus_shares).
With `[experiment] scheduler` set, the folds and searches of 2 and 3 run on a Dask cluster (experiments/run/backend.py).
"""
from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import sklearn
from threadpoolctl import threadpool_limits

from experiments.config.resolved import Config
from experiments.corpus.labelled import Labelled, headline_labels, load_labelled
from experiments.output.stance_tables import score_tables
from experiments.output.tables import write_rows
from experiments.run import backend, layout
from experiments.run.forked import Forked
from experiments.run.progress import progress
from experiments.stance import bootstrap, splits
from experiments.stance import groups as grouping
from experiments.stance.baselines import make_baseline, usable_baselines
from experiments.stance.check import traps
from experiments.stance.corpus_shares import corpus_shares
from experiments.stance.cuefeatures import model_vectorizer
from experiments.stance.evaluate import Candidate, cross_predict
from experiments.stance.final import train_final
from experiments.stance.fitcache import FitCache
from experiments.stance.groupcol import group_names
from experiments.stance.learning import COLUMNS as CURVE_COLUMNS
from experiments.stance.learning import curve
from experiments.stance.models import configured, make_pipeline
from experiments.stance.pergroup import PerGroupClassifier
from experiments.stance.select import SELECTED, from_models, readable, selected_candidate
from features.tfidf.feature_input import FeatureInput


def candidates(config: Config, features: FeatureInput, per_group: bool = False,
               headline: list[str] | None = None) -> list[Candidate]:
    """The models (on `features`, with its vectorizer) then the baselines the config asks for, unfitted
    (wrapped per group when asked: each group then searches its own grid on its own inner folds, scored on
    `headline`)."""
    seed, s, ev = config.experiment.random_state, config.stance, config.evaluation
    out = [Candidate(name, "model", make_pipeline(model_vectorizer(config, features), clf), grid)
           for name, (clf, grid) in ((name, configured(name, config)) for name in s.models)]
    if len(s.models) >= 2:  # the model chosen on inner folds, beside the models it chooses from
        out.append(selected_candidate(config, features))
    out += [Candidate(name, "baseline", make_baseline(name, config, seed)) for name in s.baselines]
    if per_group:
        out = [Candidate(c.name, c.kind, PerGroupClassifier(
            c.estimator, c.grid if ev.search or c.choose_always else {}, ev.inner_splits, headline, seed))
            for c in out]
    return out


def final_candidate(config: Config, features: FeatureInput) -> Candidate:
    """The candidate refit as the final model: a configured model, or `selected` when final_model = "best"."""
    s = config.stance
    if s.final_model == "best":
        return selected_candidate(config, features)
    return candidates(config.replace("stance", models=(s.final_model,), baselines=()), features)[0]


def reusable_final(config: Config) -> bool:
    """Whether the final model is the fixed split's own fit: `final_fit = "train"` fits the same procedure on
    the same training rows the fixed split trains on, so that fit (search included) is kept rather than made
    twice. Per-group models save a pooled final model, which the split never fits: those refit."""
    s = config.stance
    return s.final_fit == "train" and "fixed_split" in config.evaluation.protocols and not s.per_group_column


def scores(config, data, y_true, y_pred, headline, groups=None) -> dict:
    """Score table of one candidate (and one per group value when `groups` is given)."""
    s, seed = config.stance, config.experiment.random_state
    args = (s.bootstrap_resamples, s.confidence, seed)
    out = {"scores": bootstrap.score_table(y_true, y_pred, data.labels, headline, *args)}
    if groups is not None:
        out["per_group"] = {str(g): bootstrap.score_table(y_true[groups == g], y_pred[:, groups == g], data.labels,
                                                          headline, *args) for g in sorted(set(groups))}
    return out


def run_protocol(protocol, config, data: Labelled, cands, headline, log, memory=None, cv_groups=None, kept=None):
    """Every candidate under one protocol: (metrics, prediction rows).

    `kept` (a dict, fixed split only): filled with each candidate's fitted model, note and best_params, so that
    the final model can be the very model the split scored (`reusable_final`).
    """
    ev, seed = config.evaluation, config.experiment.random_state
    plan = splits.plan(protocol, data, ev, seed, cv_groups)
    group_col = config.stance.per_group_column
    sparse = not isinstance(data.features.X, np.ndarray)  # engine "cached": groups travel as rank codes
    out = {"splitter": plan.splitter, "n_splits": len(plan.splits), "n_repeats": plan.n_repeats,
           "notes": plan.notes, "results": {},
           "duplicates": {"policy": ev.duplicates, "test_rows_with_training_duplicate": plan.duplicates}}
    if protocol == "grouped_cv":
        out["groups"] = grouping.describe(plan.groups[plan.keep], grouping.group_column_name(config))
    if plan.duplicates:
        log(f"stance {protocol}: {plan.duplicates} test segment(s) have an identical prepared text in their "
            f"training fold ([evaluation] duplicates = {ev.duplicates!r})")
    rows, done = [], {}
    for cand in progress(cands, desc=f"stance {protocol}"):
        derived = from_models(cand, [done[m] for m in config.stance.models if m in done], plan) \
            if cand.name == SELECTED else None  # its search is theirs: read, not fitted again
        y_pred, tested, folds = derived or cross_predict(cand, data, plan, ev, headline, seed,
                                                         backend.n_jobs(config, len(data.y)), kept is not None,
                                                         memory)
        done[cand.name] = (y_pred, tested, folds)
        if kept is not None:
            kept[cand.name] = (folds[0]["estimator"], folds[0]["note"], folds[0]["best_params"])
        y_true, ids = data.y[tested], [s.id for s, t in zip(data.segments, tested, strict=True) if t]
        groups = data.column(group_col, "[stance] per_group_column")[tested] if group_col else None
        result = {"kind": cand.kind, **scores(config, data, y_true, y_pred, headline, groups),
                  "folds": [{**{k: v for k, v in f.items() if k not in ("estimator", "search_scores")},
                             "best_params": group_names(readable(f["best_params"], config), data.per_group,
                                                        sparse)} for f in folds]}
        out["results"][cand.name] = result
        out["n_tested"] = int(tested.sum())
        rows += [(protocol, r, cand.name, i, t, p) for r in range(len(y_pred))
                 for i, t, p in zip(ids, y_true, y_pred[r], strict=True)]
        m, name = result["scores"]["macro_f1"], config.stance.headline_name or "macro-F1"
        log(f"stance {protocol} {cand.name}: {name} {m['value']:.3f} [{m['ci_low']:.3f}, {m['ci_high']:.3f}]"
            if m.get("ci_low") is not None else f"stance {protocol} {cand.name}: {name} {m['value']:.3f}")
    return out, rows


def learning_curves(config, data, cands, headline, cv_groups=None, memory=None) -> tuple[list[list], dict]:
    """Learning-curve rows of every candidate, and what they were computed on.

    The protocol is `learning_curve_protocol`, by default the first evaluation protocol. When a fixed split is
    evaluated, a cross-validated curve runs on its training rows only: no curve point ever trains on a test row.
    """
    s, ev, seed = config.stance, config.evaluation, config.experiment.random_state
    if not s.learning_curve_sizes:  # none asked for: no fit at all (a curve costs a fit per size and fold)
        return [], {"protocol": None, "note": "learning_curve_sizes = []: no learning curve"}
    protocol = s.learning_curve_protocol or ev.protocols[0]
    part = np.ones(len(data.y), bool)
    if "fixed_split" in ev.protocols and protocol != "fixed_split":
        part = splits.training_rows(data, ev)
    data, groups = data.subset(part), None if cv_groups is None else cv_groups[part]
    plan = splits.plan(protocol, data, ev, seed, groups)
    sub = data.subset(plan.keep)
    remap = np.cumsum(plan.keep) - 1  # split indices refer to all rows; learning_curve gets the kept ones
    split_list = [(r, remap[tr], remap[te]) for r, tr, te in plan.splits]
    rows = [row for c in cands if c.name != SELECTED  # a choice of model, not a model that grows with data
            for row in curve(c, sub, split_list, s.learning_curve_sizes, headline, seed,
                             backend.n_jobs(config, len(data.y)), memory)]
    return rows, {"protocol": protocol, "splitter": plan.splitter, "n_segments": int(part.sum()),
                  "rows": "all labelled rows" if part.all() else "the fixed split's training rows"}


def second_lane(config, data, pooled, cands, headline, cv_groups, memory, final, run_dir: Path):
    """(learning-curve rows, what they were computed on, the final model's entry or None): the work that
    needs nothing from the protocols. `final`: the final candidate when its refit is independent of them
    (`reusable_final` false), trained and saved into run_dir here; None leaves it to after the protocols."""
    curve_rows, info = learning_curves(config, data, cands, headline, cv_groups, memory)
    entry = None if final is None else train_final(final, pooled, cv_groups, config, run_dir, headline, memory)
    return curve_rows, info, entry


def run(config: Config, segments, features: FeatureInput, run_dir: Path, log) -> dict:
    """The whole stance step; writes tables and the model into run_dir and returns the metrics.

    BLAS runs single-threaded here: the matrices are small, and on a busy machine OpenBLAS threads spinning
    against each other made one logistic regression fit 70 times slower (4.5 s instead of 0.06 s).
    scikit-learn's checks of every estimator's parameters and of finite input are skipped (a tenth of the
    seeds run): the parameters come from a config whose schema already bounds them, and TF-IDF is finite.
    """
    with threadpool_limits(limits=1), sklearn.config_context(skip_parameter_validation=True, assume_finite=True):
        return _run(config, segments, features, run_dir, log, FitCache())


def _run(config: Config, segments, features: FeatureInput, run_dir: Path, log, memory: FitCache) -> dict:
    s = config.stance
    pooled = load_labelled(config, segments, features)  # models read its feature rows, baselines its text
    group_col, ev = s.per_group_column, config.evaluation
    n_read = len(pooled.y)
    if ev.duplicates == "drop":  # the first segment of every prepared text, before any split
        pooled = pooled.subset(grouping.first_of_each_text(grouping.text_keys(pooled.features.prepared_text())))
    grouped = "grouped_cv" in (*ev.protocols, s.learning_curve_protocol)
    cv_groups = grouping.cv_groups(pooled, config, check=grouped)
    for trap in traps(config, pooled, cv_groups):  # before any fit: what would make the scores misleading
        warnings.warn(trap, stacklevel=2)
    data = replace(pooled, per_group=pooled.column(group_col, "[stance] per_group_column")) if group_col else pooled
    headline = headline_labels(config, data.labels)
    baselines, notes = usable_baselines(config, data.labels)
    for note in notes:
        log(f"stance: {note}")
    cands = candidates(config.replace("stance", baselines=tuple(baselines)), features, per_group=bool(group_col),
                       headline=headline)
    out = {"labels": data.labels, "headline_labels": headline, "n_segments": int(len(data.y)), "notes": notes,
           "headline_name": s.headline_name or f"macro-F1 over {', '.join(headline)}",
           "duplicates_dropped": n_read - len(data.y), "per_group_column": group_col,
           "groups": {"key": f"[evaluation] group_column = {ev.group_column!r}",
                      **grouping.describe(cv_groups, grouping.group_column_name(config))}, "protocols": {}}
    rows, kept = [], {}
    # The final model refit on its own rows needs nothing from the protocols (unless it is the fixed split's
    # own fit): with the learning curves it is the run's second lane.
    final = final_candidate(config, features) if s.final_fit != "none" else None
    early = final if final is not None and not reusable_final(config) else None
    # a small corpus's spare core does that lane meanwhile, on the same rows (experiments/run/forked.py)
    spare = backend.spare_processes(config, len(data.y)) if s.learning_curve_sizes or early else 1
    with Forked(second_lane, config, data, pooled, cands, headline, cv_groups, memory, early, Path(run_dir),
                n_jobs=spare) as lane:
        for protocol in ev.protocols:
            keep = kept if protocol == "fixed_split" and reusable_final(config) else None
            out["protocols"][protocol], more = run_protocol(protocol, config, data, cands, headline, log, memory,
                                                            cv_groups, keep)
            rows += more
        curve_rows, out["learning_curve"], final_entry = lane.result()
    tables = layout.tables(run_dir)
    write_rows(tables / "predictions.csv", ["protocol", "repeat", "model", "id", "label", "predicted"], rows)
    write_rows(tables / "learning_curve.csv", CURVE_COLUMNS, curve_rows)
    score_tables(out, tables)
    if final is None:
        out["final_model"] = {"model": None, "note": "final_fit = none: no final model refit or saved"}
        log("stance final model: skipped (final_fit = none)")
        return out
    out["final_model"] = final_entry or train_final(final, pooled, cv_groups, config, Path(run_dir), headline,
                                                    memory, kept.get(final.name))
    log(f"stance final model {final.name} ({out['final_model']['rows']}, {out['final_model']['n_segments']} "
        f"segments) saved to {out['final_model']['file']}")
    if s.share_by:  # the final model over every corpus segment, labelled or not
        out["corpus_shares"] = corpus_shares(config, segments, features, {seg.id for seg in data.segments}, run_dir,
                                             log)
    return out
