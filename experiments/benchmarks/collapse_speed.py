"""The stance search on a corpus of repeated rows, each distinct row fit once with its count as weight against
every copy fit, side by side in one run.

    python -m experiments.benchmarks.collapse_speed [--copies 10] [--repeats 1] [--models logreg,linear_svm]

The corpus: the labelled UN passages (seeds/ungdc/labels.csv joined to the shared CSV, as in
experiments/benchmarks/stance_corpora.py), each written 1 to 2 x copies - 1 times (seeded; `copies` times on
average), grouped by country. The search is the stance step's for each model under grouped_cv
(experiments.stance.evaluate.cross_predict): 5 outer folds, the model's grid searched on 3 inner folds of each
training part, the run's FitCache, the UN reference run's grids and word 1-2-grams (min_df 2, sublinear TF;
engine "cached": counted once, so that the fits, not the tokenising, are what is timed), without class offsets
(the offsets cut their own folds: those fits are never collapsed). Ways:
- collapsed: the models as the stance step builds them (experiments/stance/collapse.py);
- repeated: the same steps in a plain scikit-learn Pipeline, every copy fit.
Both on the same rows and folds, in this process, BLAS single-threaded, alternating which goes first. CPU
seconds (user + system) of each search, the load average before and after. Checks: the same predicted label
for every tested row and the same setting chosen in every fold. Writes results/collapse_speed/.
"""
from __future__ import annotations

import csv
import os
import resource
import tempfile
from pathlib import Path

import numpy as np

from experiments.benchmarks import common
from experiments.benchmarks.stance_corpora import PREPROCESS, SEED, UN_LABELS, un_corpus, write_config
from features.atomic import atomic_write

WAYS = ("collapsed", "repeated")
MODELS = ("logreg", "linear_svm", "complement_nb")
GRIDS = {"logreg": {"C": 10.0, "C_grid": [1.0, 10.0, 100.0], "class_weight": "none", "max_iter": 2000},
         "linear_svm": {"C": 1.0, "C_grid": [0.1, 1.0, 10.0], "class_weight": "balanced", "max_iter": 5000},
         "complement_nb": {"alpha": 0.5, "alpha_grid": [0.1, 0.5, 1.0], "norm": False}}


