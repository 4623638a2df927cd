"""Leakage guarantee on the real seeds: a model fit inside cross-validation never sees held-out vocabulary.

Each fold's fitted pipeline (the nested search's refit included) is kept and its word vocabulary compared
with the prepared words of the training and held-out segments of that fold.
"""
from dataclasses import replace

import numpy as np
import pytest

from experiments.corpus.data import load_segments
from experiments.corpus.engine import feature_input
from experiments.corpus.labelled import load_labelled
from experiments.stance import splits
from experiments.stance import step as stance
from experiments.stance.evaluate import cross_predict
from features.tfidf.vectorize import WORD_COLUMN
from tests.stance_helpers import seeds_labelled


@pytest.fixture(scope="module")
def seeds():
    return seeds_labelled("stance.bootstrap_resamples=0", "evaluation.n_repeats=1")


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
    assert {type(r) for r, _, _ in plan.splits} == {int}  # a NumPy repeat number stopped metrics.json (int64)
    with pytest.warns(UserWarning, match="left out: escalation"):
        dropped = splits.plan("repeated_cv", data, replace(ev, small_class="drop_class"), 42)
    assert "escalation" not in set(data.y[dropped.keep])
    from features.read.encoding import CorpusError

    with pytest.raises(CorpusError, match="escalation"):
        splits.plan("repeated_cv", data, replace(ev, small_class="error"), 42)


def test_two_string_labels_search_chooses_c_per_fold_on_its_inner_folds(tmp_path):
    """FAVOR/AGAINST (UN passages: reassurance/escalation renamed): before, the scorer failed on pos_label in
    every inner fold, every setting scored 0.0 and every fold kept the first C."""
    from tests.stance_helpers import un_config, un_table

    table = un_table(tmp_path, {"escalation": "AGAINST", "reassurance": "FAVOR"})
    config = un_config(table, ["FAVOR", "AGAINST"], 'stance.models=["logreg"]', "logreg.C_grid=[3.0, 30.0, 300.0]",
                       'logreg.class_weight="balanced"', "evaluation.inner_splits=2")
    segments = load_segments(config)
    data = load_labelled(config, segments, feature_input(config, [s.text for s in segments]))
    plan = splits.plan("grouped_cv", data, config.evaluation, 2029)
    cand = stance.candidates(config, data.features)[0]
    _, _, folds = cross_predict(cand, data, plan, config.evaluation, ["FAVOR", "AGAINST"], 2029,
                                keep_estimators=True)
    assert len({f["best_params"]["clf__C"] for f in folds}) > 1
    assert all(f["estimator"].cv_results_["mean_test_score"].min() > 0.5 for f in folds)


def _seed_candidate(seeds, grid, estimator=None):
    from experiments.stance.evaluate import Candidate

    config, data = seeds
    base = estimator if estimator is not None else stance.candidates(config, data.features)[0].estimator
    return Candidate("broken", "model", base, grid)


def test_a_fit_failing_inside_the_search_stops_the_run_naming_the_step(seeds):
    """C = -1 cannot be fit: before, it scored 0.0 and the search silently kept C = 1."""
    from experiments.stance.evaluate import FitError

    config, data = seeds
    plan = splits.plan("grouped_cv", data, config.evaluation, 42)
    cand = _seed_candidate(seeds, {"clf__C": [-1.0, 1.0]})
    with pytest.raises(FitError, match=r"^stance grouped_cv broken, fold 1 of 2: the fit failed \(") as error:
        cross_predict(cand, data, plan, config.evaluation, data.labels, 42)
    assert "\n" not in str(error.value) and "C" in str(error.value)


def test_a_failing_scorer_stops_the_run(seeds):
    """A setting whose predictions cannot be scored (the keyword baseline reading a column that is not
    there): before, error_score=0.0 let the search choose the other setting without a word."""
    from experiments.stance.evaluate import FitError
    from experiments.stance.keyword import KeywordClassifier

    config, data = seeds
    plan = splits.plan("repeated_cv", data, config.evaluation, 42)
    cand = _seed_candidate(seeds, {"column": [0, 99]}, KeywordClassifier({"escalation": ["menace"]}))
    with pytest.raises(FitError, match=r"^stance repeated_cv broken, fold 1 of \d+: the fit failed \(IndexError"):
        cross_predict(cand, data, plan, config.evaluation, data.labels, 42)


@pytest.mark.parametrize("keep_none, n_labels", [(True, 4), (False, 3)])
def test_scorer_and_search_work_with_and_without_none(seeds, keep_none, n_labels):
    """The headline scorer is scikit-learn's macro-F1 over the headline labels, for 4 and 3 string labels."""
    from sklearn.metrics import f1_score

    from experiments.stance.evaluate import headline_scorer

    config, data = seeds
    if not keep_none:
        data = data.subset(data.y != "none")
    assert len(set(data.y)) == n_labels
    plan = splits.plan("repeated_cv", data, config.evaluation, 42)
    cand = stance.candidates(config, data.features)[0]
    _, _, folds = cross_predict(cand, data, plan, config.evaluation, sorted(set(data.y)), 42,
                                keep_estimators=True)
    fitted = folds[0]["estimator"]
    headline = [lab for lab in data.labels if lab != "none"]
    expected = f1_score(data.y, fitted.predict(data.features.X), labels=headline, average="macro", zero_division=0)
    assert headline_scorer(headline)(fitted, data.features.X, data.y) == pytest.approx(expected)
    assert all(f["estimator"].cv_results_["mean_test_score"].max() > 0 for f in folds)
