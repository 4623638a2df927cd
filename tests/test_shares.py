"""Share tables per key (experiments/output/shares.py) on the real seed segments, and the share figures."""
from collections import Counter

import numpy as np

from experiments.corpus.data import load_segments, read_annotations
from experiments.output.figures.shares import chosen_keys, stacked_shares
from experiments.output.shares import one_hot, segment_values, share_table
from tests.stance_helpers import seeds_config

LABELS = ["deterrence", "escalation", "reassurance", "none"]


def seed_segments():
    return load_segments(seeds_config())


def test_segment_values_reads_fields_and_metadata():
    segments = seed_segments()
    assert set(segment_values(segments, "doc")) == {"000_109b279601610553", "003_83fc1e9fc7e21474"}
    assert set(segment_values(segments, "source")) == {"LE MONDE", ""}
    assert segment_values(segments, "country") == [""] * len(segments)  # an absent metadata column


def test_share_table_equals_counting_the_annotated_labels_per_article():
    segments = seed_segments()
    labels = read_annotations(seeds_config().corpus.annotations, LABELS)
    y = [labels[s.id] for s in segments]
    docs = segment_values(segments, "doc")
    rows = share_table(one_hot(y, LABELS), docs, LABELS)
    for doc in set(docs):
        counts = Counter(lab for lab, d in zip(y, docs, strict=True) if d == doc)
        n = sum(counts.values())
        mine = {r[1]: (r[2], r[3]) for r in rows if r[0] == doc}
        assert mine == {lab: (round(counts[lab] / n, 6), n) for lab in LABELS}
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)


def test_figure_keeps_the_keys_with_most_segments(tmp_path):
    rows = [{"c": c, "n_segments": str(n), "label": lab, "share": str(s)}
            for c, n in (("FRA", 5), ("USA", 9), ("IND", 7)) for lab, s in (("none", 0.25), ("escalation", 0.75))]
    assert chosen_keys(rows, "c", 2) == (["USA", "IND"], True)
    assert chosen_keys(rows, "c", 3) == (["FRA", "USA", "IND"], False)
    paths = stacked_shares(rows, "c", "label", ["escalation", "none"], "test", tmp_path / "share", 2)
    assert [p.suffix for p in paths] == [".pdf", ".png"] and all(p.stat().st_size > 3000 for p in paths)


def test_one_hot_rows_sum_to_one():
    m = one_hot(["none", "escalation", "none"], LABELS)
    assert m.sum(axis=1).tolist() == [1, 1, 1] and np.argmax(m, axis=1).tolist() == [3, 1, 3]
