"""The final stance model: the configured procedure (search included) refit on the training rows, saved.

`[stance] final_fit`: "train" (default) refits on every labelled row that is not a test row of the fixed split
(all labelled rows when no fixed split is evaluated), "all" on every labelled row, "none" skips the refit.
The card records which rows trained it and how many. Under a fixed split, "train" names exactly the rows the
split trains on: the split's fit (search included) is kept as the final model rather than made twice.

Its scores are the cross-validated ones of the same procedure; nothing is measured on the data it was fit
on. The search runs on the run's feature input, like every other fit; the model saved is always TF-IDF of
scikit-learn on prepared text, which `stancelab predict` applies to new raw text (`plain_model`).
Written into the run folder: model.skops, model.json (the card) and tables/top_ngrams.csv (the n-grams that
weigh most for each stance, read by the figure).
"""
from __future__ import annotations

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import cross_val_predict
from sklearn.pipeline import Pipeline

from experiments.config.resolved import Config, table
from experiments.output.tables import write_rows
from experiments.run import layout
from experiments.stance import explain, modelfile, probability
from experiments.stance.collapse import CollapsingPipeline, collapsing, plain
from experiments.stance.evaluate import Candidate, candidate_input, fit_one, headline_scorer
from experiments.stance.metrics import encode
from experiments.stance.offsets import OffsetClassifier
from experiments.stance.offsets import folds as offset_folds
from experiments.stance.select import readable
from experiments.stance.softvote import SoftVote
from experiments.stance.splits import test_mask, training_rows
from features.tfidf.vectorize import make_vectorizer


def final_rows(data, config: Config) -> tuple[np.ndarray, str]:
    """The rows the final model is fit on, and how the card names them.

    Illustration: final_rows(data, <config with final_fit = "train" and protocols = ["fixed_split"]>)
             -> (mask of the non-test rows, "train: the fixed split's training rows (12 test rows left out)")
    """
    ev, fit = config.evaluation, config.stance.final_fit
    if fit == "train" and "fixed_split" in ev.protocols:
        test = test_mask(data, ev)
        train = training_rows(data, ev, test)
        copies = int((~train & ~test).sum())  # rows repeating a test row's text (duplicates = "group")
        return train, (f"train: the fixed split's training rows ({int(test.sum())} test rows left out"
                       + (f", and {copies} repeating a test row's text)" if copies else ")"))
    return np.ones(len(data.y), bool), "all: every labelled row"


def cv_temperature(model, X, y, folds: int, random_state: int, groups=None) -> float:
    """Temperature fitted on cross-validated decision values of the final hyperparameters (see probability).

    The folds keep the groups together, as the search's and the offsets' do (`offsets.folds`, used here): on
    folds that split a country, its other passages make the held-out decisions too sure, and the temperature
    fitted on them makes the saved model's probabilities too sharp. Groups that keep nothing together:
    stratified folds.
    """
    cv = offset_folds(np.asarray(y), groups, folds, random_state)  # the class offsets' folds of these rows
    decision = cross_val_predict(clone(collapsing(model)), X, y, cv=cv, method="decision_function")
    return probability.fit_temperature(decision, encode(y, list(model.classes_)))


def probability_entry(model, X, y, config: Config, groups=None) -> dict:
    """The card's probability method (and temperature) for this model; `groups`: what its folds keep together."""
    if probability.method_of(model) == "predict_proba":
        return {"method": "predict_proba"}
    if config.stance.probability == "softmax":
        return {"method": "softmax", "temperature": 1.0}
    t = cv_temperature(model, X, y, config.evaluation.inner_splits, config.experiment.random_state, groups)
    return {"method": "temperature_softmax", "temperature": t}


def plain_model(model, data):
    """The fitted final model as it is saved: a scikit-learn TF-IDF pipeline on the rows' prepared text.

    A model fit on token counts (engine "cached") has CountTfidf inside, which skops would not load without
    trusting project code; it is refit with the same hyperparameters on the same rows' prepared text, the
    vectorizer being scikit-learn's: the same matrix (tests/test_count_tfidf.py), so the same model as
    engine "sklearn" saves. A model fit on prepared text is returned as it is.
    Illustration: plain_model(fitted_on_counts, data)[0]["tfidf"]
                  -> ColumnTransformer([("word", TfidfVectorizer(…), 0)])
    """
    features = data.features
    if features.engine == "sklearn":
        return model
    twin = CollapsingPipeline([("tfidf", make_vectorizer(features.features)), ("clf", clone(model[-1]))]) \
        if isinstance(model, Pipeline) else clone(model)  # a one-class DummyClassifier reads no feature
    return plain(twin.fit(features.prepared_text(), data.y))


