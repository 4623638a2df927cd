"""Scale: wall time and peak memory of each stage for 1k to 1M segments, and the stance search done three ways.

Stages, each run in a fresh Python process per size, so that its peak resident memory (ru_maxrss, read with
os.wait4) is its own and includes numpy/scipy buffers (tracemalloc would miss them):
- read: the table reader (features/read/tables.py) over a CSV of n passages;
- tokenise: text preparation and n-gram counting of every segment once (features/tfidf/token_counts.py);
- vectorise: TF-IDF of all segments from the counts (features/tfidf/count_tfidf.py, min_df 2, words 1-2);
- cluster: LSA (100 components) then MiniBatchKMeans, k = 10 (experiments/topics/clustering.py);
- stance CV: a grid of 8 settings x 5 StratifiedGroupKFold folds, three ways on the same folds, each from raw
  text (experiments/benchmarks/scale_search.py): stancelab's (counts once, `CountTfidf` fits cached per fold
  and min_df), the plain scikit-learn way (Pipeline(TfidfVectorizer, model) in GridSearchCV, the
  vectorizer preparing the text) and the plain way handed the text prepared once (hoisted: conservative);
- predict: `stancelab predict MODEL TABLE --out FILE` on the CSV of n passages (whole process).

Data. Sizes above the 17,080 UN General Debate passages repeat them: copy k >= 1 has ids suffixed "#r<k>"
and group "<country>#r<k>", so ids stay unique and grouped folds still have groups. The stance CV uses the
labelled passages (seeds/ungdc/labels.csv), repeated the same way with their own labels: the labels are
real but the repeats are not new data (copies of a passage fall in different folds), so the printed scores
are for the "all ways equal" check only, not an estimate of accuracy. Tables, counts and predictions are
written under a temporary folder in /tmp and removed at the end.

Run: python -m experiments.benchmarks.scale [--sizes 1000,10000,100000,1000000] [--stance-sizes ...]
     [--plain-sizes 1000,10000,100000] [--n-jobs 2] [--max-seconds 900]
"""
from __future__ import annotations

import csv
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import numpy as np

from experiments.benchmarks.common import ROOT, need, parser, save
from experiments.benchmarks.scale_search import (
    CLASSIFIER_PARAMS,
    GRIDS,
    STANCE_LABELS,
    WAYS,
    count_texts,
    feature_settings,
    same_scores,
    search_folds,
    search_summary,
    stancelab_search,
    text_settings,
)
from experiments.output.tables import markdown

UNGDC = Path("ungdc") / "ungdc_nuclear_paragraphs_1946_2024.csv"
LABELS = ROOT / "seeds" / "ungdc" / "labels.csv"
RANDOM_STATE = 2029  # experiments/configs/ungdc_stance.toml
STAGES = ["read", "tokenise", "vectorise", "cluster", "stance_cv", "stance_cv_plain", "stance_cv_hoisted", "predict"]
EXPERIMENT = ["read", "tokenise", "vectorise", "cluster", "stance_cv"]  # the stance-and-topics experiment
PLAIN = {"plain": "stance_cv_plain", "hoisted": "stance_cv_hoisted"}  # way -> its stage
TOPICS = {"method": "minibatch_kmeans", "representation": "lsa", "n_components": 100, "normalize": True,
          "init": "k-means++", "n_init": 3, "max_iter": 100, "batch_size": 4096}
N_CLUSTERS = 10


# --- data -----------------------------------------------------------------------------------------------

def table_spec():
    """How the benchmark tables map onto records: the config's id columns; the group column is the copy's."""
    from features.read.tables import TableSpec

    return TableSpec(text_columns=("text",), id_columns=("country", "session", "year", "para_idx"),
                     group_column="group")


def repeat_rows(rows: list[dict], n: int) -> list[dict]:
    """The first n rows of `rows` cycled; copy k >= 1 gets "#r<k>" on its last id part and its group.

    Example: repeat_rows([{"country": "FRA", "para_idx": "3", ...}], 2)[1]["para_idx"] -> "3#r1"
    """
    out = []
    for i in range(n):
        row, k = rows[i % len(rows)], i // len(rows)
        tag = f"#r{k}" if k else ""
        out.append({**row, "para_idx": row["para_idx"] + tag, "group": row["country"] + tag})
    return out


