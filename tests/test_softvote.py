"""The soft vote (`soft_vote`, `[soft_vote] members`) on the real seeds: the mean of its members' probabilities,
built from the config, searched on a zipped grid, saved and loaded by skops trusting its one class only."""
import json

import numpy as np
import pytest
import skops.io as sio
from scipy.special import softmax
from sklearn.base import clone
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from experiments.config import schema as cfg
from experiments.stance import explain, modelfile, splits, vocabfile
from experiments.stance import step as stance
from experiments.stance.evaluate import cross_predict
from experiments.stance.models import classifier, zipped_grid
from experiments.stance.predict import needed_columns, predict_chunk
from experiments.stance.select import from_models
from experiments.stance.softvote import TRUSTED, SoftVote
from features.tfidf.vectorize import vectorizer_input
from tests.stance_helpers import CONFIG, seeds_config, seeds_labelled, train_seed_model

NEW = ["La dissuasion nucléaire reste la garantie ultime de notre sécurité.",
       "Cette course aux armements menace la paix du continent tout entier.",
       "Les deux pays ont signé un accord de réduction de leurs arsenaux."]  # written for this test
FAST = "features.chars=false"  # word n-grams and cue counts: what is tested here, at a fraction of the CPU


@pytest.fixture(scope="module")
def seeds():
    return seeds_labelled('stance.models=["logreg", "linear_svm", "soft_vote"]', "stance.bootstrap_resamples=0",
                          "evaluation.n_repeats=1", FAST)


def fitted_vote(seeds, temperature: float = 1.0):
    """The seeds' soft vote pipeline (its config's members and vectorizer) fit on every seed sentence."""
    config, data = seeds
    pipeline = next(c for c in stance.candidates(config, data.features) if c.name == "soft_vote").estimator
    return clone(pipeline).set_params(clf__temperature=temperature).fit(data.features.X, data.y)


@pytest.mark.parametrize("temperature", [1.0, 0.5])
def test_its_probabilities_are_the_mean_of_its_members(seeds, temperature):
    """Each member refit alone from its config section on the same TF-IDF: logistic regression's
    predict_proba and the SVM's softmax(decision / T) average to the vote's probabilities, which differ from
    either member's."""
    config, data = seeds
    vote = fitted_vote(seeds, temperature)
    X = vote[0].transform(data.features.X)
    logreg = classifier("logreg", config, config.experiment.random_state).fit(X, data.y)
    svm = classifier("linear_svm", config, config.experiment.random_state).fit(X, data.y)
    assert isinstance(svm, LinearSVC) and not hasattr(svm, "predict_proba")
    members = [logreg.predict_proba(X), softmax(svm.decision_function(X) / temperature, axis=1)]
    proba = vote.predict_proba(data.features.X)
    np.testing.assert_allclose(proba, np.mean(members, axis=0), rtol=1e-12)
    assert all(np.abs(proba - m).max() > 0.01 for m in members)
    assert list(vote.predict(data.features.X)) == list(vote[-1].classes_[proba.argmax(axis=1)])


def test_the_members_and_the_zipped_grid_come_from_the_config(seeds):
    """Members from their own sections; the search tries 3 settings (the members' grids zipped), not 9."""
    config, data = seeds
    vote = classifier("soft_vote", config, 7)
    assert [name for name, _ in vote.estimators] == ["logreg", "linear_svm"]
    assert vote.estimators[0][1].get_params()["C"] == config.logreg.C and vote.estimators[1][1].random_state == 7
    grid = next(c for c in stance.candidates(config, data.features) if c.name == "soft_vote").grid
    assert grid == {"clf__member_params": [{"logreg": {"C": a}, "linear_svm": {"C": b}}
                                           for a, b in zip(config.logreg.C_grid, config.linear_svm.C_grid,
                                                           strict=True)]}


def test_selected_reads_the_vote_from_its_own_search(seeds):
    """`selected` chooses among logreg, linear_svm and the vote from their inner scores, without fitting again;
    where it chose the vote, its predictions are the vote's."""
    config, data = seeds
    cands = {c.name: c for c in stance.candidates(config, data.features)}
    plan = splits.plan("grouped_cv", data, config.evaluation, config.experiment.random_state)
    results = [cross_predict(cands[m], data, plan, config.evaluation, data.labels, config.experiment.random_state)
               for m in ("logreg", "linear_svm", "soft_vote")]
    assert all(len(f["search_scores"]) == 3 for f in results[2][2])
    derived = from_models(cands["selected"], results, plan)
    assert derived is not None
    for k, fold in enumerate(derived[2]):
        if "clf__member_params" in fold["best_params"]:
            test = plan.splits[k][2]
            assert list(derived[0][0, test]) == list(results[2][0][0, test])


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    return train_seed_model(tmp_path_factory.mktemp("vote"), "soft_vote", FAST)


