"""The in-memory vectorizer cache on the seeds: the numbers of fitting again, fewer fits, nothing on disk."""
from dataclasses import replace

import numpy as np
import pytest

from experiments.stance import splits
from experiments.stance import step as stance
from experiments.stance.evaluate import cross_predict
from experiments.stance.fitcache import FitCache
from features.tfidf.vectorize import WORD_COLUMN
from tests.stance_helpers import seeds_labelled


@pytest.fixture(scope="module")
def seeds():
    return seeds_labelled("stance.bootstrap_resamples=0", "evaluation.n_repeats=1")


def test_two_models_share_the_fits_and_predict_as_without_cache(seeds, tmp_path, monkeypatch):
    config, data = seeds
    monkeypatch.chdir(tmp_path)  # a joblib.Memory would write here; the FitCache must not
    models = [c for c in stance.candidates(config, data.features) if c.name in ("logreg", "linear_svm")]
    plan = splits.plan("grouped_cv", data, config.evaluation, 42)  # leave one article out: 2 folds
    cache = FitCache()
    for model in models:
        cached, _, _ = cross_predict(model, data, plan, config.evaluation, data.labels, 42, memory=cache)
        fresh, _, _ = cross_predict(model, data, plan, config.evaluation, data.labels, 42)
        assert np.array_equal(cached, fresh)
    n_folds, n_inner = len(plan.splits), config.evaluation.inner_splits
    # one fit per distinct set of training rows (inner parts + the refit), for both models and all 3 values of C
    assert len(cache._store) == n_folds * (n_inner + 1)
    assert not list(tmp_path.iterdir())


def test_a_cached_fit_never_crosses_folds(seeds):
    config, data = seeds
    logreg = stance.candidates(config, data.features)[0]
    plan = splits.plan("grouped_cv", data, config.evaluation, 42)
    _, _, folds = cross_predict(logreg, data, plan, config.evaluation, data.labels, 42, keep_estimators=True,
                                memory=FitCache())
    for (_, train, _), fold in zip(plan.splits, folds, strict=True):
        pipeline = fold["estimator"].best_estimator_
        assert pipeline.memory is None  # the saved model carries no cache
        vocabulary = {t for t in pipeline["tfidf"].named_transformers_["word"].vocabulary_ if " " not in t}
        assert vocabulary <= {w for text in data.features.X[train][:, WORD_COLUMN] for w in text.split()}


def test_the_oldest_fit_goes_first_when_the_budget_is_spent():
    cache = FitCache(max_bytes=100)
    ones = cache.cache(lambda n: np.ones(n))
    ones(4), ones(4)
    assert [v.nbytes for v in cache._store.values()] == [32]  # kept once
    ones(10)  # 32 + 80 bytes are over the budget: the older result goes
    assert [v.nbytes for v in cache._store.values()] == [80]


@pytest.mark.parametrize("protocol", ["grouped_cv", "repeated_cv"])
def test_selected_read_from_the_models_equals_its_own_search(seeds, protocol):
    """`selected` searches the models' settings on the same inner folds as the models' own searches: its
    choice and predictions read from their inner scores are those of running its search (issue 19)."""
    from experiments.stance.select import SELECTED, from_models

    config, data = seeds
    cands = {c.name: c for c in stance.candidates(config, data.features)}
    plan = splits.plan(protocol, data, config.evaluation, 42)
    cache = FitCache()
    models = [cross_predict(cands[m], data, plan, config.evaluation, data.labels, 42, memory=cache)
              for m in config.stance.models]
    read = from_models(cands[SELECTED], models, plan)
    searched = cross_predict(cands[SELECTED], data, plan, config.evaluation, data.labels, 42, memory=cache)
    assert read is not None and np.array_equal(read[0], searched[0]) and np.array_equal(read[1], searched[1])
    params = [({k: type(v).__name__ if hasattr(v, "fit") else v for k, v in f["best_params"].items()})
              for f in (*read[2], *searched[2])]
    assert params[:len(plan.splits)] == params[len(plan.splits):]
    assert [f["note"] for f in read[2]] == [f["note"] for f in searched[2]]


def test_selected_is_searched_when_a_model_has_no_grid(seeds):
    from experiments.stance.select import SELECTED, from_models

    config, data = seeds
    config = config.replace("logreg", C_grid=())
    cands = {c.name: c for c in stance.candidates(config, data.features)}
    plan = splits.plan("grouped_cv", data, config.evaluation, 42)
    models = [cross_predict(cands[m], data, plan, config.evaluation, data.labels, 42) for m in config.stance.models]
    assert from_models(cands[SELECTED], models, plan) is None


def test_held_out_matrices_are_computed_once_per_fitted_vectorizer(seeds):
    config, data = seeds
    logreg = stance.candidates(config, data.features)[0]
    plan = splits.plan("grouped_cv", data, config.evaluation, 42)
    cache = FitCache()
    cross_predict(logreg, data, plan, config.evaluation, data.labels, 42, memory=cache)
    n_folds, n_inner = len(plan.splits), config.evaluation.inner_splits
    # 3 values of C x inner folds, then the outer test part: one matrix per (fitted vectorizer, rows)
    assert len(cache._transforms) == n_folds * (n_inner + 1)


def test_per_group_models_share_the_fits_and_predict_as_without_cache(seeds):
    """Before: each group's search fit its vectorizer once per grid point and inner fold (3 C x 2 folds + refit)."""
    config, data = seeds
    data = replace(data, per_group=data.column("doc"))
    logreg = stance.candidates(config, data.features, per_group=True, headline=data.labels)[0]
    plan = splits.plan("repeated_cv", data, config.evaluation, 42)  # both articles in every training fold
    plan = replace(plan, splits=plan.splits[:2])  # two outer folds are enough, and twice as fast
    cache = FitCache()
    cached, _, folds = cross_predict(logreg, data, plan, config.evaluation, data.labels, 42, memory=cache,
                                     keep_estimators=True)
    fresh, _, _ = cross_predict(logreg, data, plan, config.evaluation, data.labels, 42)
    assert np.array_equal(cached, fresh)
    n_groups, n_inner = len(set(data.per_group)), config.evaluation.inner_splits
    # one vectorizer fit per group and distinct set of training rows (its inner parts + its refit), not per C
    assert len(logreg.estimator.grid["clf__C"]) == 3
    assert len(cache._store) == len(plan.splits) * n_groups * (n_inner + 1)
    for fold in folds:  # a fitted model keeps no cache
        assert fold["estimator"].memory is None
        assert all(m.memory is None for m in fold["estimator"].models_.values())
