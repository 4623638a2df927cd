"""Names a reader can use: each topic labelled by its most distinctive terms (class-based TF-IDF).

Centroid weights favour terms frequent everywhere ("nuclear" tops every topic of a corpus about nuclear
weapons). c-TF-IDF (Grootendorst 2022, BERTopic) treats each topic as one document, the concatenation of
its segments, and weights a term by its frequency in the topic times log(1 + A / f), f being the term's
frequency in all topics and A the mean number of terms per topic: a term frequent in one topic and rare
in the others scores high. Frequencies here count segments containing the term (a segment counts once
for a term it repeats), over the run's own TF-IDF vocabulary (word and character n-grams alike).
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from experiments.topics.interpret import top_terms


def ctfidf(X, labels: np.ndarray, n_clusters: int) -> np.ndarray:
    """(n_clusters, n_terms) class-based TF-IDF of the topics, from the (n, n_terms) features X.

    >>> ctfidf(sp.csr_matrix([[1, 1], [1, 0], [0, 1]]), np.array([0, 0, 1]), 2).round(2).tolist()
    [[0.46, 0.23], [0.0, 0.69]]
    """
    present = (sp.csr_matrix(X) != 0).astype(float)
    onehot = sp.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))),
                           shape=(n_clusters, len(labels)))
    counts = np.asarray((onehot @ present).todense())
    tf = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    idf = np.log(1 + counts.sum(axis=1).mean() / np.maximum(counts.sum(axis=0), 1))
    return tf * idf


def short_label(terms: list[str], n_terms: int = 3) -> str:
    """The first `n_terms` terms joined by " / ", skipping a term whose words another chosen term holds.

    >>> short_label(["test ban", "test", "ban treaty", "ctbt"])
    'test ban / ban treaty / ctbt'
    """
    chosen: list[str] = []
    for term in terms:
        words = set(term.split())
        if any(words <= set(c.split()) or set(c.split()) <= words for c in chosen):
            continue
        chosen.append(term)
        if len(chosen) == n_terms:
            break
    return " / ".join(chosen)


def topic_names(X, labels: np.ndarray, n_clusters: int, feature_names, n_top: int) -> tuple[list, list[str]]:
    """Each topic's `n_top` most distinctive (term, c-TF-IDF) pairs and its short label.

    Character n-grams are left out of names when there are word features (a reader wants words).
    Illustration: topic_names(X_tfidf, labels, 3, names, 10)[1] -> ["iran / jcpoa / agreement", ...]
    """
    scores = ctfidf(X, labels, n_clusters)
    is_char = np.array([str(n).startswith("char__") for n in feature_names])
    if not is_char.all():
        scores = np.where(is_char, -np.inf, scores)
    terms = top_terms(scores, feature_names, n_top)
    terms = [[(w, v) for w, v in ts if np.isfinite(v)] for ts in terms]
    return terms, [short_label([w for w, v in ts if v > 0]) or "(empty)" for ts in terms]
