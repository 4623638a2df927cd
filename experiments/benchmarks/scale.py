"""Scale on distinct text: each stage's wall time, CPU time and peak memory, stancelab's way and the plain
scikit-learn way side by side in the same run, from 1k segments up.

The corpus (scale_corpus.py) is every distinct segment of the shared data: UN speeches and passages, 20
Newsgroups and AG News (601,785 at most, so 1M distinct segments cannot be reached), labelled by source or
topic (12 labels). Size n is its first n segments, written as a table. Stages, each way in a fresh process
(scale_stages.py, measured by scale_measure.py): read the table; tokenise (prepare and count word 1-2-grams);
vectorise (TF-IDF, min_df 2, sublinear TF); topics (LSA 100 + MiniBatchKMeans, k = 12); stance search (logistic
regression and complement NB, 8 settings x 5 StratifiedGroupKFold folds each, macro-F1, from raw text; both
ways on the same folds); predict (`stancelab predict` with a model trained on the labelled UN passages, against
a skops-loaded Pipeline(TfidfVectorizer, LogisticRegression) of the same settings, whole processes). Each row
says whether both ways computed the same thing (TF-IDF matrices, topic partitions, every fold's score).

CPU seconds (user + system, workers included) are the figure to read on a shared machine; wall seconds and
the load average are reported beside them. Temporary files go to a folder in /tmp, removed at the end.

Run: python -m experiments.benchmarks.scale [--sizes 1000,10000,100000] [--stance-sizes 1000,10000]
     [--n-jobs 1] [--max-seconds 1200]
The 100k moonshot (all stages of an experiment in under 2 minutes): experiments/benchmarks/scale_moonshot.py.
"""
from __future__ import annotations

import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

from experiments.benchmarks import scale_corpus, scale_model
from experiments.benchmarks.common import ROOT, need, parser
from experiments.benchmarks.scale_measure import measure, run_stage
from experiments.benchmarks.scale_search import GRIDS, same_scores
from experiments.benchmarks.scale_stages import N_CLUSTERS, RANDOM_STATE, STAGES, TOPICS
from experiments.benchmarks.scale_summary import (
    ROW_KEYS,
    WAYS,
    compare_labels,
    compare_matrices,
    rows,
    slope_table,
    slopes,
    stage_table,
    with_text_to_matrix,
)


def arguments(argv=None):
    """The benchmark's options."""
    p = parser(__doc__.splitlines()[0])
    ints = lambda s: [int(v) for v in s.split(",")]  # noqa: E731
    p.add_argument("--sizes", type=ints, default=[1_000, 10_000, 100_000], help="segments, comma-separated")
    p.add_argument("--stance-sizes", type=ints, default=[1_000, 10_000], help="sizes at which the stance search runs")
    p.add_argument("--models", type=lambda s: s.split(","), default=["logreg", "complement_nb"],
                   help=f"stance models searched ({', '.join(GRIDS)})")
    p.add_argument("--max-seconds", type=float, default=1200, help="a stage still running after this is stopped")
    return p.parse_args(argv)


def check(stage: str, n: int, work: Path, results: dict) -> str:
    """Whether both ways of a stage computed the same thing, read from their outputs."""
    import scipy.sparse as sp

    a, b = results["stancelab"], results["plain"]
    if stage == "read":
        return "yes" if a["n_segments"] == b["n_segments"] == n else f"NO ({a['n_segments']}, {b['n_segments']})"
    if stage == "vectorise":
        return compare_matrices(*(sp.load_npz(work / f"tfidf-{way}-{n}.npz").tocsr() for way in WAYS))
    if stage == "topics":
        return compare_labels(*(np.load(work / f"topics-{way}-{n}.npy") for way in WAYS), "topics")
    if stage == "stance_search":
        equal = all(same_scores(a["models"][m], b["models"][m]) for m in a["models"])
        best = ", ".join(f"{m} {a['models'][m]['best_score']:.3f}" for m in a["models"])
        return f"{'yes' if equal else 'NO'}: every fold's score (best macro-F1 {best})"
    return "-"  # tokenise: stancelab counts every n-gram, the plain way those of min_df 2 (checked at vectorise)


def predict_both(n: int, work: Path, models: dict, args) -> tuple[dict, str]:
    """Both predict commands on the table of n segments (whole processes) and the share of equal labels."""
    out, labels = {}, {}
    for way in WAYS:
        path = work / f"predictions-{way}-{n}.csv"
        argv = scale_model.predict_argv(way, models[way], work / f"table-{n}.csv", path)
        r = measure(argv, args.max_seconds, work / f"log-predict-{way}-{n}.txt")
        if "not_run" not in r:
            r = {**r, "seconds": r["wall_seconds"]}
            with open(path, encoding="utf-8", newline="") as f:
                labels[way] = [row["label"] for row in csv.DictReader(f)]
        out[way] = r
    same = compare_labels(labels["stancelab"], labels["plain"], "predict") if len(labels) == 2 else "-"
    return out, same