def cpu_self() -> float:
    """CPU seconds (user + sys) of this process so far."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def copies_of(n: int, copies: int, random_state: int = SEED) -> np.ndarray:
    """How many times each of n rows is written: 1 to 2 x copies - 1, seeded.

    >>> copies_of(4, 1).tolist()
    [1, 1, 1, 1]
    """
    return np.random.default_rng(random_state).integers(1, 2 * copies, n)


def repeated_corpus(data_dir: Path, work: Path, copies: int, models) -> Path:
    """The UN table with each row repeated (ids made unique), and its config; returns the config's path."""
    base = un_corpus(data_dir, work, common.ROOT / "seeds" / "ungdc" / "labels.csv")
    with open(base.table, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    table = work / "un_repeated.csv"
    with atomic_write(table) as f:
        writer = csv.DictWriter(f, ["id", "group", "label", "text"])
        writer.writeheader()
        for row, k in zip(rows, copies_of(len(rows), copies), strict=True):
            writer.writerows({**row, "id": f"{row['id']}_{c}"} for c in range(k))
    return write_config(work / "un_repeated.toml", {
        "experiment": {"name": "collapse_speed", "random_state": SEED, "n_jobs": 1},
        "corpus": {"format": "table", "path": str(table), "language": "en", "label_column": "label",
                   "id_columns": ["id"], "group_column": "group"},
        "segments": {"unit": "document"}, "preprocess": PREPROCESS,
        "features": {"words": True, "chars": False, "word_ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True,
                     "engine": "cached"},
        "stance": {"labels": UN_LABELS, "headline_labels": UN_LABELS[:3], "models": list(models), "baselines": [],
                   "final_model": models[0]},
        "evaluation": {"protocols": ["grouped_cv"], "group_column": "group", "n_splits": 5, "inner_splits": 3,
                       "search": True},
        **{m: GRIDS[m] for m in models}})


def prepared(config_path: Path):
    """(config, labelled data, plan, candidates) of the repeated corpus: what both ways share."""
    from experiments.config import schema
    from experiments.corpus import engine
    from experiments.corpus.data import load_segments
    from experiments.corpus.labelled import headline_labels, load_labelled
    from experiments.stance import groups, splits
    from experiments.stance.step import candidates

    config = schema.load(config_path, [])
    segments = load_segments(config)
    data = load_labelled(config, segments, engine.feature_input(config, [s.text for s in segments]))
    plan = splits.plan("grouped_cv", data, config.evaluation, SEED, groups.cv_groups(data, config, check=True))
    cands = [c for c in candidates(config, data.features) if c.kind == "model" and c.name in config.stance.models]
    return config, data, plan, cands, headline_labels(config, data.labels)


def search(way: str, candidate, config, data, plan, headline) -> dict:
    """One model's nested search both ways would run, timed: its predictions, choices and CPU seconds."""
    from dataclasses import replace

    from experiments.stance.collapse import plain
    from experiments.stance.evaluate import cross_predict
    from experiments.stance.fitcache import FitCache

    if way == "repeated":
        candidate = replace(candidate, estimator=plain(candidate.estimator))
    started = cpu_self()
    y_pred, _, folds = cross_predict(candidate, data, plan, config.evaluation, headline, SEED, memory=FitCache())
    return {"cpu_s": cpu_self() - started, "predicted": y_pred.tolist(),
            "best_params": [f["best_params"] for f in folds]}


def measure(config_path: Path, repeats: int) -> dict:
    """Every model's search both ways, `repeats` times, alternating which way goes first."""
    from threadpoolctl import threadpool_limits

    config, data, plan, cands, headline = prepared(config_path)
    out = {"rows": len(data.y), "distinct_texts": len({tuple(r) for r in data.features.prepared_text()}),
           "load_average_before": " ".join(f"{x:.2f}" for x in os.getloadavg()), "models": {}}
    with threadpool_limits(limits=1):
        for cand in cands:
            runs = {way: [] for way in WAYS}
            for r in range(repeats):
                for way in (WAYS if r % 2 == 0 else WAYS[::-1]):
                    runs[way].append(search(way, cand, config, data, plan, headline))
            first = {way: runs[way][0] for way in WAYS}
            cpu = {way: round(float(np.median([x["cpu_s"] for x in runs[way]])), 2) for way in WAYS}
            out["models"][cand.name] = {
                "cpu_s": cpu, "ratio": round(cpu["repeated"] / cpu["collapsed"], 2),
                "same_predictions": first["collapsed"]["predicted"] == first["repeated"]["predicted"],
                "same_choices": first["collapsed"]["best_params"] == first["repeated"]["best_params"]}
            print(f"{cand.name}: {out['models'][cand.name]}", flush=True)  # a long run shows its progress
    out["load_average_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return out


def table(result: dict) -> str:
    """The markdown table of one run."""
    lines = [f"{result['rows']:,} rows ({result['distinct_texts']:,} distinct texts), grouped_cv 5 x 3 inner folds; "
             f"load average {result['load_average_before']} -> {result['load_average_after']}", "",
             "| model | repeated rows CPU s | collapsed CPU s | repeated / collapsed | same predictions "
             "| same choices |",
             "| --- | --- | --- | --- | --- | --- |"]
    for name, m in result["models"].items():
        lines.append(f"| {name} | {m['cpu_s']['repeated']} | {m['cpu_s']['collapsed']} | {m['ratio']} | "
                     f"{'yes' if m['same_predictions'] else 'NO'} | {'yes' if m['same_choices'] else 'NO'} |")
    return "\n".join(lines)


def main(argv=None) -> dict:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--copies", type=int, default=10, help="mean number of copies of each passage")
    p.add_argument("--repeats", type=int, default=1, help="searches of each way per model; medians reported")
    p.add_argument("--models", default=",".join(MODELS), help="comma-separated, among " + ", ".join(MODELS))
    args = p.parse_args(argv)
    models = [m for m in args.models.split(",") if m]
    if not models or set(models) - set(MODELS):
        raise SystemExit(f"error: --models: choose among {', '.join(MODELS)}")
    with tempfile.TemporaryDirectory(prefix="collapse_speed_") as tmp:
        config_path = repeated_corpus(common.need(args.data), Path(tmp), args.copies, models)
        result = {"copies": args.copies, "repeats": args.repeats, **measure(config_path, args.repeats)}
    text = table(result)
    print(text)
    common.save(args.results, "collapse_speed", result, text)
    return result


if __name__ == "__main__":
    main()
