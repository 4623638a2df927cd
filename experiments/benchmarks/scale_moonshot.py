"""The moonshot: 100k distinct segments through read, tokenise, vectorise, topics and the stance search in
under 2 minutes on 2 cores, stancelab's way; measured with a time budget, saying where the time goes.

The stages are the scale benchmark's (scale_stages.py: read the table, prepare and count word 1-2-grams,
TF-IDF, LSA + MiniBatchKMeans with k = 12, then each model's 8-setting x 5-fold stance search over the counts
the tokenise stage made, as an experiment tokenises once), each in a fresh process with n_jobs workers.
The stages share one wall-time budget (--budget-seconds): the stage running when it runs out is stopped, the
CPU it used by then read from /proc, and the later stages are not run (so the slow logistic regression goes
last). The target is judged on the sum of the stages' own wall seconds (< 120 s), all models' searches
together and each model's alone (`per_model`); on a shared machine the best case on 2 free cores, CPU
seconds / 2, is reported beside it. Then a probe times single fits at the size of a search fold (80% of the rows): the
vectorizer's fit and each model's fit at the grid's middle setting, which times 40 gives what one search needs.

Run: python -m experiments.benchmarks.scale_moonshot [--size 100000] [--n-jobs 2] [--budget-seconds 900]
Writes results/scale_moonshot_100k/ (table.md, measurements.json, provenance.json).
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from experiments.benchmarks import scale_corpus
from experiments.benchmarks.common import need, parser
from experiments.benchmarks.scale import provenance, write_atomic
from experiments.benchmarks.scale_measure import measure, run_stage
from experiments.benchmarks.scale_stages import RANDOM_STATE, STAGES
from experiments.output.tables import markdown

TARGET_SECONDS = 120.0


def arguments(argv=None):
    """The moonshot's options."""
    p = parser(__doc__.splitlines()[0])
    p.set_defaults(n_jobs=2)
    p.add_argument("--size", type=int, default=100_000, help="segments")
    p.add_argument("--models", type=lambda s: s.split(","), default=["complement_nb", "sgd", "linear_svm", "logreg"],
                   help="stance models searched, in this order")
    p.add_argument("--budget-seconds", type=float, default=900, help="wall seconds for all stages together")
    p.add_argument("--probe-seconds", type=float, default=600, help="wall seconds for the single-fit probe")
    p.add_argument("--probe", action="store_true", help=argparse_hidden())
    p.add_argument("--work", type=Path, help=argparse_hidden())
    return p.parse_args(argv)


def argparse_hidden() -> str:
    """Help text of the options the moonshot passes to its own probe process."""
    import argparse

    return argparse.SUPPRESS


def stages(args, work: Path, started: float) -> dict:
    """Each stage (the stance search once per model) within what is left of the budget; later ones skipped."""
    done, n = {}, args.size
    plan = [(s, ()) for s in STAGES[:-1]] + [(f"stance_search {m}", ("--from-counts",)) for m in args.models]
    for name, extra in plan:
        left = args.budget_seconds - (time.perf_counter() - started)
        if any("not_run" in r for r in done.values()) or left <= 0:
            done[name] = {"not_run": "not run: the budget was spent"}
            continue
        stage, _, model = name.partition(" ")
        run_args = argparse_copy(args, models=[model] if model else args.models)
        done[name] = run_stage(stage, "stancelab", n, work, run_args, left, extra)
        r = done[name]
        print(f"{name:<26} " + (r["not_run"] if "not_run" in r else
                                f"{r['seconds']:8.1f} s wall {r['cpu_seconds']:8.1f} CPU s {r['peak_mb']:6.0f} MB"),
              flush=True)
    return done


def argparse_copy(args, **changes):
    """A copy of the parsed options with some changed."""
    import argparse

    return argparse.Namespace(**{**vars(args), **changes})


def iterations(clf) -> int:
    """The most iterations a fitted model's solver ran (an array for logistic regression, a number for LinearSVC
    and SGD, none for naive Bayes: 0).

    >>> from types import SimpleNamespace as NS
    >>> iterations(NS(n_iter_=[76, 80])), iterations(NS(n_iter_=14)), iterations(NS())
    (80, 14, 0)
    """
    import numpy as np

    return int(np.max(getattr(clf, "n_iter_", 0)))


