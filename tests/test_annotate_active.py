"""Uncertainty and diverse sampling on the real UN passages, the model trained on the committed batch-1 labels."""
import numpy as np
import pytest

from experiments.annotate.active import confidence, fit_current_model, uncertainty_draw
from experiments.annotate.diverse import cluster_quotas, diverse_draw
from experiments.annotate.records import read_labels
from experiments.config.schema import LABELS, validate
from experiments.corpus.engine import feature_input
from tests.annotate_helpers import LABELS_DIR, un_records
from tests.conftest import ROOT

CONFIG = validate({"experiment": {"name": "t", "random_state": 0},
                   "corpus": {"path": "seeds", "language": "en", "annotations": "seeds/annotations.csv"},
                   "preprocess": {"keep_words": ["no", "not", "never", "without", "nor"]},
                   "features": {"min_df": 2}, "stance": {}, "logreg": {"C": 10.0}}, base=ROOT)


@pytest.fixture(scope="module")
def un():
    records = un_records()
    ids, labels = read_labels(sorted(LABELS_DIR.glob("batch1_*.csv")), LABELS)
    return records, feature_input(CONFIG, [r["text"] for r in records]), ids, labels


def test_confidence_measures():
    proba = np.array([[0.5, 0.3, 0.2], [0.05, 0.9, 0.05]])
    assert confidence(proba, "least_confident").tolist() == [0.5, 0.9]
    assert np.allclose(confidence(proba, "margin"), [0.2, 0.85])


# the target measure runs in the README's test command; the two others, the same code path, in CI's slow run
@pytest.mark.parametrize("measure", [pytest.param("least_confident", marks=pytest.mark.slow),
                                     pytest.param("margin", marks=pytest.mark.slow), "target"])
def test_uncertainty_takes_the_least_confident_unlabelled_passages(un, measure):
    records, features, ids, labels = un
    drawn, conf = uncertainty_draw(CONFIG, records, features, labels, 100, 3, ids, measure, "escalation")
    assert len(set(drawn)) == 100 and not {records[i]["id"] for i in drawn} & ids
    # Refit independently and score the whole pool: no passage left out is less certain than one taken.
    train = [i for i, r in enumerate(records) if r["id"] in labels]
    pool = np.array([i for i, r in enumerate(records) if r["id"] not in ids])
    model = fit_current_model(CONFIG, features.rows(train), [labels[records[i]["id"]] for i in train], 3)
    column = list(model.classes_).index("escalation")
    everyone = dict(zip(pool.tolist(), confidence(model.predict_proba(features.rows(pool).X), measure, column),
                        strict=True))
    assert np.allclose(conf, [everyone[i] for i in drawn])
    left_out = [c for i, c in everyone.items() if i not in set(drawn)]
    assert max(conf) <= min(left_out)
    assert np.median(conf) < np.median(left_out)
    assert uncertainty_draw(CONFIG, records, features, labels, 100, 3, ids, measure, "escalation")[0] == drawn


def test_target_uncertainty_finds_passages_of_a_rare_label(un):
    """Trained on batches 1-2, the `deterrence` draw reads far more deterrence-flagged passages than chance."""
    records, features, _, _ = un
    ids, labels = read_labels(sorted(LABELS_DIR.glob("batch[12]_*.csv")), LABELS)
    drawn, conf = uncertainty_draw(CONFIG, records, features, labels, 50, 3, ids, "target", "deterrence")
    pool = [r for r in records if r["id"] not in ids]
    pool_rate = np.mean([r["mentions_deterrence"] == "1" for r in pool])  # about 0.6%
    drawn_rate = np.mean([records[i]["mentions_deterrence"] == "1" for i in drawn])
    assert drawn_rate > 10 * pool_rate
    with pytest.raises(Exception, match="target_label = 'peace'"):
        uncertainty_draw(CONFIG, records, features, labels, 5, 3, ids, "target", "peace")


def test_diverse_spreads_the_draw_evenly_over_clusters(un):
    records, features, ids, _ = un
    records, features = records[:4000], features.rows(range(4000))  # the first 4,000 passages: a quick test
    kw = dict(n_clusters=6, n_components=30, n_init=2)
    drawn, cluster = diverse_draw(records, features, 60, 5, ids, **kw)
    assert len(set(drawn)) == 60 and not {records[i]["id"] for i in drawn} & ids
    assert np.bincount(cluster, minlength=6).tolist() == [10] * 6
    assert diverse_draw(records, features, 60, 5, ids, **kw)[0] == drawn
    assert diverse_draw(records, features, 60, 6, ids, **kw)[0] != drawn


def test_cluster_quotas_give_small_clusters_all_they_have():
    assert cluster_quotas([2, 50, 50], 30) == [2, 14, 14]
    assert cluster_quotas([10, 10, 10], 31) == [10, 10, 10]
    assert cluster_quotas([5, 5], 3) == [2, 1]
