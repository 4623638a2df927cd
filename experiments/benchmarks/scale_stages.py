"""The scale benchmark's stages, stancelab's way and the plain scikit-learn way, each run in its own process.

`python -m experiments.benchmarks.scale_stages --stage NAME --way stancelab|plain --size N --work DIR` runs one
stage (scale_measure.py starts it). Its input is read before the clock starts (the table of n segments, or the
previous stage's output of the same way, written as .npz/.json/.npy: no pickle), its work is timed (wall and
this process's CPU), and its output is written for the next stage. The whole process's CPU, workers included,
is measured from outside (scale_measure.py); the CPU spent before and after the work (interpreter start,
imports, input, output) is reported here so that it can be taken off. A stage imports only its own libraries
(IMPORTS, before its clock starts): the peak memory reported is that stage's.

Plain way: CountVectorizer (stancelab's text preparation as its preprocessor, so both ways count the same
tokens), TfidfTransformer, TruncatedSVD + Normalizer + MiniBatchKMeans, GridSearchCV(Pipeline(TfidfVectorizer,
model)); read with pandas.read_csv. stancelab's way: features/read/tables.py, features/tfidf/token_counts.py,
experiments/topics/clustering.py, the stance step's search (scale_search.py).
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from experiments.benchmarks.common import parser
from experiments.benchmarks.scale_corpus import read_table
from experiments.benchmarks.scale_search import (
    count_texts,
    feature_settings,
    plain_preprocessor,
    plain_search,
    search_folds,
    search_summary,
    stancelab_search,
)

STAGES = ["read", "tokenise", "vectorise", "topics", "stance_search"]
RANDOM_STATE = 2029  # experiments/configs/ungdc_stance.toml
TOPICS = {"method": "minibatch_kmeans", "representation": "lsa", "n_components": 100, "normalize": True,
          "init": "k-means++", "n_init": 3, "max_iter": 100, "batch_size": 4096}
N_CLUSTERS = 12  # the number of labels of the corpus (scale_corpus.py)


def table(work: Path, n: int) -> Path:
    """The CSV of the first n segments (scale_corpus.write_table)."""
    return work / f"table-{n}.csv"


def read_stancelab(n: int, work: Path, args) -> dict:
    """Every record of the table through the project's reader (features/read/tables.py)."""
    from features.read.tables import TableSpec, iter_records

    spec = TableSpec(text_columns=("text",), id_columns=("id",), group_column="group", label_column="label")
    return {"n_segments": len(list(iter_records(table(work, n), spec)))}


def read_plain(n: int, work: Path, args) -> dict:
    """The table with pandas.read_csv, texts as a list."""
    import pandas as pd

    return {"n_segments": len(pd.read_csv(table(work, n), dtype=str, keep_default_na=False)["text"].tolist())}


def tokenise_stancelab(n: int, work: Path, args, texts) -> dict:
    """Prepare and count every word 1-2-gram of every segment once (no disk cache); counts written."""
    import scipy.sparse as sp

    counts = count_texts(texts, args.n_jobs)
    sp.save_npz(work / f"counts-stancelab-{n}.npz", counts.X, compressed=False)
    np.save(work / f"lengths-{n}.npy", counts.lengths)
    (work / f"n_word-{n}.json").write_text(json.dumps(counts.n_word))  # the n-grams themselves are not needed
    return {"n_ngrams": int(counts.X.shape[1]), "nnz": int(counts.X.nnz)}


def tokenise_plain(n: int, work: Path, args, texts) -> dict:
    """CountVectorizer (word 1-2-grams, min_df 2, stancelab's preparation as preprocessor); counts written."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import CountVectorizer

    X = CountVectorizer(preprocessor=plain_preprocessor(), token_pattern=r"\S+", lowercase=False,
                        ngram_range=(1, 2), min_df=2).fit_transform(texts)
    sp.save_npz(work / f"counts-plain-{n}.npz", X, compressed=False)
    return {"n_ngrams": int(X.shape[1]), "nnz": int(X.nnz)}


def load_counts(n: int, work: Path):
    """The TokenCounts `tokenise_stancelab` wrote, without the n-grams' names (vectorising does not read them)."""
    import scipy.sparse as sp

    from features.tfidf.token_counts import TokenCounts

    return TokenCounts(sp.load_npz(work / f"counts-stancelab-{n}.npz").tocsr(), np.array([], dtype=object),
                       np.load(work / f"lengths-{n}.npy"), json.loads((work / f"n_word-{n}.json").read_text()))