def probe(args) -> dict:
    """Single fits at a search fold's size (the first 80% of the rows): the vectorizer, then each model at the
    middle of its grid (logistic regression and linear SVM C = 1 and C = 10, complement NB alpha = 0.1, SGD
    alpha = 1e-4), seconds each."""
    from experiments.benchmarks.scale_corpus import read_table
    from experiments.benchmarks.scale_search import classifier_params, feature_settings
    from experiments.benchmarks.scale_stages import load_counts
    from experiments.stance.models import make_classifier
    from features.tfidf.token_counts import cached_vectorizer

    counts, (_, y, _) = load_counts(args.size, args.work), read_table(args.work / f"table-{args.size}.csv")
    n_train = int(0.8 * len(y))
    out, t, c = {"rows": n_train}, time.perf_counter(), time.process_time()
    X = cached_vectorizer(feature_settings(), counts).fit_transform(counts.X[:n_train])
    out["vectorizer_fit"] = {"seconds": round(time.perf_counter() - t, 2),
                             "cpu_seconds": round(time.process_time() - c, 2), "n_features": int(X.shape[1])}
    for name, model, params in (("logreg C=1", "logreg", {"C": 1.0}), ("logreg C=10", "logreg", {}),
                                ("complement_nb alpha=0.1", "complement_nb", {}),
                                ("linear_svm C=1", "linear_svm", {}), ("linear_svm C=10", "linear_svm", {"C": 10.0}),
                                ("sgd alpha=1e-4", "sgd", {})):
        if model not in args.models:
            continue
        clf = make_classifier(model, classifier_params(model), RANDOM_STATE).set_params(**params)
        t, c = time.perf_counter(), time.process_time()
        clf.fit(X, y[:n_train])
        out[name] = {"seconds": round(time.perf_counter() - t, 2), "cpu_seconds": round(time.process_time() - c, 2),
                     "iterations": iterations(clf)}
    (args.work / "probe.json").write_text(json.dumps(out))
    return out


def per_model(done: dict) -> dict:
    """The target judged for each model: read, tokenise, vectorise and topics, then that model's search only.

    >>> d = {"read": {"seconds": 10.0, "cpu_seconds": 5.0}, "stance_search sgd": {"seconds": 50.0, "cpu_seconds": 90.0}}
    >>> per_model(d)["sgd"]
    {'wall_seconds': 60.0, 'cpu_seconds': 95.0, 'complete': True, 'met': True}
    """
    common = [r for k, r in done.items() if not k.startswith("stance_search ")]
    if any("not_run" in r for r in common):
        return {}
    wall, cpu = sum(r["seconds"] for r in common), sum(r["cpu_seconds"] for r in common)
    out = {}
    for key, r in done.items():
        if key.startswith("stance_search ") and (r.get("stopped") or "not_run" not in r):
            complete = "not_run" not in r
            w = wall + r.get("seconds", r.get("wall_seconds", 0))
            out[key.split(" ", 1)[1]] = {"wall_seconds": round(w, 1),
                                         "cpu_seconds": round(cpu + r["cpu_seconds"], 1), "complete": complete,
                                         "met": complete and w < TARGET_SECONDS}
    return out