def run_all(args, segments: list, work: Path) -> tuple[dict, dict]:
    """Every stage, both ways, at every size (smallest first); inputs written before, not timed."""
    done = {stage: {way: {} for way in WAYS} for stage in [*STAGES, "predict"]}
    checks = {}
    models = {"stancelab": scale_model.train_stancelab(args.data, work / "model.skops"),
              "plain": scale_model.train_plain(args.data, work / "plain.skops")}
    for n in args.sizes:
        scale_corpus.write_table(segments, n, work / f"table-{n}.csv")
        for stage in STAGES:
            if stage == "stance_search" and n not in args.stance_sizes:
                continue
            for way in WAYS:
                failed = any("not_run" in done[s][way].get(str(n), {}) for s in STAGES[:STAGES.index(stage)])
                done[stage][way][str(n)] = ({"not_run": "not run: an earlier stage did not finish"} if failed else
                                            run_stage(stage, way, n, work, args, args.max_seconds))
            results = {way: done[stage][way][str(n)] for way in WAYS}
            if not any("not_run" in r for r in results.values()):
                checks[f"{stage} {n}"] = check(stage, n, work, results)
            print(" | ".join(str(r[k]) for r in rows({stage: {w: {str(n): results[w]} for w in WAYS}}, checks)
                             for k in ROW_KEYS), flush=True)
        predicted, checks[f"predict {n}"] = predict_both(n, work, models, args)
        for way in WAYS:
            done["predict"][way][str(n)] = predicted[way]
        for old in work.glob(f"*-{n}.*"):  # free /tmp: the next size writes its own
            old.unlink()
    return done, checks


def provenance(args, corpus: dict, load_start: tuple, started: float) -> dict:
    """What the run ran on: versions, machine, load averages, seeds, corpus, command."""
    import pandas
    import scipy
    import sklearn
    import skops

    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    return {"command": " ".join(["python -m experiments.benchmarks.scale", *sys.argv[1:]]),
            "git_commit": commit.strip(), "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
            "minutes": round((time.time() - started) / 60, 1), "cpus": os.cpu_count(), "n_jobs": args.n_jobs,
            "load_average_start": [round(v, 2) for v in load_start],
            "load_average_end": [round(v, 2) for v in os.getloadavg()],
            "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                         "scikit-learn": sklearn.__version__, "pandas": pandas.__version__,
                         "skops": skops.__version__},
            "platform": platform.platform(), "random_state": RANDOM_STATE, "corpus": corpus,
            "sizes": args.sizes, "stance_sizes": args.stance_sizes, "models": args.models, "grids": GRIDS,
            "topics": TOPICS, "n_clusters": N_CLUSTERS}


def write_atomic(path: Path, text: str) -> None:
    """Write a file through a temporary file and a rename: a reader never sees half of it."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def save(out: Path, done: dict, checks: dict, prov: dict) -> str:
    """results/scale/: table.md, table.csv, slopes.md, measurements.json, provenance.json; the Markdown."""
    out.mkdir(parents=True, exist_ok=True)
    table_rows, s = rows(with_text_to_matrix(done), checks), slopes(done)
    load = prov["load_average_start"], prov["load_average_end"]
    md = "\n\n".join([stage_table(table_rows), slope_table(s),
                      f"CPU seconds: user + system of the stage's work, workers included, interpreter, imports and "
                      f"input loading left out (predict: the whole command). Peak MB: the process's (largest "
                      f"process's) resident peak. Ratio above 1: stancelab used less CPU. {prov['cpus']} cores, "
                      f"n_jobs {prov['n_jobs']}; load average (1, 5, 15 min) {load[0]} at the start, {load[1]} at "
                      f"the end: other work shared the machine, so wall seconds vary more than CPU seconds."])
    write_atomic(out / "table.md", md + "\n")
    with tempfile.NamedTemporaryFile("w", dir=out, delete=False, newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=ROW_KEYS)
        writer.writeheader()
        writer.writerows(table_rows)
    Path(f.name).replace(out / "table.csv")
    write_atomic(out / "measurements.json", json.dumps({"stages": done, "checks": checks, "slopes": s},
                                                       indent=1, sort_keys=True) + "\n")
    write_atomic(out / "provenance.json", json.dumps(prov, indent=1, sort_keys=True) + "\n")
    return md


def main(argv=None) -> int:
    args = arguments(argv)
    for source in scale_corpus.SOURCES:
        need(args.data / source)
    started, load_start = time.time(), os.getloadavg()
    segments = scale_corpus.build(args.data, RANDOM_STATE)
    corpus = {"distinct_segments": len(segments), "labels": dict(Counter(s[1] for s in segments)),
              "build_seconds": round(time.time() - started, 1)}
    sizes = [n for n in args.sizes if n <= len(segments)]
    beyond = [f"{n:,}" for n in args.sizes if n > len(segments)]
    print(f"scale benchmark: {len(segments):,} distinct segments available; sizes {', '.join(f'{n:,}' for n in sizes)}"
          + (f" ({', '.join(beyond)} left out: more segments than there are distinct texts)" if beyond else "")
          + f"; {os.cpu_count()} cores, n_jobs {args.n_jobs}, load average {load_start[0]:.2f}", flush=True)
    args.sizes = sizes
    work = Path(tempfile.mkdtemp(prefix="stancelab-scale-", dir="/tmp"))
    try:
        done, checks = run_all(args, segments, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    md = save(args.results / "scale", done, checks, provenance(args, corpus, load_start, started))
    print(md)
    return 1 if any(v.startswith("NO") for v in checks.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
