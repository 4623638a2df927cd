"""Stance shares with bootstrap intervals on the real UN labels (seeds/ungdc/labels.csv), per decade."""
import csv

import numpy as np
import pytest

from experiments.topics.by_stance import shares_within, typical_by_stance
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def un_labels():
    rows = list(csv.DictReader(open(ROOT / "seeds" / "ungdc" / "labels.csv", encoding="utf-8")))
    decades = [f"{int(r['id'].split('_')[-2]) // 10 * 10}s" for r in rows]
    return decades, [r["label"] for r in rows]


def test_stance_share_per_decade_with_intervals(un_labels):
    decades, labels = un_labels
    order, stances = sorted(set(decades)), sorted(set(labels))
    rows = shares_within(decades, labels, order, stances, 2000, 0.95, 0)
    assert rows == shares_within(decades, labels, order, stances, 2000, 0.95, 0)  # seeded
    assert len(rows) == len(order) * len(stances)
    for d in order:
        mine = [r for r in rows if r[0] == d]
        assert mine[0][2] == decades.count(d) and sum(r[4] for r in mine) == pytest.approx(1, abs=1e-3)
    for _, _, n, _, share, low, high in rows:
        assert low <= share <= high
        if n >= 100 and 0.1 <= share <= 0.9:  # the bootstrap width is the binomial one: 2 x 1.96 x se
            assert high - low == pytest.approx(2 * 1.96 * np.sqrt(share * (1 - share) / n), rel=0.2)


def test_unlabelled_segments_are_left_out_and_typical_passages_by_stance():
    groups = [0, 0, 0, 1, 1]
    rows = shares_within(groups, ["a", "", "b", "a", "a"], [0, 1], ["a", "b"], 100, 0.9, 0)
    assert rows[0][2] == 2 and rows[0][4] == 0.5 and rows[2][4] == 1.0
    labels, score = np.array([0, 0, 0, 1]), np.array([0.2, 0.9, 0.5, 0.1])
    out = typical_by_stance(score, labels, ["a", "a", "b", ""], 1)
    assert out == [(0, "a", 0, 1), (0, "b", 0, 2)]
