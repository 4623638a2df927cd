"""stancelab's stance step against the plain scikit-learn way, side by side in one run, on the same data.

    python -m experiments.benchmarks.stance_vs_plain [--corpus un|five_targets|both] [--repeats N]

Each way runs in a fresh process (BLAS single-threaded in both), alternating, `--repeats` times each; a
process reports the CPU seconds (user + sys) of its own work and of the whole process (interpreter start and
imports included), and its peak resident memory. The figures quoted are the medians over repeats, with the
load average of the machine before and after: CPU seconds, not wall time, because the machine is shared.

- stancelab: the corpus read and prepared (`stancelab run` does the same), then the whole stance step
  (experiments/stance/step.py) with its defaults: a majority baseline beside the model, bootstrap intervals,
  the final model refit (or kept) and saved with its card, temperature and top n-grams;
- plain: experiments/benchmarks/stance_plain.py, GridSearchCV of TF-IDF + LinearSVC per fold or per target.
The corpora are built by experiments/benchmarks/stance_corpora.py. The run checks that both ways tested the
same rows in the same folds, chose the same C everywhere and predicted every tested row alike (so every
score is equal), and writes results/stance_vs_plain/ (table.md, metrics.json).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from experiments.benchmarks import common
from experiments.benchmarks.stance_corpora import SEED, Corpus, build, corpus_of

WAYS = ("stancelab", "plain")
CORPORA = ("un", "five_targets")


def cpu_self() -> float:
    """CPU seconds (user + sys) of this process so far."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def stancelab_way(corpus: Corpus, work: Path) -> dict:
    """The stance step of stancelab on `corpus` (read and prepare, then experiments.stance.step.run)."""
    from experiments.config import schema
    from experiments.corpus import engine
    from experiments.corpus.data import load_segments, require_text
    from experiments.run import layout
    from experiments.stance import step

    config = schema.load(corpus.config, [])
    segments = require_text(load_segments(config), config)
    features = engine.feature_input(config, [s.text for s in segments])
    started = cpu_self()
    run_dir = Path(tempfile.mkdtemp(dir=work))
    layout.tables(run_dir).mkdir(parents=True)
    metrics = step.run(config, segments, features, run_dir, lambda message: None)
    return {"metrics": metrics, "run_dir": str(run_dir), "step_cpu": cpu_self() - started}


def stancelab_answer(corpus: Corpus, run: dict) -> dict:
    """What the stancelab run predicted and chose, in the plain way's terms (read after the timing)."""
    import csv

    metrics, protocol = run["metrics"], corpus.protocol
    with open(Path(run["run_dir"]) / "tables" / "predictions.csv", encoding="utf-8") as f:
        predicted = {r["id"]: r["predicted"] for r in csv.DictReader(f) if r["model"] == "linear_svm"}
    folds = metrics["protocols"][protocol]["results"]["linear_svm"]["folds"]
    best = ([f["best_params"]["clf__C"] for f in folds] if not corpus.per_group else
            {g: p.get("clf__C") for g, p in folds[0]["best_params"].items()})
    final = metrics["final_model"].get("best_params") or {}  # final_fit = "none": no final model
    return {"predicted": predicted, "best_C": best, "final_C": None if corpus.per_group else final.get("clf__C"),
            "test_folds": stancelab_test_folds(corpus)}


def stancelab_test_folds(corpus: Corpus) -> list[list[str]]:
    """The ids stancelab's protocol holds out, fold by fold (sorted), planned from the corpus's config."""
    import numpy as np

    from experiments.config import schema
    from experiments.corpus import engine
    from experiments.corpus.data import load_segments
    from experiments.corpus.labelled import load_labelled
    from experiments.stance import groups, splits

    config = schema.load(corpus.config, [])
    segments = load_segments(config)
    data = load_labelled(config, segments, engine.feature_input(config, [s.text for s in segments]))
    grouped = groups.cv_groups(data, config, check=corpus.protocol == "grouped_cv")
    plan = splits.plan(corpus.protocol, data, config.evaluation, SEED, grouped)
    ids = np.array([s.id for s in data.segments], dtype=object)
    return [sorted(ids[test]) for _, _, test in plan.splits]


def child(way: str, corpus: Corpus, work: Path) -> dict:
    """One way in this (fresh) process: its answer and its CPU seconds and peak memory."""
    if way == "stancelab":
        run = stancelab_way(corpus, work)
        cost = {"work_cpu_s": run["step_cpu"], "process_cpu_s": cpu_self()}
        answer = stancelab_answer(corpus, run)
    else:
        from experiments.benchmarks import stance_plain

        started = cpu_self()
        answer = stance_plain.run(corpus)
        cost = {"work_cpu_s": cpu_self() - started, "process_cpu_s": cpu_self()}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return {**answer, **{k: round(v, 2) for k, v in cost.items()}, "peak_rss_mb": round(peak, 1)}


def run_child(way: str, name: str, work: Path, data: Path) -> dict:
    """`child` in a fresh interpreter, BLAS single-threaded (as the stance step runs), its answer read back."""
    out = work / f"{way}.json"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "PYTHONHASHSEED": "0"}
    subprocess.run([sys.executable, "-m", "experiments.benchmarks.stance_vs_plain", "--child", way, "--corpus", name,
                    "--work", str(work), "--data", str(data), "--answer", str(out)], check=True, env=env)
    return json.loads(out.read_text(encoding="utf-8"))


