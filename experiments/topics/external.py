"""Partitions against reference labels (stance annotations, newsgroups): scores and contingency.

Labels are only ever used here, to score a partition that was chosen without them.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
from sklearn import metrics

from experiments.config.resolved import Config
from experiments.config.schema import LABELS
from experiments.config.sections import Stance
from experiments.corpus.data import segment_labels

EXTERNAL = ("homogeneity", "completeness", "v_measure", "ari", "nmi")


def reference_labels(config: Config, segments, name: str) -> list[str]:
    """The labels a [topics] score_against name refers to, aligned with `segments`.

    "labels": the corpus labels ([corpus] annotations file, a table's label column, the folder of a
    folder-per-label collection, the group of a 20 Newsgroups message); "source": each segment's source
    (the outlet of an article).

    Illustration: reference_labels(seeds_config, segments, "labels")[:2] -> ["escalation", "escalation"]
    """
    if name == "labels":
        # an annotation file is checked against the codebook labels; a corpus's own labels (a label column,
        # folders, newsgroups) are what a topics run scores against, whatever they are
        if config.stance is None and config.corpus.annotations:
            config = replace(config, stance=Stance(labels=tuple(config.corpus.labels or LABELS)))
        return segment_labels(config, segments)
    return [s.source or "(none)" for s in segments]  # an article without an outlet line


def _annotated(y_true, labels):
    """The pairs whose reference label is not "" (an unannotated segment)."""
    y_true, labels = np.asarray(y_true, dtype=object), np.asarray(labels)
    keep = y_true != ""
    return y_true[keep], labels[keep]


def external_scores(y_true, labels) -> dict:
    """Homogeneity, completeness, V-measure, adjusted Rand index and NMI of a partition.

    Segments labelled "" (unannotated, see [corpus] unannotated) are left out of the comparison.
    Illustration: external_scores(["a", "a", "b"], [0, 0, 1]) -> {"homogeneity": 1.0, ..., "ari": 1.0, ...}
    """
    y_true, labels = _annotated(y_true, labels)
    h, c, v = metrics.homogeneity_completeness_v_measure(y_true, labels)
    return {"homogeneity": float(h), "completeness": float(c), "v_measure": float(v),
            "ari": float(metrics.adjusted_rand_score(y_true, labels)),
            "nmi": float(metrics.normalized_mutual_info_score(y_true, labels))}


def contingency(y_true, labels, n_clusters: int) -> tuple[list[str], np.ndarray]:
    """Classes (sorted) and the (n_clusters, n_classes) table of counts: rows clusters, columns labels.

    Illustration: contingency(["a", "b", "b"], [0, 1, 1], 2) -> (["a", "b"], array([[1, 0], [0, 2]]))
    """
    y_true, labels = _annotated(y_true, labels)
    classes = sorted(set(y_true))
    index = {c: j for j, c in enumerate(classes)}
    table = np.zeros((n_clusters, len(classes)), dtype=int)
    for cluster, label in zip(labels, y_true, strict=True):
        table[int(cluster), index[label]] += 1
    return classes, table
