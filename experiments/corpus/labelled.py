"""The labelled segments of a stance experiment: texts, labels, and the columns that group or split them.

A column named in the config (`group_column`, `split_column`, `per_group_column`) is looked up among the
segment's own fields (doc, source, date, split, ...), then its metadata columns (tables), then the
annotation file's columns, so a `country` or `split` column added to annotations.csv can drive grouping
and splitting. The name `group` means the corpus's [corpus] group_column when set, else the document.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from experiments.config.resolved import Config
from experiments.config.schema import ConfigError
from experiments.corpus.data import check_trainable, read_annotations, segment_groups, segment_labels
from features.text.segments import Segment
from features.tfidf.feature_input import FeatureInput

GROUP_KEY = "[evaluation] group_column"  # how a column's error names the key that chose it


@dataclass
class Labelled:
    """Segments with a label, their rows of the run's feature input, and the annotation file's other columns.

    `per_group`: the values of [stance] per_group_column, when one model is fit per value (else None).
    """

    segments: list[Segment]
    features: FeatureInput
    y: np.ndarray
    labels: list[str]
    rows: dict[str, dict]
    per_group: np.ndarray | None = None

    def column(self, name: str, key: str = "") -> np.ndarray:
        """The values of a segment field or annotation column, as strings, aligned with the segments; `key`,
        the config key that names the column ("[evaluation] group_column"), is named when there is none.

        Illustration: Labelled(...).column("doc") -> array(["000_109b279601610553", …])
        """
        if name == "group":
            return np.array(segment_groups(self.segments), dtype=object)
        first = self.segments[0] if self.segments else None
        row = next(iter(self.rows.values()), {})
        if first is not None and name in Segment.__dataclass_fields__ and name != "metadata":
            values = np.array([str(getattr(s, name)) for s in self.segments], dtype=object)
            if any(values) or name not in row:  # an empty field (split of an article folder) defers to the file
                return values
        if first is not None and name in first.metadata:
            return np.array([str(s.metadata.get(name, "")) for s in self.segments], dtype=object)
        if name not in row:
            fields = set(Segment.__dataclass_fields__) - {"metadata", "text"}
            known = sorted(fields | set(first.metadata if first else {}) | set(row) | {"group"})
            raise ConfigError(f"{key + ': ' if key else ''}column '{name}' is neither a segment field nor an "
                              f"annotation column; use one of {', '.join(known)}")
        return np.array([self.rows[s.id][name] for s in self.segments], dtype=object)

    def subset(self, mask: np.ndarray) -> "Labelled":
        """The segments where `mask` is true."""
        keep = [s for s, m in zip(self.segments, mask, strict=True) if m]
        groups = None if self.per_group is None else self.per_group[mask]
        return Labelled(keep, self.features.rows(mask), self.y[mask], self.labels, self.rows, groups)


def load_labelled(config: Config, segments: list[Segment], features: FeatureInput) -> Labelled:
    """The annotated segments with the configured label set; `none` left out when keep_none is false.

    `features` is the feature input of `segments` (one row each), narrowed here to the labelled ones.
    Illustration: len(load_labelled(seeds_config, segments, features).y) -> 35
    """
    s, path = config.stance, config.corpus.annotations
    annotations = read_annotations(path, s.labels) if path else None  # read once: labels and other columns
    y = np.array(segment_labels(config, segments, annotations), dtype=object)
    rows = annotations.rows if path else {}
    data = Labelled(list(segments), features, y, list(s.labels), rows)
    if (y == "").any():  # [corpus] unannotated = "unlabelled": only the annotated segments train and score
        data = data.subset(y != "")
    if not s.keep_none:
        data = data.subset(data.y != s.none_label)
        data.labels = [lab for lab in s.labels if lab != s.none_label]
    check_trainable(data.y, data.column(config.evaluation.group_column, GROUP_KEY), config.evaluation,
                    path or config.corpus.path)
    return data


def headline_labels(config: Config, labels: list[str]) -> list[str]:
    """The classes the headline macro-F1 averages: the config's list, or every label.

    Illustration: headline_labels(<config with [stance] headline_labels = []>, ["a", "b"]) -> ["a", "b"]
    """
    return list(config.stance.headline_labels) or list(labels)