def write_table(source: Path, n: int, path: Path) -> Path:
    """A CSV of n passages (columns id, group, country, session, year, para_idx, text) for read and predict."""
    with open(source, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    names = ["id", "group", "country", "session", "year", "para_idx", "text"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(names)
        for row in repeat_rows(rows, n):
            row["id"] = "_".join(row[c] for c in ("country", "session", "year", "para_idx"))
            writer.writerow([row[c] for c in names])
    return path


def labelled_rows(source: Path) -> list[dict]:
    """The labelled passages, in the order of labels.csv, with their label (text, country, ..., label)."""
    with open(LABELS, encoding="utf-8", newline="") as f:
        labels = {r["id"]: r["label"] for r in csv.DictReader(f)}
    with open(source, encoding="utf-8", newline="") as f:
        rows = {"_".join(r[c] for c in ("country", "session", "year", "para_idx")): r for r in csv.DictReader(f)}
    return [{**rows[i], "label": lab} for i, lab in labels.items()]


def stance_data(source: Path, n: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, labels and groups of n labelled segments (the labelled passages repeated as `repeat_rows`).

    Example: stance_data(csv, 1000)[1][:2] -> array(["escalation", "none"])   (real labels, no repeat)
    """
    rows = repeat_rows(labelled_rows(source), n)
    return [r["text"] for r in rows], np.array([r["label"] for r in rows]), np.array([r["group"] for r in rows])


# --- stages: each runs in its own process (`--stage NAME --size N`), timed from its input to its output ---

def _dump(obj, path: Path) -> None:
    with open(path, "wb") as f:
        pickle.dump(obj, f, protocol=5)


def _load(path: Path):
    with open(path, "rb") as f:
        return pickle.load(f)


def stage_read(n: int, work: Path, args) -> dict:
    """Every record of the n-passage table through the project's reader (streamed, see features/read/tables.py)."""
    from features.read.tables import iter_records

    t = time.perf_counter()
    records = list(iter_records(work / f"table-{n}.csv", table_spec()))
    seconds = time.perf_counter() - t
    _dump([r.text for r in records], work / f"texts-{n}.pkl")
    return {"seconds": seconds, "n_segments": len(records), "n_groups": len({r.group for r in records})}


def stage_tokenise(n: int, work: Path, args) -> dict:
    """Prepare and count the word 1-2-grams of every segment once, in n_jobs processes (no disk cache)."""
    texts = _load(work / f"texts-{n}.pkl")
    t = time.perf_counter()
    counts = count_texts(texts, args.n_jobs)  # the same counting the stance stage times
    seconds = time.perf_counter() - t
    _dump(counts, work / f"counts-{n}.pkl")
    return {"seconds": seconds, "n_ngrams": int(counts.X.shape[1]), "nnz": int(counts.X.nnz)}


def stage_vectorise(n: int, work: Path, args) -> dict:
    """TF-IDF of every segment from its counts (vocabulary filters and IDF fitted on all rows)."""
    import scipy.sparse as sp

    from features.tfidf.token_counts import cached_vectorizer

    counts = _load(work / f"counts-{n}.pkl")
    t = time.perf_counter()
    X = cached_vectorizer(feature_settings(), counts).fit_transform(counts.X)
    seconds = time.perf_counter() - t
    sp.save_npz(work / f"tfidf-{n}.npz", sp.csr_matrix(X), compressed=False)
    return {"seconds": seconds, "n_features": int(X.shape[1])}


def stage_cluster(n: int, work: Path, args) -> dict:
    """LSA then MiniBatchKMeans (k = 10, 3 inits), one seed, as experiments/topics/clustering.py fits a partition."""
    import scipy.sparse as sp
    from threadpoolctl import threadpool_limits

    from experiments.topics.clustering import fit_partition

    X = sp.load_npz(work / f"tfidf-{n}.npz")
    t = time.perf_counter()
    with threadpool_limits(limits=args.n_jobs):  # the SVD's BLAS may use the cores we were given
        part = fit_partition(X, TOPICS, N_CLUSTERS, RANDOM_STATE)
    return {"seconds": time.perf_counter() - t, "cluster_sizes": np.bincount(part.labels).tolist()}


def timed_searches(search, models: list[str], y, groups) -> tuple[dict, float]:
    """Run `search(model)` for each model: every model's search summary with its seconds, and their total."""
    out, total = {}, 0.0
    for model in models:
        t = time.perf_counter()
        fitted = search(model)
        seconds = time.perf_counter() - t
        out[model] = {**search_summary(fitted, search_folds(y, groups, RANDOM_STATE)), "seconds": seconds}
        total += seconds
    return out, total


def stage_stance(n: int, work: Path, args) -> dict:
    """stancelab's way, from raw text: count once (shared by the models, as in an experiment), then each search.

    A model's "seconds" include the counting (its search alone from raw text, for the ratio); the stage's
    "search_seconds" leave it out (the full-path sum takes the counting from the tokenise stage, once).
    """
    from threadpoolctl import threadpool_limits

    texts, y, groups = stance_data(args.data / UNGDC, n)
    with threadpool_limits(limits=1):
        t = time.perf_counter()
        counts = count_texts(texts, args.n_jobs)
        count_seconds = time.perf_counter() - t
        models, total = timed_searches(lambda m: stancelab_search(counts, y, groups, m, args.n_jobs, RANDOM_STATE),
                                       args.models, y, groups)
    for r in models.values():
        r["search_seconds"], r["seconds"] = r["seconds"], count_seconds + r["seconds"]
    return {"count_seconds": count_seconds, "search_seconds": total, "seconds": count_seconds + total,
            "models": models}


def stage_plain(n: int, work: Path, args, way: str) -> dict:
    """One plain way (scale_search.WAYS) for every model in --models, from raw text."""
    from threadpoolctl import threadpool_limits

    texts, y, groups = stance_data(args.data / UNGDC, n)
    with threadpool_limits(limits=1):
        models, total = timed_searches(lambda m: WAYS[way](texts, y, groups, m, args.n_jobs, RANDOM_STATE),
                                       args.models, y, groups)
    return {"seconds": total, "models": models}


STAGE_FUNCTIONS = {"read": stage_read, "tokenise": stage_tokenise, "vectorise": stage_vectorise,
                   "cluster": stage_cluster, "stance_cv": stage_stance,
                   **{stage: partial(stage_plain, way=way) for way, stage in PLAIN.items()}}


def train_model(source: Path, path: Path):
    """The model `predict` uses: logistic regression (C = 10) on the labelled passages, saved with a card."""
    from experiments.stance import modelfile
    from experiments.stance.models import make_classifier, make_pipeline
    from features.tfidf.vectorize import make_vectorizer, vectorizer_input

    rows = labelled_rows(source)
    texts, y = [r["text"] for r in rows], [r["label"] for r in rows]
    model = make_pipeline(make_vectorizer(feature_settings()),
                          make_classifier("logreg", CLASSIFIER_PARAMS["logreg"], RANDOM_STATE))
    model.fit(vectorizer_input(texts, text_settings()), y)
    ts = text_settings()
    preprocess = {k: getattr(ts, k) for k in ("lowercase", "strip_accents", "stop_words", "lemmatize",
                                              "drop_numbers", "min_token_length")}
    card = {"experiment": "scale_benchmark", "model": "logreg", "labels": STANCE_LABELS,
            "probability": {"method": "predict_proba"}, "language": "en",
            "preprocess": {**preprocess, "keep_words": list(ts.keep_words)}, "segments": {"unit": "document"},
            "random_state": RANDOM_STATE, "training_data": {"n_segments": len(y), "annotations": str(LABELS)}}
    return modelfile.save(model, path, card)[0]


# --- measuring: one fresh process per stage and size -------------------------------------------------------

# Linux counts a process's pages from before its exec in its ru_maxrss, so a stage forked straight from this
# (large) process would report at least this process's size. A small launcher forks the stage instead and
# reports the stage's own rusage (the stage's peak, or that of a worker it reaped, whichever is larger).
LAUNCHER = """import json, os, subprocess, sys
with open(sys.argv[2], "wb") as err:
    proc = subprocess.Popen(sys.argv[3:], stdout=subprocess.DEVNULL, stderr=err)
    _, status, usage = os.wait4(proc.pid, 0)
open(sys.argv[1], "w").write(json.dumps({"status": status, "maxrss_kb": usage.ru_maxrss}))
"""


def measure(argv: list[str], max_seconds: float, log: Path) -> dict:
    """Wall seconds and peak resident MB (ru_maxrss) of one command, through LAUNCHER; killed past max_seconds.

    Example: measure([sys.executable, "-c", "pass"], 60, Path("/tmp/log"))["peak_mb"] -> about 10
    """
    usage_file = log.with_suffix(".rusage.json")
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(usage_file), str(log), *argv], cwd=ROOT,
                            stdout=subprocess.DEVNULL, start_new_session=True)
    try:
        proc.wait(timeout=max_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # its own session: the launcher, the stage and its workers only
        proc.wait()
        return {"not_run": f"stopped after --max-seconds {max_seconds:g} s"}
    seconds, usage = time.perf_counter() - t, json.loads(usage_file.read_text())
    if usage["status"] != 0:
        return {"not_run": "failed: " + log.read_text(errors="replace").strip().splitlines()[-1][:200]}
    return {"process_seconds": round(seconds, 2), "peak_mb": round(usage["maxrss_kb"] / 1024, 1)}


def stage_argv(stage: str, n: int, work: Path, args) -> list[str]:
    """The command that runs one stage at one size (predict: the real `stancelab predict`)."""
    if stage == "predict":
        return [sys.executable, "-m", "experiments.cli", "predict", str(work / "model.skops"),
                str(work / f"table-{n}.csv"), "--out", str(work / f"predictions-{n}.csv"), "--quiet"]
    return [sys.executable, "-m", "experiments.benchmarks.scale", "--stage", stage, "--size", str(n),
            "--work", str(work), "--data", str(args.data), "--n-jobs", str(args.n_jobs),
            "--models", ",".join(args.models)]


def run_stage(stage: str, n: int, work: Path, args) -> dict:
    """One stage at one size: its own timing (from its input loaded to its output) and the process's peak."""
    result = measure(stage_argv(stage, n, work, args), args.max_seconds, work / f"log-{stage}-{n}.txt")
    if "not_run" in result:
        return result
    if stage == "predict":  # the whole command: interpreter start, model load, read, predict, write
        return {**result, "seconds": result["process_seconds"],
                "output_mb": round((work / f"predictions-{n}.csv").stat().st_size / 1e6, 1)}
    return {**result, **json.loads((work / f"result-{stage}-{n}.json").read_text())}


def why_not(stage: str, n: int, done: dict, args) -> str:
    """The reason a stage is not run at size n, or "" to run it."""
    needs = {"tokenise": "read", "vectorise": "tokenise", "cluster": "vectorise"}
    if stage.startswith("stance") and n not in args.stance_sizes:
        return f"not run: stance CV only at --stance-sizes {','.join(map(str, args.stance_sizes))} (time budget)"
    if stage in PLAIN.values() and n not in args.plain_sizes:
        return f"not run: plain ways only at --plain-sizes {','.join(map(str, args.plain_sizes))} (time budget)"
    smaller = [m for m in done[stage] if int(m) < n and "not_run" in done[stage][m]]
    if smaller:
        return f"not run: did not finish at {int(smaller[0]):,}"
    if stage in needs and "not_run" in done[needs[stage]].get(str(n), {"not_run": ""}):
        return f"not run: {needs[stage]} did not finish"
    return ""


def run_all(args, work: Path) -> dict:
    """Every stage at every size, smallest size first; the input tables are written before (not timed)."""
    source = args.data / UNGDC
    done = {stage: {} for stage in STAGES}
    train_model(source, work / "model.skops")
    for n in args.sizes:
        write_table(source, n, work / f"table-{n}.csv")
        for stage in STAGES:
            reason = why_not(stage, n, done, args)
            done[stage][str(n)] = {"not_run": reason} if reason else run_stage(stage, n, work, args)
            shown = done[stage][str(n)]
            print(f"{n:>9,} {stage:<16} " + (shown["not_run"] if "not_run" in shown else
                                             f"{shown['seconds']:8.2f} s {shown['peak_mb']:8.0f} MB"), flush=True)
        for old in work.glob(f"*-{n}.*"):  # free /tmp: the next size writes its own
            old.unlink()
    return done


# --- reading the measurements ------------------------------------------------------------------------------

def slope(sizes, values, min_size: int = 10_000) -> float | None:
    """Least-squares slope of log(value) on log(size) over sizes >= min_size (1: linear growth).

    Sizes below min_size are left out: there the interpreter and imports (a fixed cost) dominate.
    Example: slope([10_000, 100_000], [2.0, 20.0]) -> 1.0
    """
    pairs = [(s, v) for s, v in zip(sizes, values, strict=True) if s >= min_size and v]
    if len(pairs) < 2:
        return None
    x, y = np.log10([p[0] for p in pairs]), np.log10([p[1] for p in pairs])
    return round(float(np.polyfit(x, y, 1)[0]), 2)


def measured(done: dict, stage: str, key: str) -> tuple[list[int], list[float]]:
    """(sizes, values) of one stage where it ran."""
    pairs = [(int(n), r[key]) for n, r in done[stage].items() if "not_run" not in r]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def stage_table(done: dict, sizes: list[int]) -> str:
    """Size x stage: "seconds s / peak MB", or why not run; with the log-log slopes of time and memory."""
    rows = []
    for stage in STAGES:
        cells = [f"{r['seconds']:.2f} s / {r['peak_mb']:.0f} MB" if "not_run" not in r else r["not_run"]
                 for r in (done[stage][str(n)] for n in sizes)]
        slopes = [slope(*measured(done, stage, key)) for key in ("seconds", "peak_mb")]
        rows.append([stage, *cells, *["-" if s is None else f"{s:.2f}" for s in slopes]])
    return markdown(["stage", *[f"{n:,} segments" for n in sizes], "time slope", "memory slope"], rows, aligned=True)


def comparison(done: dict) -> dict:
    """Per size, model and plain way: both sides' seconds and best macro-F1, equal or not, the speed ratio."""
    out = {}
    for n, ours in done["stance_cv"].items():
        for way, stage in PLAIN.items():
            plain = done[stage].get(n, {"not_run": ""})
            if "not_run" in ours or "not_run" in plain:
                continue
            for model, a in ours["models"].items():
                b = plain["models"][model]
                out[f"{n} {model} {way}"] = {
                    "size": int(n), "model": model, "way": way, "settings": a["settings"], "folds": a["folds"],
                    "stancelab_seconds": round(a["seconds"], 2), "plain_seconds": round(b["seconds"], 2),
                    "stancelab_best_f1": a["best_score"], "plain_best_f1": b["best_score"],
                    "equal": same_scores(a, b), "ratio": round(b["seconds"] / a["seconds"], 2)}
    return out


WAY_NAMES = {"plain": "Pipeline(TfidfVectorizer) preparing the text", "hoisted": "same, text prepared once outside"}


def comparison_table(cmp: dict) -> str:
    """The both-ways table: sizes, models, plain way, scores side by side, equal or not, speed ratio."""
    rows = [[f"{c['size']:,}", c["model"], WAY_NAMES[c["way"]], f"{c['settings']} x {c['folds']}",
             f"{c['stancelab_best_f1']:.4f}", f"{c['plain_best_f1']:.4f}", "yes" if c["equal"] else "NO",
             f"{c['stancelab_seconds']:.1f}", f"{c['plain_seconds']:.1f}", f"{c['ratio']:.2f}x"] for c in cmp.values()]
    return markdown(["segments", "model", "plain way", "settings x folds", "stancelab macro-F1", "plain macro-F1",
                     "equal (every fold)", "stancelab s", "plain s", "speed ratio"], rows, aligned=True)


def full_path(done: dict, n: str = "100000") -> float | None:
    """Seconds of read + tokenise + vectorise + cluster + the stance searches at n segments (None if one is missing).

    The stance stage's own counting is left out: an experiment tokenises once, in the tokenise stage.
    Example: full_path({"read": {"100000": {"seconds": 1}}, ..., "stance_cv": {"100000": {"search_seconds": 50}}})
             -> 67.0
    """
    at = {stage: done[stage].get(n, {"not_run": "size not in --sizes"}) for stage in EXPERIMENT}
    if any("not_run" in r for r in at.values()):
        return None
    return round(sum(r["search_seconds" if stage == "stance_cv" else "seconds"] for stage, r in at.items()), 1)


def targets(done: dict, cmp: dict) -> dict:
    """The issue's targets, each met, not met, or not measured (None), with the figure judged.

    The ratio target is judged against the plain way; the hoisted way's ratios are reported beside it.
    """
    full = full_path(done)
    big = [c for c in cmp.values() if c["settings"] >= 8 and c["folds"] >= 5]
    largest = max((c["size"] for c in big), default=None)
    ratios = {way: {c["model"]: c["ratio"] for c in big if c["size"] == largest and c["way"] == way} for way in PLAIN}
    slopes = {stage: {key: slope(*measured(done, stage, key)) for key in ("seconds", "peak_mb")} for stage in STAGES}
    known = [s for d in slopes.values() for s in d.values() if s is not None]
    return {"full_experiment_100k_seconds": full, "full_experiment_100k_met": None if full is None else full < 120,
            "ratio_size": largest, "ratios": ratios,
            "ratio_met": {way: {m: r >= 3 for m, r in r_.items()} for way, r_ in ratios.items()},
            "all_scores_equal": all(c["equal"] for c in cmp.values()) if cmp else None,
            "slopes": slopes, "linear_met": (max(known) <= 1.1) if known else None}


def targets_text(t: dict) -> str:
    """The targets as lines of text, saying which were met."""
    word = lambda ok: "not measured" if ok is None else ("met" if ok else "NOT met")  # noqa: E731
    full = t["full_experiment_100k_seconds"]
    lines = [f"- 100k segments, read + tokenise + vectorise + cluster + stance searches (stancelab way, all models, "
             f"tokenised once): {'-' if full is None else f'{full:.1f} s'} (target < 120 s): "
             f"{word(t['full_experiment_100k_met'])}"]
    for way, ratios in t["ratios"].items():
        for model, ratio in ratios.items():
            judged = f"(target >= 3x): {word(t['ratio_met'][way][model])}" if way == "plain" else "(for comparison)"
            lines.append(f"- speed ratio at {t['ratio_size']:,} segments, {model}, 8 settings x 5 folds, against "
                         f"{WAY_NAMES[way]}: {ratio:.2f}x {judged}")
    worst = max(((s, st, k) for st, d in t["slopes"].items() for k, s in d.items() if s is not None), default=None)
    lines.append(f"- linear growth (every log-log slope over sizes >= 10k at most 1.10): {word(t['linear_met'])}"
                 + (f"; steepest {worst[0]:.2f} ({worst[1]} {'time' if worst[2] == 'seconds' else 'memory'})"
                    if worst else ""))
    lines.append(f"- all ways gave equal scores on every fold: {word(t['all_scores_equal'])}")
    return "\n".join(lines)


def draw(done: dict, out: Path) -> list[Path]:
    """Log-log time and peak memory against segments, one line per stage, with a slope-1 guide."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from experiments.output.figures.base import save as save_figure
    from experiments.output.figures.style import STYLE

    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, 2, figsize=(7.0, 3.0))
        panels = (("seconds", "wall time (s)"), ("peak_mb", "peak resident memory (MB)"))
        for ax, (key, label) in zip(axes, panels, strict=True):
            for stage in STAGES:
                sizes, values = measured(done, stage, key)
                if sizes:
                    ax.plot(sizes, values, label=stage.replace("_", " "))
            lo, hi = 1_000, max(int(n) for n in done["read"])
            ax.plot([lo, hi], [1, hi / lo], color="0.6", linestyle=":", marker="", linewidth=0.8, label="slope 1")
            ax.set(xscale="log", yscale="log", xlabel="segments", ylabel=label)
        axes[1].legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7)  # outside: lines cross inside
        fig.suptitle(f"stancelab stages, {os.cpu_count()} cores", fontsize=9)
        return save_figure(fig, out / "figures" / "scale")


# --- the command -----------------------------------------------------------------------------------------

def arguments(argv=None):
    """The benchmark's options (and the hidden ones a stage process is started with)."""
    p = parser(__doc__.splitlines()[0])
    p.set_defaults(n_jobs=2)
    ints = lambda s: [int(v) for v in s.split(",")]  # noqa: E731
    p.add_argument("--sizes", type=ints, default=[1_000, 10_000, 100_000, 1_000_000], help="segments, comma-separated")
    p.add_argument("--stance-sizes", type=ints, default=[1_000, 10_000, 100_000, 1_000_000],
                   help="sizes at which stancelab's stance CV runs")
    p.add_argument("--plain-sizes", type=ints, default=[1_000, 10_000, 100_000],
                   help="sizes (among --stance-sizes) at which the plain and hoisted ways run too")
    p.add_argument("--models", type=lambda s: s.split(","), default=["logreg", "complement_nb"],
                   help=f"stance models searched ({', '.join(GRIDS)})")
    p.add_argument("--max-seconds", type=float, default=900, help="a stage still running after this is stopped")
    p.add_argument("--stage", choices=list(STAGE_FUNCTIONS), help=argparse_hidden())
    p.add_argument("--size", type=int, help=argparse_hidden())
    p.add_argument("--work", type=Path, help=argparse_hidden())
    return p.parse_args(argv)


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS


def child(args) -> None:
    """Run one stage in this process and write its result beside its input."""
    result = STAGE_FUNCTIONS[args.stage](args.size, args.work, args)
    (args.work / f"result-{args.stage}-{args.size}.json").write_text(json.dumps(result))


def main(argv=None) -> int:
    args = arguments(argv)
    if args.stage:
        child(args)
        return 0
    need(args.data / UNGDC)
    print(f"scale benchmark: sizes {', '.join(f'{n:,}' for n in args.sizes)}; {os.cpu_count()} cores, "
          f"n_jobs {args.n_jobs}; anything else running on the machine adds to the times")
    work, load = Path(tempfile.mkdtemp(prefix="stancelab-scale-", dir="/tmp")), os.getloadavg()
    try:
        floor = measure([sys.executable, "-c", "import experiments.benchmarks.scale, sklearn.pipeline, scipy.sparse"],
                        120, work / "log-floor.txt")
        done = run_all(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cmp, sizes = comparison(done), args.sizes
    goals = targets(done, cmp)
    notes = (f"Seconds: the stage's own work in a fresh process (predict: the whole `stancelab predict` command). "
             f"Peak MB: ru_maxrss of that process, interpreter and imports included "
             f"(alone: {floor.get('peak_mb', '?')} MB); with n_jobs {args.n_jobs} worker processes are not summed. "
             f"{os.cpu_count()} cores; load average (1 min) {load[0]:.2f} at the start, {os.getloadavg()[0]:.2f} "
             "at the end (above 0 before the start: other work was running). "
             "Stance scores: labelled passages repeated (not new data), for the both-ways check only.")
    md = "\n\n".join([stage_table(done, sizes), comparison_table(cmp), targets_text(goals), notes])
    print(md)
    out = save(args.results, "scale", {"sizes": sizes, "stages": done, "comparison": cmp, "targets": goals,
                                        "n_jobs": args.n_jobs, "models": args.models, "grids": GRIDS,
                                        "topics": TOPICS, "n_clusters": N_CLUSTERS, "random_state": RANDOM_STATE,
                                        "interpreter_floor": floor, "notes": notes}, md)
    draw(done, out)
    if cmp and not goals["all_scores_equal"]:
        print("error: the two ways gave different scores", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
