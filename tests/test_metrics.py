"""The vectorised scores agree with scikit-learn's on real out-of-fold stance predictions."""
import numpy as np
import pytest
from sklearn.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    cohen_kappa_score,
    f1_score,
    precision_recall_fscore_support,
)

from experiments.stance import metrics

LABELS = ["deterrence", "escalation", "reassurance", "none"]


@pytest.fixture(scope="module")
def truth_and_predictions():
    import csv

    from tests.conftest import SEEDS

    with open(SEEDS / "annotations.csv", encoding="utf-8") as f:
        y_true = np.array([r["label"] for r in csv.DictReader(f)])
    rng = np.random.default_rng(3)  # a noisy classifier: right 60% of the time, else a random label
    noisy = np.where(rng.random(len(y_true)) < 0.6, y_true, rng.choice(LABELS, len(y_true)))
    return y_true, noisy


def test_scores_match_sklearn(truth_and_predictions):
    y_true, y_pred = truth_and_predictions
    cm = metrics.confusions(metrics.encode(y_true, LABELS), metrics.encode(y_pred, LABELS), len(LABELS))
    s = metrics.scores(cm, headline=[0, 1, 2])
    p, r, f, support = precision_recall_fscore_support(y_true, y_pred, labels=LABELS, zero_division=0)
    assert s["accuracy"] == pytest.approx(accuracy_score(y_true, y_pred))
    assert s["balanced_accuracy"] == pytest.approx(balanced_accuracy_score(y_true, y_pred))
    assert s["kappa"] == pytest.approx(cohen_kappa_score(y_true, y_pred))
    np.testing.assert_allclose(s["precision"], p), np.testing.assert_allclose(s["recall"], r)
    np.testing.assert_allclose(s["f1"], f), np.testing.assert_array_equal(s["support"], support)
    assert s["macro_f1"] == pytest.approx(f1_score(y_true, y_pred, labels=LABELS[:3], average="macro",
                                                   zero_division=0))


def test_a_class_never_predicted_scores_zero_not_nan():
    y_true, y_pred = ["none", "escalation", "none"], ["none", "none", "none"]
    cm = metrics.confusions(metrics.encode(y_true, LABELS), metrics.encode(y_pred, LABELS), len(LABELS))
    s = metrics.scores(cm)
    assert s["f1"][LABELS.index("escalation")] == 0.0
    assert s["balanced_accuracy"] == pytest.approx(balanced_accuracy_score(y_true, y_pred))


def test_batched_confusions_equal_one_by_one(truth_and_predictions):
    y_true, y_pred = truth_and_predictions
    t, p = metrics.encode(y_true, LABELS), metrics.encode(y_pred, LABELS)
    stack = metrics.confusions(np.stack([t, t]), np.stack([p, t]), 4)
    np.testing.assert_array_equal(stack[0], metrics.confusions(t, p, 4))
    assert np.trace(stack[1]) == len(t)


@pytest.mark.parametrize("headline", [LABELS[:3], LABELS, ["escalation"], ["reassurance", "absent label"]])
def test_headline_macro_f1_is_sklearns_float(truth_and_predictions, headline):
    """The nested search's score is f1_score's number bit for bit (a tie between grid points breaks alike)."""
    y_true, _ = truth_and_predictions
    rng = np.random.default_rng(7)
    for accuracy in (0.0, 0.3, 0.6, 0.9, 1.0):  # from no right prediction to all right
        for _ in range(20):
            y_pred = np.where(rng.random(len(y_true)) < accuracy, y_true, rng.choice(LABELS, len(y_true)))
            part = rng.random(len(y_true)) < 0.4  # a held-out fold: some labels absent from it
            for t, p in ((y_true, y_pred), (y_true[part], y_pred[part])):
                expected = f1_score(t, p, labels=headline, average="macro", zero_division=0)
                assert metrics.headline_macro_f1(t, p, headline) == expected
    assert metrics.headline_macro_f1(y_true, np.full(len(y_true), "none"), LABELS[:3]) == 0.0
