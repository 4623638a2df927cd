"""Per-class decision offsets (`[stance] class_offsets`) on real text: tuned on the training rows' folds only,
grouped as the search's, recorded in the model card and added by `predict`."""
import json
from dataclasses import replace

import numpy as np
import pytest
from sklearn.svm import LinearSVC

from experiments.stance import modelfile, offsets, splits
from experiments.stance import step as stance
from experiments.stance.evaluate import cross_predict, fit_one, headline_scorer
from experiments.stance.modelfile import text_settings
from experiments.stance.offsets import OffsetClassifier
from experiments.stance.predict import needed_columns, predict_chunk
from experiments.stance.probability import class_scores
from experiments.stance.select import readable, selected_candidate
from features.tfidf.vectorize import vectorizer_input
from tests.stance_helpers import seeds_labelled, train_seed_model

ON = "stance.class_offsets=true"


@pytest.fixture(scope="module")
def seeds():
    return seeds_labelled(ON, "stance.bootstrap_resamples=0", "evaluation.n_repeats=1")


def svm(seeds):
    config, data = seeds
    return next(c for c in stance.candidates(config, data.features) if c.name == "linear_svm")


def test_every_model_is_wrapped_and_its_grid_reaches_inside(seeds):
    config, data = seeds
    models = [c for c in stance.candidates(config, data.features) if c.kind == "model"]
    assert {c.name for c in models} == {"logreg", "linear_svm", "complement_nb", "sgd", "selected"}
    assert all(isinstance(c.estimator[-1], OffsetClassifier) for c in models)
    assert svm(seeds).grid == {"clf__estimator__C": list(config.linear_svm.C_grid)}
    chosen = selected_candidate(config, data.features).grid
    assert all(isinstance(g["clf"][0], OffsetClassifier) and any(k.startswith("clf__estimator__") for k in g)
               for g in chosen)
    assert readable({"clf": chosen[1]["clf"][0], "clf__estimator__C": 1.0}, config)["clf"] == "linear_svm"


def test_offsets_never_depend_on_the_outer_test_rows(seeds):
    """Relabelling every held-out segment leaves each fold's offsets (and hyperparameters) as they were:
    they come from the training rows' inner folds only. Tuned on pooled out-of-fold scores, they would move."""
    config, data = seeds
    plan = splits.plan("repeated_cv", data, config.evaluation, 42)
    _, _, before = cross_predict(svm(seeds), data, plan, config.evaluation, data.labels, 42, keep_estimators=True)
    for k, (_, _, test) in enumerate(plan.splits):
        y = data.y.copy()
        y[test] = "deterrence"  # the held-out rows of this fold only
        relabelled = data.subset(np.ones(len(y), bool))
        relabelled.y[:] = y
        single = replace(plan, splits=[plan.splits[k]])
        _, _, after = cross_predict(svm(seeds), relabelled, single, config.evaluation, data.labels, 42,
                                    keep_estimators=True)
        fitted = [f["estimator"].best_estimator_[-1] for f in (before[k], after[0])]
        assert np.array_equal(fitted[0].offsets_, fitted[1].offsets_)
        assert before[k]["best_params"] == after[0]["best_params"]
    assert any(np.any(f["estimator"].best_estimator_[-1].offsets_ != 0) for f in before)


def test_the_search_hands_each_inner_training_part_its_own_groups(seeds, monkeypatch):
    config, data = seeds
    seen = []
    real = offsets.folds

    def spy(y, groups, n_splits, random_state):
        seen.append((len(y), None if groups is None else len(groups)))
        return real(y, groups, n_splits, random_state)

    monkeypatch.setattr(offsets, "folds", spy)
    X, groups = data.features.X, data.column("doc")
    fit_one(svm(seeds), X, data.y, groups, config.evaluation, headline_scorer(data.labels), 42)
    assert len(seen) == len(config.linear_svm.C_grid) * config.evaluation.inner_splits + 1  # + the refit
    assert all(n == g for n, g in seen) and seen[-1][0] == len(data.y)


def test_un_offsets_chosen_on_grouped_folds_raise_deterrence_recall_on_unseen_countries(tmp_path):
    """1,188 UN passages, countries held out: the bare SVM finds few deterrence passages; the offsets, tuned on
    folds of the training countries only, find clearly more."""
    from experiments.corpus.data import load_segments
    from experiments.corpus.engine import feature_input
    from experiments.corpus.labelled import load_labelled
    from tests.stance_helpers import un_config, un_table

    labels = ["deterrence", "escalation", "reassurance", "none"]
    table = un_table(tmp_path, {lab: lab for lab in labels})
    config = un_config(table, labels, "stance.bootstrap_resamples=0")
    segments = load_segments(config)
    data = load_labelled(config, segments, feature_input(config, [s.text for s in segments]))
    countries = data.column("group")
    test = np.isin(countries, sorted(set(countries))[::4])  # a quarter of the countries, never trained on
    X = data.features.vectorizer().fit(data.features.X[~test]).transform(data.features.X)
    bare = LinearSVC(class_weight="balanced", random_state=0).fit(X[~test], data.y[~test])
    shifted = OffsetClassifier(bare, labels=labels[:3], random_state=0).fit(X[~test], data.y[~test],
                                                                            groups=countries[~test])
    det = data.y[test] == "deterrence"
    recall = [float(np.mean(m.predict(X[test])[det] == "deterrence")) for m in (bare, shifted)]
    assert shifted.offsets_[list(shifted.classes_).index("deterrence")] > 0
    assert recall[1] >= recall[0] + 0.1, recall


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    return train_seed_model(tmp_path_factory.mktemp("offsets"), "linear_svm", ON)


def test_the_card_holds_the_offsets_and_predict_adds_them(saved, seed_segments):
    model, card = modelfile.load(saved)
    assert sorted(card["class_offsets"]) == sorted(card["labels"]) and any(card["class_offsets"].values())
    assert card["probability"]["method"] == "temperature_softmax"
    texts = [s.text for s in seed_segments]
    labels, proba, _ = predict_chunk(model, card, texts)
    scores = class_scores(model, vectorizer_input(texts, text_settings(card), needed_columns(model)))
    shift = np.array([card["class_offsets"][str(c)] for c in model.classes_])
    assert list(labels) == list(model.classes_[np.argmax(scores + shift, axis=1)])
    assert np.array_equal(np.asarray(card["labels"])[proba.argmax(axis=1)], labels)  # probabilities agree
    zero = {**card, "class_offsets": {lab: 0.0 for lab in card["labels"]}}
    assert list(predict_chunk(model, zero, texts)[0]) == list(model.classes_[np.argmax(scores, axis=1)])
    # the seed sentences trained the model, so its offsets flip none of them: a large shift shows they are read
    pushed = {**card, "class_offsets": {**zero["class_offsets"], "reassurance": 100.0}}
    assert set(predict_chunk(model, pushed, texts)[0]) == {"reassurance"} != set(labels)


def test_the_card_without_offsets_is_unchanged(tmp_path):
    card = json.loads(train_seed_model(tmp_path, "linear_svm").with_suffix(".json").read_text(encoding="utf-8"))
    assert "class_offsets" not in card
