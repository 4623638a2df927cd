"""AG News and 20 Newsgroups (4 groups) clustered on multilingual-e5-small sentence vectors, alone and with
TF-IDF, beside the TF-IDF methods on the same texts: a PARTIAL benchmark on a seeded subset of each corpus.

Encoding is the cost (about 0.1 CPU s per AG News text, about 0.9 per 20 Newsgroups message on this
project's machine), so each corpus is a random subset drawn with numpy's default_rng(0) (--n-ag-news,
--n-newsgroups): the figures are those of the subset, not of the whole benchmark. On the subset alone:
TF-IDF as the full benchmarks (fit on the subset's texts), k = 4, seeds 0-4, labels read only to score.
Methods:
- k-means (10 starts) on the e5 vectors (unit length, "query: " prefix: features/embed/encoder.py);
- k-means on the e5 vectors beside the LSA of TF-IDF (100 components), each block unit length (equal weight);
- k-means on the e5 vectors, then soft naive-Bayes EM on the TF-IDF (experiments/topics/refine.py);
- k-means on LSA and the method the full TF-IDF benchmark chose without labels, refitted on the subset.
Encode seconds (wall and CPU, with the load average) are reported apart from the clustering seconds per seed.
Vectors are cached on disk (--cache): a rerun reads them and reports the encode time it measured then.

Run: python -m experiments.benchmarks.embed_cluster [--n-ag-news 1000] [--n-newsgroups 300] [--cache DIR]
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize

from experiments.benchmarks import cluster_methods as cm
from experiments.benchmarks.ag_news_cluster import FEATURES, read_ag_news
from experiments.benchmarks.common import ROOT, mean_std, need, parser, provenance, save
from experiments.benchmarks.newsgroups_cluster import CATEGORIES, newsgroups_tfidf
from experiments.benchmarks.ungdc_embed import timed_encode
from experiments.output.tables import csv_text, markdown
from experiments.topics.refine import refine_naive_bayes_soft
from experiments.topics.stability import off_diagonal, pairwise_ari
from features.embed.encoder import Encoder
from features.read.newsgroups import read_newsgroups
from features.text.language import TextSettings
from features.tfidf.token_counts import cached_vectorizer, corpus_counts

MEASURES = ["nmi", "v_measure", "ari"]


def subset(n_rows: int, n: int) -> np.ndarray:
    """The sorted rows of the seeded subset (all rows when n >= n_rows).

    >>> subset(10, 3).tolist()
    [5, 6, 9]
    """
    return np.arange(n_rows) if n >= n_rows else np.sort(np.random.default_rng(0).choice(n_rows, n, replace=False))


def ag_news(data: Path, n: int):
    """(texts, labels, TF-IDF rows) of the AG News subset."""
    texts, y = read_ag_news(need(data / "ag_news" / "test.csv"))
    rows = subset(len(texts), n)
    texts, y = [texts[i] for i in rows], y[rows]
    counts = corpus_counts(texts, TextSettings(language="en", keep_words=()), FEATURES, cache_dir=None)
    return texts, y, cached_vectorizer(FEATURES, counts).fit_transform(counts.X)


def newsgroups(data: Path, n: int):
    """(texts, labels, TF-IDF rows) of the 20 Newsgroups 4-group subset."""
    segments = read_newsgroups(need(data / "20newsgroups" / "20news-bydate.tar.gz"), CATEGORIES)
    segments = [segments[i] for i in subset(len(segments), n)]
    return [s.text for s in segments], np.array([s.label for s in segments]), newsgroups_tfidf(segments)


def methods(X_tfidf, X_e5, X_lsa, tfidf_chosen: str) -> dict:
    """name -> seed -> labels, for the methods of the module docstring (labels unused)."""
    kmeans = lambda X, seed: KMeans(4, n_init=10, random_state=seed).fit_predict(X)  # noqa: E731
    fused = np.hstack([X_e5, X_lsa]) / np.sqrt(2)  # two unit blocks: each weighs half of every distance
    return {"k-means on e5 vectors": lambda seed: kmeans(X_e5, seed),
            "k-means on e5 vectors + LSA of TF-IDF": lambda seed: kmeans(fused, seed),
            "k-means on e5 vectors, then soft naive Bayes EM on TF-IDF":
                lambda seed: refine_naive_bayes_soft(X_tfidf, kmeans(X_e5, seed)),
            "k-means on LSA (TF-IDF only)": lambda seed: cm.partition("k-means on LSA", X_tfidf, 4, seed),
            f"{tfidf_chosen} (TF-IDF only)": lambda seed: cm.partition(tfidf_chosen, X_tfidf, 4, seed)}


def run_one(fit, y) -> dict:
    """Every seed of one method: scores (mean ± std), seed stability and CPU seconds per seed."""
    cpu = time.process_time()
    partitions = [fit(seed) for seed in cm.SEEDS]
    cpu = (time.process_time() - cpu) / len(cm.SEEDS)
    per_seed = [cm.scores(y, p) for p in partitions]  # labels read here only, after every fit
    return {m: mean_std([s[m] for s in per_seed]) for m in MEASURES} | {
        "stability": round(float(off_diagonal(pairwise_ari(partitions)).mean()), 4),
        "cpu_seconds_per_seed": round(cpu, 2), "min_clusters": int(min(len(np.unique(p)) for p in partitions))}


def encode(texts: list[str], cache: Path, name: str, results: Path) -> tuple[np.ndarray, dict]:
    """The e5 vectors of the texts and the encode time: measured now, or the one saved when they were encoded."""
    X, timing = timed_encode(Encoder(cache_dir=cache), texts)
    saved = results / f"embed_cluster_{name}" / "metrics.json"
    if timing["cpu_s"] < 0.02 * len(texts) and saved.exists():  # read from the cache: keep the measured time
        timing = json.loads(saved.read_text())["encode"] | {"read_from_cache_cpu_s": timing["cpu_s"]}
    timing["cpu_s_per_text"] = round(timing["cpu_s"] / len(texts), 3)
    return X, timing


def benchmark(name: str, texts, y, X_tfidf, args) -> dict:
    """Encode, cluster every way, print and save one corpus's table."""
    load = os.getloadavg()
    X_e5, timing = encode(texts, args.cache, name, args.results)
    print(f"{name}: {len(texts)} texts (seeded subset), encode {timing['cpu_s']} CPU s "
          f"({timing['cpu_s_per_text']} per text), {timing['wall_s']} s wall, load {timing['load_before']}")
    X_lsa = normalize(TruncatedSVD(100, random_state=0).fit_transform(X_tfidf))
    chosen = json.loads((ROOT / "results" / f"{name}_cluster" / "metrics.json").read_text())["chosen"]
    results = {m: run_one(fit, y) for m, fit in methods(X_tfidf, X_e5, X_lsa, chosen).items()}
    header = ["method", "NMI", "V-measure", "ARI", "stability", "CPU s / seed (clustering)"]
    rows = [[m, *(cm.fmt(r[k]) for k in MEASURES), r["stability"], r["cpu_seconds_per_seed"]]
            for m, r in results.items()]
    md = markdown(header, rows, aligned=True)
    print(md)
    save(args.results, f"embed_cluster_{name}",
         {"partial": f"a seeded subset of {len(texts)} texts, not the whole benchmark", "n_texts": len(texts),
          "encode": timing, "ours": results, "tfidf_chosen": chosen, "seeds": cm.SEEDS}, md,
         {"table.csv": csv_text(header, rows),
          "provenance.json": json.dumps(provenance(args.data, cm.SEEDS, load), indent=2) + "\n"})
    return results


def main(argv=None) -> dict:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--n-ag-news", type=int, default=1000, help="AG News texts in the seeded subset")
    p.add_argument("--n-newsgroups", type=int, default=300, help="20 Newsgroups messages in the seeded subset")
    p.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "stancelab" / "embeddings")
    args = p.parse_args(argv)
    return {"ag_news": benchmark("ag_news", *ag_news(args.data, args.n_ag_news), args),
            "newsgroups": benchmark("newsgroups", *newsgroups(args.data, args.n_newsgroups), args)}


if __name__ == "__main__":
    main()
