"""Shares of a category (a topic, a predicted stance) per value of a segment column (decade, country...).

A share table is long-form: one row per (key, category) with the mean share over the key's segments and
their number. The figures (experiments/output/figures/shares.py) read these tables, never the model.
"""
from __future__ import annotations

import numpy as np

from features.text.segments import Segment


def segment_values(segments: list[Segment], name: str) -> list[str]:
    """The value of a segment field (doc, date, source, group, label, split) or metadata column, as text.

    Illustration: segment_values(un_segments, "decade")[:2] -> ["1940s", "1940s"]
    """
    if name in Segment.__dataclass_fields__ and name != "metadata":
        return [str(getattr(s, name)) for s in segments]
    return [str(s.metadata.get(name, "")) for s in segments]


def one_hot(labels, categories: list[str]) -> np.ndarray:
    """Rows of 0/1, one column per category: the share matrix of hard assignments.

    >>> one_hot(["b", "a"], ["a", "b"])
    array([[0., 1.],
           [1., 0.]])
    """
    index = {c: i for i, c in enumerate(categories)}
    out = np.zeros((len(labels), len(categories)))
    out[np.arange(len(labels)), [index[str(v)] for v in labels]] = 1.0
    return out


def share_table(shares: np.ndarray, keys: list[str], categories: list[str]) -> list[tuple]:
    """Mean share of each category over the segments of each key, keys sorted, in long form.

    Grouping runs through one np.unique, so a column of 200 countries over a million segments costs one
    pass, not one pass per country.
    Illustration: share_table(np.array([[1., 0.], [0., 1.]]), ["d", "d"], ["a", "b"])
             -> [("d", "a", 0.5, 2), ("d", "b", 0.5, 2)]
    """
    uniq, inverse = np.unique(np.asarray(keys, dtype=str), return_inverse=True)
    counts = np.bincount(inverse, minlength=len(uniq))
    sums = np.zeros((len(uniq), shares.shape[1]))
    np.add.at(sums, inverse, shares)
    means = sums / counts[:, None]
    return [(str(key), categories[j], round(float(means[i, j]), 6), int(counts[i]))
            for i, key in enumerate(uniq) for j in range(len(categories))]
