"""Leakage guarantee on the real seeds: a model fit inside cross-validation never sees held-out vocabulary.

Each fold's fitted pipeline (the nested search's refit included) is kept and its word vocabulary compared
with the prepared words of the training and held-out segments of that fold.
"""
from dataclasses import replace

import numpy as np
import pytest

from experiments.config import schema as cfg
from experiments.corpus.data import load_segments
from experiments.corpus.engine import feature_input
from experiments.corpus.labelled import load_labelled
from experiments.stance import splits
from experiments.stance import step as stance
from experiments.stance.evaluate import cross_predict
from features.tfidf.vectorize import WORD_COLUMN
from tests.conftest import ROOT

CONFIG = ROOT / "experiments" / "configs" / "seeds_stance.toml"


@pytest.fixture(scope="module")
def seeds():
    config = cfg.load(CONFIG, ["stance.bootstrap_resamples=0", "evaluation.n_repeats=1"])
    segments = load_segments(config)
    return config, load_labelled(config, segments, feature_input(config, [s.text for s in segments]))


def words(rows) -> set[str]:
    return {w for text in rows[:, WORD_COLUMN] for w in text.split()}


@pytest.mark.parametrize("protocol", ["grouped_cv", "repeated_cv"])
def test_vectorizer_inside_cv_never_sees_held_out_vocabulary(seeds, protocol):
    config, data = seeds
    logreg = stance.candidates(config, data.features)[0]
    assert logreg.name == "logreg" and logreg.grid  # the nested search is on
    plan = splits.plan(protocol, data, config.evaluation, 42)
    _, _, folds = cross_predict(logreg, data, plan, config.evaluation, data.labels, 42, keep_estimators=True)
    for (_, train, test), fold in zip(plan.splits, folds, strict=True):
        pipeline = fold["estimator"].best_estimator_
        vocabulary = {term for term in pipeline["tfidf"].named_transformers_["word"].vocabulary_ if " " not in term}
        only_held_out = words(data.features.X[test]) - words(data.features.X[train])
        assert only_held_out, "each seed fold has words of its own"
        assert vocabulary <= words(data.features.X[train])
        assert not vocabulary & only_held_out


def test_each_segment_is_predicted_once_per_repeat(seeds):
    config, data = seeds
    plan = splits.plan("repeated_cv", data, replace(config.evaluation, n_repeats=2), 42)
    tested = np.concatenate([te for _, _, te in plan.splits])
    assert sorted(tested) == sorted(list(range(len(data.y))) * 2)
    majority = [c for c in stance.candidates(config, data.features) if c.name == "majority"][0]
    y_pred, mask, _ = cross_predict(majority, data, plan, config.evaluation, data.labels, 42)
    assert y_pred.shape == (2, len(data.y)) and mask.all()


def test_leave_one_article_out_holds_out_whole_articles(seeds):
    config, data = seeds
    plan = splits.plan("grouped_cv", data, config.evaluation, 42)
    docs = data.column("doc")
    assert plan.splitter.startswith("LeaveOneGroupOut") and len(plan.splits) == 2
    for _, train, test in plan.splits:
        assert len(set(docs[test])) == 1 and not set(docs[test]) & set(docs[train])


def test_a_class_smaller_than_the_folds_lowers_n_splits_with_a_warning(seeds):
    config, data = seeds
    ev = replace(config.evaluation, n_splits=8)  # escalation has 6 segments
    with pytest.warns(UserWarning, match="escalation"):
        plan = splits.plan("repeated_cv", data, ev, 42)
    assert plan.splitter.startswith("RepeatedStratifiedKFold(6x") and plan.notes
    with pytest.warns(UserWarning, match="left out: escalation"):
        dropped = splits.plan("repeated_cv", data, replace(ev, small_class="drop_class"), 42)
    assert "escalation" not in set(data.y[dropped.keep])
    from features.read.encoding import CorpusError

    with pytest.raises(CorpusError, match="escalation"):
        splits.plan("repeated_cv", data, replace(ev, small_class="error"), 42)