def report(done: dict, fits: dict, args) -> tuple[str, dict]:
    """The stages' table, the verdict on the target and the probe's figures."""
    ran = {k: r for k, r in done.items() if "not_run" not in r or r.get("stopped")}
    wall = sum(r.get("seconds", r.get("wall_seconds", 0)) for r in ran.values())
    cpu = sum(r["cpu_seconds"] for r in ran.values())
    stopped = any(r.get("stopped") for r in done.values()) or any("not_run" in r for r in done.values())
    verdict = {"wall_seconds": round(wall, 1), "cpu_seconds": round(cpu, 1), "complete": not stopped,
               "met": (not stopped) and wall < TARGET_SECONDS,
               "miss_seconds": round(wall - TARGET_SECONDS, 1), "best_case_2_cores_seconds": round(cpu / 2, 1)}
    rows = [[k, r["not_run"] if "not_run" in r and not r.get("stopped") else
             f"{r.get('seconds', r.get('wall_seconds')):.1f}", f"{r['cpu_seconds']:.1f}" if "cpu_seconds" in r else "-",
             f"{r['peak_mb']:.0f}" if "peak_mb" in r else "-", r.get("not_run", "")] for k, r in done.items()]
    md = [markdown(["stage", "wall s", "CPU s", "peak MB", "note"], rows, aligned=True)]
    word = "met" if verdict["met"] else "NOT met"
    md.append(f"Target: {args.size:,} segments through every stage in < {TARGET_SECONDS:.0f} s on 2 cores: **{word}**. "
              f"Stages' wall {'so far ' if stopped else ''}{wall:.1f} s, CPU {cpu:.1f} s (best case on 2 free cores "
              f"{cpu / 2:.1f} s); {'at least ' if stopped else ''}{max(wall - TARGET_SECONDS, 0):.1f} s over the "
              f"target{' (the run was stopped: the budget ran out)' if stopped else ''}.")
    verdict["per_model"] = per_model(done)
    md += [f"With the {m} search alone: {v['wall_seconds']:.1f} s wall, {v['cpu_seconds']:.1f} CPU s: "
           + ("**met**" if v["met"] else "not met" + (" (stopped)" if not v["complete"] else ""))
           for m, v in verdict["per_model"].items()]
    complete = {k: r for k, r in done.items() if "not_run" not in r}
    if stopped and complete:
        done_wall, done_cpu = (sum(r[key] for r in complete.values()) for key in ("seconds", "cpu_seconds"))
        md.append(f"The stages that finished ({', '.join(complete)}): {done_wall:.1f} s wall, {done_cpu:.1f} CPU s "
                  f"(best case on 2 free cores {done_cpu / 2:.1f} s).")
        verdict["finished_stages"] = {"stages": list(complete), "wall_seconds": round(done_wall, 1),
                                      "cpu_seconds": round(done_cpu, 1)}
    if fits:
        lines = [f"- {k}: {v['seconds']:.1f} s wall, {v['cpu_seconds']:.1f} CPU s"
                 + (f", {v['iterations']} iterations" if v.get("iterations") else "")
                 for k, v in fits.items() if isinstance(v, dict)]
        md.append(f"Single fits on {fits['rows']:,} rows (one search fold's training part), one process:\n"
                  + "\n".join(lines))
    return "\n\n".join(md), verdict


def main(argv=None) -> int:
    args = arguments(argv)
    if args.probe:
        probe(args)
        return 0
    for source in scale_corpus.SOURCES:
        need(args.data / source)
    t0, load_start = time.time(), os.getloadavg()
    segments = scale_corpus.build(args.data, RANDOM_STATE)
    work = Path(tempfile.mkdtemp(prefix="stancelab-moonshot-", dir="/tmp"))
    try:
        scale_corpus.write_table(segments, args.size, work / f"table-{args.size}.csv")
        print(f"moonshot: {args.size:,} distinct segments, n_jobs {args.n_jobs}, budget {args.budget_seconds:.0f} s, "
              f"load average {load_start[0]:.2f}", flush=True)
        done = stages(args, work, time.perf_counter())
        fits = {}
        if "not_run" not in done["tokenise"]:
            argv = [sys.executable, "-m", "experiments.benchmarks.scale_moonshot", "--probe", "--size",
                    str(args.size), "--work", str(work), "--models", ",".join(args.models)]
            done["probe (whole process)"] = measure(argv, args.probe_seconds, work / "log-probe.txt")
            fits = json.loads((work / "probe.json").read_text()) if (work / "probe.json").exists() else {}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    probe_process = done.pop("probe (whole process)", None)
    md, verdict = report(done, fits, args)
    print(md)
    out = args.results / f"scale_moonshot_{args.size // 1000}k"
    out.mkdir(parents=True, exist_ok=True)
    args.sizes, args.stance_sizes = [args.size], [args.size]
    prov = provenance(args, {"distinct_segments": len(segments)}, load_start, t0)
    prov["command"] = " ".join(["python -m experiments.benchmarks.scale_moonshot", *sys.argv[1:]])
    write_atomic(out / "table.md", md + "\n")
    write_atomic(out / "measurements.json", json.dumps({"stages": done, "verdict": verdict, "probe": fits,
                                                        "probe_process": probe_process}, indent=1) + "\n")
    write_atomic(out / "provenance.json", json.dumps(prov, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
