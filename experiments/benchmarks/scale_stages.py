"""The scale benchmark's stages, each run in its own process, timed from its input to its output.

`python -m experiments.benchmarks.scale_stages --stage NAME --size N --work DIR ...` runs one stage (the
benchmark starts it, see scale_measure.py); a stage hands its output to the next through files in the
benchmark's temporary folder. Start-up and memory: the peak resident memory of this process is what the
benchmark reports, so each stage imports its own libraries inside its function and nothing else is loaded.
"""
from __future__ import annotations

import json
import pickle
import sys
import time
from functools import partial
from pathlib import Path

import numpy as np

from experiments.benchmarks.common import parser
from experiments.benchmarks.scale_data import RANDOM_STATE, UNGDC, stance_data, table_spec
from experiments.benchmarks.scale_search import (
    WAYS,
    count_texts,
    feature_settings,
    search_folds,
    search_summary,
    stancelab_search,
)

STAGES = ["read", "tokenise", "vectorise", "cluster", "stance_cv", "stance_cv_plain", "stance_cv_hoisted", "predict"]
EXPERIMENT = ["read", "tokenise", "vectorise", "cluster", "stance_cv"]  # the stance-and-topics experiment
PLAIN = {"plain": "stance_cv_plain", "hoisted": "stance_cv_hoisted"}  # way -> its stage
TOPICS = {"method": "minibatch_kmeans", "representation": "lsa", "n_components": 100, "normalize": True,
          "init": "k-means++", "n_init": 3, "max_iter": 100, "batch_size": 4096}
N_CLUSTERS = 10


# Pickle only hands a stage's output to the next stage of the same benchmark, in the temporary folder this
# benchmark made and removes at the end: nothing a user gives is ever unpickled.
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

    from experiments.config.sections import Topics
    from experiments.topics.clustering import fit_partition

    X = sp.load_npz(work / f"tfidf-{n}.npz")
    t = time.perf_counter()
    with threadpool_limits(limits=args.n_jobs):  # the SVD's BLAS may use the cores we were given
        part = fit_partition(X, Topics(**TOPICS), N_CLUSTERS, RANDOM_STATE)
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


def arguments(argv=None):
    """The options a stage process is started with (see scale_measure.stage_argv)."""
    p = parser("one stage of the scale benchmark at one size (started by experiments.benchmarks.scale)")
    p.add_argument("--stage", required=True, choices=list(STAGE_FUNCTIONS))
    p.add_argument("--size", required=True, type=int)
    p.add_argument("--work", required=True, type=Path)
    p.add_argument("--models", type=lambda s: s.split(","), default=["logreg", "complement_nb"])
    return p.parse_args(argv)


def main(argv=None) -> int:
    """Run one stage in this process and write its result beside its input."""
    args = arguments(argv)
    result = STAGE_FUNCTIONS[args.stage](args.size, args.work, args)
    (args.work / f"result-{args.stage}-{args.size}.json").write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