def compare(name: str, runs: dict[str, list[dict]], load: tuple[str, str]) -> dict:
    """Medians of each way's figures, their ratios, and whether both ways answered alike."""
    s, p = runs["stancelab"][0], runs["plain"][0]
    same = {"test_folds": s["test_folds"] == p["test_folds"], "best_C": s["best_C"] == p["best_C"],
            "final_C": s["final_C"] == p["final_C"],
            "predictions": s["predicted"] == p["predicted"] and len(p["predicted"]) > 0}

    def median(way, key):
        return round(statistics.median(r[key] for r in runs[way]), 2)

    figures = {way: {k: median(way, k) for k in ("work_cpu_s", "process_cpu_s", "peak_rss_mb")} for way in WAYS}
    ratios = {k: round(figures["stancelab"][k] / figures["plain"][k], 2) for k in figures["plain"]}
    return {"corpus": name, "rows_tested": len(p["predicted"]), "same": same, "ways": figures, "ratios": ratios,
            "repeats": len(runs["plain"]), "loadavg_before": load[0], "loadavg_after": load[1],
            "all_runs": {way: [{k: r[k] for k in figures[way]} for r in runs[way]] for way in WAYS}}


def table(results: list[dict]) -> str:
    """The markdown table of results/stance_vs_plain/table.md. The whole-process figures compare like with
    like (interpreter, imports, reading and preparing the text included on both sides); stancelab's step
    figure leaves out its reading and preparing, the plain way's search figure includes them."""
    lines = ["| corpus | rows tested | stancelab CPU s: whole process (step) | plain CPU s: whole process "
             "(prepare + searches) | ratio, whole processes | peak MB stancelab / plain | "
             "same folds, C, predictions | load average |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        s, p, q = r["ways"]["stancelab"], r["ways"]["plain"], r["ratios"]
        lines.append(f"| {r['corpus']} | {r['rows_tested']} | {s['process_cpu_s']} ({s['work_cpu_s']}) | "
                     f"{p['process_cpu_s']} ({p['work_cpu_s']}) | {q['process_cpu_s']} | "
                     f"{s['peak_rss_mb']:.0f} / {p['peak_rss_mb']:.0f} | "
                     f"{'yes' if all(r['same'].values()) else 'NO: ' + str(r['same'])} | "
                     f"{r['loadavg_before']} -> {r['loadavg_after']} |")
    return "\n".join(lines)


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "n/a"


def write(results: list[dict], results_dir: Path, command: str) -> Path:
    """results/stance_vs_plain/metrics.json (one entry per corpus, the latest run of each, with its provenance)
    and table.md (every corpus in it), each written atomically."""
    import platform

    import sklearn

    from features.atomic import atomic_write

    out = results_dir / "stance_vs_plain"
    commit = subprocess.run(["git", "-C", str(common.ROOT), "rev-parse", "HEAD"], capture_output=True, text=True)
    provenance = {"command": command, "commit": commit.stdout.strip() or None, "python": platform.python_version(),
                  "scikit_learn": sklearn.__version__, "cpus": os.cpu_count(), "platform": platform.platform(),
                  "written": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    saved = json.loads((out / "metrics.json").read_text(encoding="utf-8")) if (out / "metrics.json").exists() else {}
    by_corpus = {**saved.get("results", {}), **{r["corpus"]: {**r, "provenance": provenance} for r in results}}
    with atomic_write(out / "metrics.json") as f:
        f.write(json.dumps({"results": by_corpus}, indent=2, sort_keys=True) + "\n")
    with atomic_write(out / "table.md") as f:
        f.write(table([by_corpus[c] for c in CORPORA if c in by_corpus]) + "\n")
    return out


def main(argv=None) -> list[dict]:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--corpus", choices=(*CORPORA, "both"), default="both")
    p.add_argument("--repeats", type=int, default=1, help="runs of each way, alternating; medians reported")
    p.add_argument("--child", choices=WAYS, help=argparse.SUPPRESS)  # one way, in a fresh process
    p.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--answer", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:  # the corpus files were written by the parent: only described here
        answer = child(args.child, corpus_of(args.corpus, args.work), args.work)
        args.answer.write_text(json.dumps(answer, default=str), encoding="utf-8")
        return []
    results = []
    for name in CORPORA if args.corpus == "both" else (args.corpus,):
        with tempfile.TemporaryDirectory(prefix="stance_vs_plain_") as tmp:
            work = Path(tmp)
            build(name, common.need(args.data), work, common.ROOT)
            before, runs = loadavg(), {way: [] for way in WAYS}
            for _ in range(args.repeats):
                for way in WAYS:
                    runs[way].append(run_child(way, name, work, args.data))
            results.append(compare(name, runs, (before, loadavg())))
        print(table(results[-1:]), flush=True)
    command = " ".join(["python -m experiments.benchmarks.stance_vs_plain", *(sys.argv[1:] if argv is None else argv)])
    print(f"written to {write(results, args.results, command)}")
    return results


if __name__ == "__main__":
    main()
