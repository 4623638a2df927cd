"""Uncertainty sampling (active learning): the passages the current stance model is least sure about.

The model is the project's stance pipeline (TF-IDF inside, [stance] final_model with its hyperparameters
from the config's section of that model), fit on the passages labelled so far and applied to the unlabelled
pool. Three measures of confidence, lowest first:
- `least_confident`: the highest class probability;
- `margin`: the highest minus the second-highest class probability;
- `target`: |P(target label) - 0.5|, uncertainty about one label against the rest ([annotate] target_label).
  For a rare label whose probability stays below 0.5 this reads first the passages the model finds most
  likely to carry it: the way to find more examples of a rare stance. It chooses what is read; the
  annotator still labels every passage against the codebook, whatever the model predicted.
Ties are broken by a seeded random order, and the chosen passages are shown to annotators shuffled (so
that a sheet does not run from the hardest passage to the easiest one).
"""
from __future__ import annotations

import numpy as np

from experiments.config.resolved import Config
from experiments.stance.models import classifier, make_pipeline
from experiments.stance.probability import method_of, predict_proba
from features.read.encoding import CorpusError
from features.tfidf.feature_input import FeatureInput

MEASURES = ("least_confident", "margin", "target")


def confidence(proba: np.ndarray, measure: str, target_column: int | None = None) -> np.ndarray:
    """Confidence of each prediction (rows of class probabilities): low means uncertain.

    Illustration: confidence(np.array([[0.5, 0.3, 0.2], [0.9, 0.05, 0.05]]), "margin") -> array([0.2, 0.85])
             confidence(np.array([[0.5, 0.3, 0.2], [0.9, 0.05, 0.05]]), "target", 2) -> array([0.3, 0.45])
    """
    if measure == "target":
        return np.abs(proba[:, target_column] - 0.5)
    top = np.sort(proba, axis=1)[:, ::-1]
    if measure == "least_confident":
        return top[:, 0]
    if measure == "margin":
        return top[:, 0] - top[:, 1]
    raise ValueError(f"unknown uncertainty measure {measure!r}; use one of {MEASURES}")


def fit_current_model(config: Config, train: FeatureInput, y_train, random_state: int):
    """The stance pipeline of the config, fit on the labelled passages only (`train`: their feature input).

    Illustration: fit_current_model(config, features.rows(labelled), y, 0).predict_proba(features.rows(pool).X).shape
             -> (len(pool), 4)
    """
    if config.stance is None:
        raise CorpusError("[stance]: none in the config, and uncertainty sampling queries its stance model; add "
                          "a [stance] table or use another --strategy")
    classes = sorted(set(y_train))
    if len(classes) < 2:
        raise CorpusError(f"--exclude: uncertainty sampling learns from the labels of these label files, and they "
                          f"hold {len(classes)} label(s) {classes}; give label files of two labels or more, or use "
                          "another --strategy")
    name = (config.annotate.model if config.annotate else "") or config.stance.final_model
    if name == "best":  # chosen inside a run's nested loop; to query, the first configured model
        name = config.stance.models[0] if config.stance.models else "logreg"
    model = classifier(name, config, random_state)
    return make_pipeline(train.vectorizer(), model).fit(train.X, y_train)


def uncertainty_draw(config: Config, records: list[dict], features: FeatureInput, labels: dict[str, str], n: int,
                     seed: int, exclude=frozenset(), measure: str = "least_confident",
                     target: str = "") -> tuple[list[int], np.ndarray]:
    """`n` unlabelled indices of lowest confidence (shuffled for the sheet) and the confidence of each.

    `features` is the feature input of all records (one row each); `labels` maps labelled ids to labels (the
    training set); `exclude` holds every id already drawn (labelled or not); `target` names the label of
    measure "target". Returns (indices, their confidence).
    Illustration: uncertainty_draw(config, records, features, batch_labels, 100, 2028, batch_ids)[0][:2]
             -> [812, 40117]
    """
    train = np.array([i for i, r in enumerate(records) if r["id"] in labels], dtype=np.int64)
    pool = np.array([i for i, r in enumerate(records) if r["id"] not in exclude and r["id"] not in labels],
                    dtype=np.int64)
    if n > len(pool):
        raise CorpusError(f"--n {n}: only {len(pool)} unlabelled passages left; lower --n")
    y_train = [labels[records[i]["id"]] for i in train]
    model = fit_current_model(config, features.rows(train), y_train, seed)
    classes = [str(c) for c in model.classes_]
    if measure == "target" and target not in classes:
        raise CorpusError(f"[annotate] target_label = {target!r}: not among the labelled classes {classes}")
    card = {"probability": {"method": method_of(model), "temperature": 1.0}}
    proba = predict_proba(model, features.rows(pool).X, card)
    conf = confidence(proba, measure, classes.index(target) if measure == "target" else None)
    rng = np.random.default_rng(seed)
    order = np.lexsort((rng.permutation(len(pool)), conf))[:n]  # lowest confidence, random tie-break
    shown = rng.permutation(order)
    return pool[shown].tolist(), conf[shown]
