"""Bootstrap intervals: seeded, bracketing the estimate, and agreeing with scipy's percentile bootstrap."""
import numpy as np
import pytest
from scipy.stats import bootstrap as scipy_bootstrap

from experiments.stance.bootstrap import percentile_interval, score_table

LABELS = ["deterrence", "escalation", "reassurance", "none"]


def seed_labels():
    import csv

    from tests.conftest import SEEDS

    with open(SEEDS / "annotations.csv", encoding="utf-8") as f:
        return np.array([r["label"] for r in csv.DictReader(f)])


def test_percentile_interval_of_a_known_sample():
    low, high = percentile_interval(np.arange(101.0), 0.9)
    assert (low, high) == (pytest.approx(5.0), pytest.approx(95.0))


def test_accuracy_interval_agrees_with_scipy():
    y = seed_labels()
    y_pred = np.where(np.arange(len(y)) % 3 == 0, "none", y)  # a third wrong-ish, deterministic
    ours = score_table(y, [y_pred], LABELS, LABELS, 4000, 0.95, random_state=0)["accuracy"]
    correct = (y == y_pred).astype(float)
    ref = scipy_bootstrap((correct,), np.mean, n_resamples=4000, confidence_level=0.95, method="percentile",
                          random_state=np.random.default_rng(1)).confidence_interval
    assert ours["value"] == pytest.approx(correct.mean())
    assert ours["ci_low"] == pytest.approx(ref.low, abs=0.04) and ours["ci_high"] == pytest.approx(ref.high, abs=0.04)


def test_intervals_are_seeded_and_bracket_the_value():
    y = seed_labels()
    y_pred = np.roll(y, 1)
    a = score_table(y, [y_pred, y], LABELS, LABELS[:3], 500, 0.95, random_state=7)
    b = score_table(y, [y_pred, y], LABELS, LABELS[:3], 500, 0.95, random_state=7)
    assert a == b
    for name in ("macro_f1", "accuracy", "balanced_accuracy"):
        assert a[name]["ci_low"] <= a[name]["value"] <= a[name]["ci_high"]
    assert a["accuracy"]["std"] > 0  # two different repeats
    c = score_table(y, [y_pred, y], LABELS, LABELS[:3], 500, 0.95, random_state=8)
    assert c["macro_f1"]["ci_low"] != a["macro_f1"]["ci_low"] or c["macro_f1"]["ci_high"] != a["macro_f1"]["ci_high"]


def test_perfect_predictions_have_a_degenerate_interval():
    y = seed_labels()
    t = score_table(y, [y], LABELS, LABELS, 200, 0.95, random_state=0)
    assert t["accuracy"] == {"value": 1.0, "std": 0.0, "ci_low": 1.0, "ci_high": 1.0}
    assert t["per_class"]["reassurance"]["support"] == 12