def vectorise_stancelab(n: int, work: Path, args, counts) -> dict:
    """TF-IDF from the counts (min_df 2, sublinear TF, IDF fitted on all rows); the matrix written."""
    import scipy.sparse as sp

    from features.tfidf.token_counts import cached_vectorizer

    X = sp.csr_matrix(cached_vectorizer(feature_settings(), counts).fit_transform(counts.X))
    sp.save_npz(work / f"tfidf-stancelab-{n}.npz", X, compressed=False)
    return {"n_features": int(X.shape[1]), "nnz": int(X.nnz)}


def vectorise_plain(n: int, work: Path, args, counts) -> dict:
    """TfidfTransformer(sublinear_tf=True) on the counts; the matrix written."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfTransformer

    X = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    sp.save_npz(work / f"tfidf-plain-{n}.npz", X, compressed=False)
    return {"n_features": int(X.shape[1]), "nnz": int(X.nnz)}


def topics_stancelab(n: int, work: Path, args, X) -> dict:
    """LSA (100 components) then MiniBatchKMeans, one seed, through experiments/topics/clustering.py."""
    from experiments.config.sections import Topics
    from experiments.topics.clustering import fit_partition

    part = fit_partition(X, Topics(**TOPICS), N_CLUSTERS, RANDOM_STATE)
    np.save(work / f"topics-stancelab-{n}.npy", part.labels)
    return {"cluster_sizes": np.bincount(part.labels, minlength=N_CLUSTERS).tolist()}


def topics_plain(n: int, work: Path, args, X) -> dict:
    """TruncatedSVD + Normalizer + MiniBatchKMeans with the same settings, centroids mapped back to terms."""
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import Normalizer

    # The same settings as stancelab's LSA (features/tfidf/lsa.py), normaliser included: scikit-learn's default
    # ("auto", LU between power iterations) gives the same spectrum at more CPU, and other partitions.
    svd = TruncatedSVD(n_components=min(TOPICS["n_components"], min(X.shape) - 1), random_state=RANDOM_STATE,
                       power_iteration_normalizer="none")
    X_lsa = Normalizer(copy=False).fit_transform(svd.fit_transform(X))
    km = MiniBatchKMeans(n_clusters=N_CLUSTERS, init="k-means++", n_init=3, max_iter=100, batch_size=4096,
                         random_state=RANDOM_STATE).fit(X_lsa)
    svd.inverse_transform(km.cluster_centers_)  # the terms of each topic, as stancelab reads them
    np.save(work / f"topics-plain-{n}.npy", km.labels_)
    return {"cluster_sizes": np.bincount(km.labels_, minlength=N_CLUSTERS).tolist()}


def stance_search(n: int, work: Path, args, data) -> dict:
    """Every model's 8-setting x 5-fold search, from raw text; stancelab's way counts once for all models
    (with --from-counts it starts from the tokenise stage's counts, as an experiment does: tokenised once)."""
    texts, y, groups = data
    folds = search_folds(y, groups, RANDOM_STATE)
    if args.way == "stancelab":
        counts = load_counts(n, work) if args.from_counts else count_texts(texts, args.n_jobs)
    models = {}
    for model in args.models:
        if args.way == "stancelab":
            fitted = stancelab_search(counts, y, folds, model, args.n_jobs, RANDOM_STATE)
        else:
            fitted = plain_search(texts, y, folds, model, args.n_jobs, RANDOM_STATE)
        models[model] = search_summary(fitted, folds)
    return {"models": models, "n_labels": len(set(y))}


def stage_input(stage: str, way: str, n: int, work: Path):
    """What a stage starts from, loaded before the clock starts."""
    import scipy.sparse as sp

    if stage == "tokenise":
        return read_table(table(work, n))[0]
    if stage == "stance_search":  # texts, labels, groups (read_table)
        return read_table(table(work, n))
    if stage == "vectorise":
        return load_counts(n, work) if way == "stancelab" else sp.load_npz(work / f"counts-plain-{n}.npz").tocsr()
    if stage == "topics":  # both ways cluster the same matrix (the two are equal to 1e-15, checked at vectorise):
        return sp.load_npz(work / f"tfidf-stancelab-{n}.npz").tocsr()  # a last-bit difference can move k-means
    return None


# What each stage's work imports, loaded before its clock starts: start-up is not the stage's work.
IMPORTS = {"read stancelab": ["features.read.tables"], "read plain": ["pandas"],
           "tokenise": ["features.tfidf.token_counts", "sklearn.feature_extraction.text"],
           "vectorise": ["features.tfidf.token_counts", "sklearn.feature_extraction.text"],
           "topics": ["experiments.topics.clustering", "sklearn.cluster", "sklearn.decomposition"],
           "stance_search": ["experiments.stance.models", "experiments.stance.evaluate", "experiments.stance.fitcache",
                             "features.tfidf.token_counts", "sklearn.model_selection", "sklearn.pipeline"]}
WORK = {("read", "stancelab"): read_stancelab, ("read", "plain"): read_plain,
        ("tokenise", "stancelab"): tokenise_stancelab, ("tokenise", "plain"): tokenise_plain,
        ("vectorise", "stancelab"): vectorise_stancelab, ("vectorise", "plain"): vectorise_plain,
        ("topics", "stancelab"): topics_stancelab, ("topics", "plain"): topics_plain,
        ("stance_search", "stancelab"): stance_search, ("stance_search", "plain"): stance_search}


def run(stage: str, n: int, work: Path, args) -> dict:
    """One stage of one way: input loaded, work timed (wall, this process's CPU), output written."""
    import importlib

    from threadpoolctl import threadpool_limits

    for module in IMPORTS.get(stage, IMPORTS.get(f"{stage} {args.way}")):
        importlib.import_module(module)
    data = stage_input(stage, args.way, n, work)
    fn = WORK[stage, args.way]
    # One BLAS thread: parallel work is joblib's processes (n_jobs); on a shared, loaded machine idle BLAS
    # threads spin and burn CPU (LSA at 2,000 rows: 6 CPU s with 2 threads, 0.1 with 1).
    with threadpool_limits(limits=1):
        cpu0, t0 = time.process_time(), time.perf_counter()
        out = fn(n, work, args) if data is None else fn(n, work, args, data)
        seconds, cpu1 = time.perf_counter() - t0, time.process_time()
    return {**out, "seconds": round(seconds, 3), "own_cpu_seconds": round(cpu1 - cpu0, 3), "cpu_before": cpu0,
            "cpu_after": time.process_time() - cpu1}


def arguments(argv=None):
    """The options a stage process is started with (see scale_measure.stage_argv)."""
    p = parser("one stage of the scale benchmark at one size (started by experiments.benchmarks.scale)")
    p.add_argument("--stage", required=True, choices=STAGES)
    p.add_argument("--way", required=True, choices=("stancelab", "plain"))
    p.add_argument("--size", required=True, type=int)
    p.add_argument("--work", required=True, type=Path)
    p.add_argument("--models", type=lambda s: s.split(","), default=["logreg", "complement_nb"])
    p.add_argument("--from-counts", action="store_true",
                   help="stance search, stancelab's way: start from the counts the tokenise stage wrote")
    return p.parse_args(argv)


def main(argv=None) -> int:
    """Run one stage in this process and write its result beside its input."""
    args = arguments(argv)
    result = run(args.stage, args.size, args.work, args)
    (args.work / f"result-{args.stage}-{args.way}-{args.size}.json").write_text(json.dumps(result))
    # Leave without the interpreter's teardown (freeing every object, atexit hooks): its CPU would otherwise
    # be counted as the stage's work, which is all measured CPU less what `run` saw before and after it.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
