"""CachedSearch gives GridSearchCV's numbers on the real seeds: the same inner scores, the same choice, the same
refit model, for every stance model of the reference config (experiments/stance/search.py)."""
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV
from threadpoolctl import threadpool_limits

from experiments.stance import splits
from experiments.stance import step as stance
from experiments.stance.evaluate import fit_one, headline_scorer, inner_splits
from experiments.stance.fitcache import FitCache
from experiments.stance.search import CachedSearch, search
from tests.stance_helpers import seeds_labelled

MODELS = ["logreg", "linear_svm", "complement_nb", "sgd"]


@pytest.fixture(scope="module")
def seeds():
    config, data = seeds_labelled("evaluation.n_repeats=1")
    plan = splits.plan("repeated_cv", data, config.evaluation, 42)
    cands = {c.name: c for c in stance.candidates(config, data.features)}
    return config, data, plan, cands, list(config.stance.headline_labels)


def coefficients(pipeline):
    clf = pipeline[-1]
    return getattr(clf, "coef_", getattr(clf, "feature_log_prob_", None))


@pytest.mark.parametrize("model", MODELS)
def test_cached_search_is_grid_search_cv_to_the_last_bit(seeds, model):
    config, data, plan, cands, headline = seeds
    cand, memory = cands[model], FitCache()
    with threadpool_limits(limits=1):
        for _, train, test in plan.splits:
            X, y = data.features.X[train], data.y[train]
            folds = inner_splits(y, None, config.evaluation.inner_splits, 42)
            plain = GridSearchCV(cand.estimator, cand.grid, cv=folds, scoring=headline_scorer(headline),
                                 error_score="raise").fit(X, y)
            ours = CachedSearch(clone(cand.estimator).set_params(memory=memory), cand.grid, folds, headline,
                                memory).fit(X, y)
            assert ours.best_params_ == plain.best_params_ and ours.best_index_ == plain.best_index_
            np.testing.assert_array_equal(ours.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"])
            np.testing.assert_array_equal(coefficients(ours.best_estimator_), coefficients(plain.best_estimator_))
            X_test = data.features.X[test]
            np.testing.assert_array_equal(ours.predict(X_test), plain.predict(X_test))


def test_a_search_with_the_run_cache_is_a_cached_search_and_keeps_none(seeds):
    config, data, plan, cands, headline = seeds
    _, train, _ = plan.splits[0]
    memory = FitCache()
    with threadpool_limits(limits=1):
        fitted, note = fit_one(cands["logreg"], data.features.X[train], data.y[train], None, config.evaluation,
                               headline_scorer(headline, memory), 42, memory)
    assert isinstance(fitted, CachedSearch) and note is None
    assert fitted.memory is None and fitted.best_estimator_.memory is None  # a fitted model holds no cache
    assert memory._store  # the vectorizer fits were kept for the other models of these rows


def test_what_cached_search_does_not_cover_is_left_to_grid_search_cv(seeds):
    config, data, plan, cands, headline = seeds
    pipe, memory, scorer = cands["logreg"].estimator, FitCache(), headline_scorer(headline)
    assert isinstance(search(pipe, {"clf__C": [1.0]}, [], scorer, memory, {}, headline), CachedSearch)
    assert isinstance(search(pipe, {"tfidf__sparse_threshold": [1.0]}, [], scorer, memory, {}, headline),
                      GridSearchCV)  # a grid reaching into the vectorizer
    assert isinstance(search(pipe, {"clf__C": [1.0]}, [], scorer, memory, {"clf__groups": [1]}, headline),
                      GridSearchCV)  # fit parameters (an OffsetClassifier's groups)
    assert isinstance(search(pipe, {"clf__C": [1.0]}, [], scorer, None, {}, headline), GridSearchCV)  # no cache
    assert isinstance(search(pipe, {"clf__C": [1.0]}, [], scorer, memory, {}, None), GridSearchCV)  # other scorer
    assert search(pipe, {}, [], scorer, memory, {}, headline) is pipe  # no grid: no search


def test_repeated_rows_are_fit_once_weighted_as_the_collapsing_pipeline_fits_them(seeds, monkeypatch):
    """Inner fits collapse repeated training rows as GridSearchCV's CollapsingPipeline fits do: same numbers."""
    from experiments.stance import search as search_module

    config, data, plan, cands, headline = seeds
    _, train, _ = plan.splits[0]
    train = np.concatenate([train, train[:8], train[:3]])  # some sentences two or three times
    X, y = data.features.X[train], data.y[train]
    folds = inner_splits(y, None, config.evaluation.inner_splits, 42)
    collapsed = []
    real = search_module.fit_distinct
    monkeypatch.setattr(search_module, "fit_distinct",
                        lambda clf, Xt, y_, rows: collapsed.append(len(rows[0]) < len(y_)) or real(clf, Xt, y_, rows))
    with threadpool_limits(limits=1):
        for model in ("logreg", "linear_svm"):
            cand, memory = cands[model], FitCache()
            plain = GridSearchCV(cand.estimator, cand.grid, cv=folds, scoring=headline_scorer(headline),
                                 error_score="raise").fit(X, y)
            ours = CachedSearch(clone(cand.estimator).set_params(memory=memory), cand.grid, folds, headline,
                                memory).fit(X, y)
            assert ours.best_params_ == plain.best_params_
            np.testing.assert_array_equal(ours.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"])
            np.testing.assert_array_equal(coefficients(ours.best_estimator_), coefficients(plain.best_estimator_))
    assert collapsed and all(collapsed)  # every inner fit saw fewer distinct rows than rows
