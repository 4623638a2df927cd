"""Inner folds on real UN passages keep a country together wherever a country spans rows: with fewer countries
than inner folds, and in the searches of per-group models."""
import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline

from experiments.corpus.data import load_segments
from experiments.corpus.engine import feature_input
from experiments.corpus.labelled import load_labelled
from experiments.stance import pergroup
from experiments.stance.evaluate import inner_splits
from experiments.stance.fitcache import FitCache
from experiments.stance.groups import cv_groups
from experiments.stance.offsets import folds as offset_folds
from experiments.stance.step import candidates, run_protocol
from tests.stance_helpers import un_config, un_table

LABELS = ["escalation", "reassurance", "none"]
TARGET = "mentions_deterrence"  # the passage names deterrence (1) or not (0): two "targets" of one corpus


@pytest.fixture(scope="module")
def un_data(tmp_path_factory):
    table = un_table(tmp_path_factory.mktemp("inner"), {label: label for label in LABELS}, 300)
    config = un_config(table, LABELS, 'evaluation.protocols=["grouped_cv"]', 'stance.models=["logreg"]',
                       'stance.baselines=["majority"]', "stance.bootstrap_resamples=0", "evaluation.inner_splits=3",
                       f'stance.per_group_column="{TARGET}"', "experiment.n_jobs=1")
    segments = load_segments(config)
    return config, load_labelled(config, segments, feature_input(config, [s.text for s in segments]))


def _apart(folds, groups) -> bool:
    return all(not set(groups[train]) & set(groups[test]) for train, test in folds)


def test_two_countries_and_three_inner_folds_give_two_folds_by_country(un_data):
    """Before: fewer countries than inner folds fell back to stratified folds, each country on both sides."""
    _, data = un_data
    countries = data.column("country")
    two = np.isin(countries, [c for c, n in zip(*np.unique(countries, return_counts=True), strict=True) if n >= 8][:2])
    y, groups = data.y[two], countries[two]
    for folds in (inner_splits(y, groups, 3, 0), offset_folds(y, groups, 3, 0)):
        assert len(folds) == 2 and _apart(folds, groups)


def test_per_group_searches_keep_a_country_in_one_inner_fold(un_data, monkeypatch):
    """Before: each target's search cut stratified folds of its rows, a country's passages on both sides."""
    config, data = un_data
    data.per_group = data.column(TARGET)
    seen = []

    def spy(y, groups, n_splits, random_state):
        folds = inner_splits(y, groups, n_splits, random_state)
        seen.append((groups, folds))
        return folds

    monkeypatch.setattr(pergroup, "inner_splits", spy)
    groups = cv_groups(data, config)
    run_protocol("grouped_cv", config, data, candidates(config, data.features, True, LABELS)[:1], LABELS,
                 lambda _: None, FitCache(), groups)
    assert len(seen) >= 4  # two targets in each outer fold
    for groups_seen, folds in seen:
        assert groups_seen is not None and _apart(folds, groups_seen)


def test_the_final_models_temperature_is_fitted_on_folds_that_keep_a_country_together(un_data, monkeypatch):
    """Before: the saved model's temperature came from stratified folds, a country's passages on both sides (its
    held-out decisions too sure), while its search and offsets cut folds by country."""
    from sklearn.svm import LinearSVC

    from experiments.stance import final

    _, data = un_data
    countries, seen = data.column("country"), []

    def spy(model, X, y, cv, method):
        seen.append(cv)
        return cross_val_predict(model, X, y, cv=cv, method=method)

    cross_val_predict = final.cross_val_predict
    monkeypatch.setattr(final, "cross_val_predict", spy)
    X = np.array([s.text for s in data.segments], dtype=object)
    model = Pipeline([("tfidf", TfidfVectorizer()), ("clf", LinearSVC(random_state=0))]).fit(X, data.y)
    t = final.cv_temperature(model, X, data.y, 3, 0, countries)
    assert t > 0 and len(seen) == 1 and len(seen[0]) == 3 and _apart(seen[0], countries)