def test_it_is_saved_and_loaded_trusting_its_own_class_only(saved):
    """skops finds one type beyond its defaults, the vote's class; loaded with it, the model predicts what the
    same file loaded by skops itself predicts, and with no trusted type the load is refused."""
    assert sio.get_untrusted_types(file=saved) == [TRUSTED]
    with pytest.raises(Exception, match="Untrusted types"):
        sio.load(saved, trusted=[])
    model, card = modelfile.load(saved)
    assert isinstance(model[-1], SoftVote) and [n for n, _ in model[-1].estimators_] == ["logreg", "linear_svm"]
    again = vocabfile.expand(sio.load(saved, trusted=[TRUSTED]))  # vocabularies saved as term arrays put back
    labels, proba, ngrams = predict_chunk(model, card, NEW)
    labels2, proba2, ngrams2 = predict_chunk(again, card, NEW)
    assert list(labels) == list(labels2) and np.array_equal(proba, proba2) and ngrams == ngrams2
    assert card["model"] == "soft_vote" and card["probability"] == {"method": "predict_proba"}
    assert set(card["params"]["members"]) == {"logreg", "linear_svm"} and card["explained_by"] == "logreg"
    assert set(json.loads(json.dumps(card["best_params"]))) == {"clf__member_params"}


def test_its_explanations_are_its_first_members_weights(saved):
    """Top n-grams and a prediction's n-grams are those of the first member (logistic regression) on the same
    TF-IDF, toward the label the vote predicts."""
    model, card = modelfile.load(saved)
    logreg = Pipeline([*model[:-1].steps, ("clf", model[-1].explained_member())])
    assert explain.top_ngrams(model, 5) == explain.top_ngrams(logreg, 5)
    labels, _, ngrams = predict_chunk(model, card, NEW, n_top=3)
    features = model[:-1].transform(vectorizer_input(NEW, modelfile.text_settings(card), needed_columns(model)))
    assert len(ngrams) == len(NEW) and all(ngrams)
    assert ngrams == explain.prediction_ngrams(logreg, features, labels, 3)


@pytest.mark.parametrize("override, message", [
    ('soft_vote.members=["logreg", "naive"]', r"--set soft_vote\.members: 'naive' is not one of logreg"),
    ('soft_vote.members=["logreg", "soft_vote"]', r"'soft_vote' is not one of logreg, linear_svm, complement_nb, sgd"),
    ('soft_vote.members=["logreg"]', r"\[soft_vote\] members: a soft vote averages two models or more"),
    ('soft_vote.members=["logreg", "logreg"]', r"\[soft_vote\] members: an item is repeated"),
    ("soft_vote.weights=[1, 2]", r"unknown key \[soft_vote\] weights"),
    ("soft_vote.temperature=0", r"--set soft_vote\.temperature: 0\.0 is below the minimum"),
    (('stance.models=["soft_vote"]', "logreg.C_grid=[1.0, 10.0]"),
     r"\[soft_vote\] members: the members' grids are zipped .*\(logreg 2, linear_svm 3\)"),
])
def test_the_section_is_checked_in_one_line(override, message):
    with pytest.raises(cfg.ConfigError, match=message) as err:
        seeds_config(*([override] if isinstance(override, str) else override))
    assert "\n" not in str(err.value)


def test_the_section_loads_and_a_one_value_grid_repeats():
    assert seeds_config("logreg.C_grid=[1.0, 10.0]").soft_vote.members == ("logreg", "linear_svm")  # not used: no zip
    config = cfg.load(CONFIG, ['stance.models=["soft_vote"]', 'soft_vote.members=["complement_nb", "sgd"]',
                               "complement_nb.alpha_grid=[0.3]", "soft_vote.temperature=2.5"])
    assert config.soft_vote.members == ("complement_nb", "sgd") and config.soft_vote.temperature == 2.5
    vote = classifier("soft_vote", config, 0)
    assert vote.temperature == 2.5 and [n for n, _ in vote.estimators] == ["complement_nb", "sgd"]
    points = zipped_grid(config)["clf__member_params"]
    assert points == [{"complement_nb": {"alpha": 0.3}, "sgd": {"alpha": a}} for a in config.sgd.alpha_grid]