def without_offsets(model) -> tuple[object, dict | None]:
    """A fitted Pipeline(tfidf, OffsetClassifier) as it is saved: the bare classifier (skops loads it with no
    trusted type) and its offsets {label: offset} for the card, which `predict` adds to the scores.
    Any other model is returned as it is, with None.

    Illustration: without_offsets(fitted)[1] -> {"deterrence": 0.42, "escalation": 0.0, "none": 0.0, …}
    """
    if not (isinstance(model, Pipeline) and isinstance(model[-1], OffsetClassifier)):
        return model, None
    return Pipeline([("tfidf", model[0]), ("clf", model[-1].estimator_)]), model[-1].card_entry()


def card_params(clf) -> dict:
    """The card's "params" of the saved classifier: its own parameters, a soft vote's per member, with the
    member whose weights explain the predictions ("explained_by").

    Illustration: card_params(fitted_soft_vote)
             -> {"params": {"members": {"logreg": {"C": 10.0, …}, "linear_svm": {…}}, "temperature": 1.0},
                 "explained_by": "logreg"}
    """
    if clf is None:
        return {"params": {}}
    if not isinstance(clf, SoftVote):
        return {"params": dict(clf.get_params())}
    members = {name: member.get_params() for name, member in clf.estimators_}
    return {"params": {"members": members, "temperature": clf.temperature}, "explained_by": clf.estimators_[0][0]}


def train_final(candidate: Candidate, data, groups, config: Config, run_dir, headline: list[str], memory=None,
                scored=None) -> dict:
    """Fit, save and describe the final model on the rows `final_fit` names; returns its metrics.json entry.

    `scored`: (fitted, note, best_params) of this candidate on the fixed split's training rows, the rows
    `final_fit = "train"` names (experiments.stance.step.reusable_final): that fit is the final model, the
    very model the split scored, instead of the same search made a second time.
    """
    seed = config.experiment.random_state
    rows, which = final_rows(data, config)
    data, groups = data.subset(rows), None if groups is None else np.asarray(groups)[rows]
    X = candidate_input(data, "model")
    if scored is not None and scored[0] is not None:
        fitted, note, best = scored
        which += "; the fixed split's own fit, not refit"
    else:
        fitted, note = fit_one(candidate, X, data.y, groups, config.evaluation, headline_scorer(headline, memory),
                               seed, memory)
        best = getattr(fitted, "best_params_", None)
    fitted_model = plain(getattr(fitted, "best_estimator_", fitted))  # the refit Pipeline, not the search object
    bare, offsets = without_offsets(fitted_model)
    model = plain_model(bare, data)
    card = {
        "experiment": config.experiment.name, "model": candidate.name,
        **card_params(model["clf"] if note is None else None),
        "best_params": readable(best, config),
        "labels": [lab for lab in data.labels if lab in set(map(str, model.classes_))],
        "probability": probability_entry(fitted_model, X, data.y, config, groups) if note is None
        else {"method": "predict_proba"},
        **({"class_offsets": offsets} if offsets else {}),
        "language": config.corpus.language, "preprocess": table(config.preprocess),
        "features": table(config.features), "segments": table(config.segments), "random_state": seed,
        "training_data": {"rows": which, "n_segments": len(data.y), "annotations": config.corpus.annotations,
                          "sha256": modelfile.training_hash([s.id for s in data.segments],
                                                            [s.text for s in data.segments], data.y)},
    }
    path, cpath = modelfile.save(model, run_dir / layout.MODEL, card)
    if note is None:
        rows = explain.top_ngrams(model, config.stance.n_top_ngrams)
        write_rows(layout.tables(run_dir) / "top_ngrams.csv", ["label", "rank", "ngram", "weight"], rows)
    return {"model": candidate.name, "best_params": card["best_params"], "file": path.name, "card": cpath.name,
            "probability": card["probability"], "note": note, "rows": which, "n_segments": len(data.y)}
