"""Baselines on real seed sentences: the keyword rules come from the config and learn nothing from labels."""
import numpy as np

from experiments.config import schema as cfg
from experiments.stance.baselines import make_baseline
from experiments.stance.keyword import KeywordClassifier, normalise
from features.text.language import TextSettings
from features.tfidf.feature_input import FeatureInput
from features.tfidf.vectorize import FeatureSettings
from tests.conftest import ROOT

SENTENCES = ["Aucune preuve de préparatifs nucléaires russes, selon des rapports",
             "Il accuse les États-Unis de pousser le monde au bord d’une confrontation nucléaire.",
             "Les ministres se sont réunis jeudi à huis clos."]


def vectorizer_input(texts, settings):
    """What the stance step gives a baseline: the prepared text, one column."""
    return FeatureInput.build(texts, settings, FeatureSettings()).char_text()[:, None]


def test_normalise_drops_case_elisions_and_accents():
    assert normalise("L’arme NUCLÉAIRE") == "arme nucleaire"


def test_keyword_baseline_uses_codebook_cues_and_default_label():
    config = cfg.load(ROOT / "experiments" / "configs" / "seeds_stance.toml")
    X = vectorizer_input(SENTENCES, TextSettings(language="fr"))
    model = make_baseline("keyword", config, 0).fit(X, ["none", "reassurance", "escalation"])
    assert list(model.predict(X)) == ["reassurance", "escalation", "none"]
    # Whatever the training labels say about these very sentences, the rules do not change.
    flipped = make_baseline("keyword", config, 0).fit(X, ["escalation", "none", "reassurance"])
    assert list(flipped.predict(X)) == ["reassurance", "escalation", "none"]


def test_ties_go_to_the_cue_that_comes_last():
    X = vectorizer_input(["Malgré les menaces, aucune preuve."], TextSettings(language="fr"))
    model = KeywordClassifier({"escalation": ["menace"], "reassurance": ["aucune preuve"]}).fit(
        X, ["escalation", "reassurance"])
    assert model.predict(X)[0] == "reassurance"


def test_without_none_the_default_falls_back_to_the_training_majority():
    X = vectorizer_input(["Rien à signaler.", "x", "y"], TextSettings(language="fr"))
    model = KeywordClassifier({"escalation": ["menace"]}, default_label="none").fit(
        X, ["deterrence", "deterrence", "escalation"])
    assert model.predict(X[:1])[0] == "deterrence"


def test_stratified_baseline_is_seeded():
    config = cfg.load(ROOT / "experiments" / "configs" / "seeds_stance.toml")
    X, y = np.zeros((40, 2)), np.array(["a", "b"] * 20)
    runs = [make_baseline("stratified", config, 5).fit(X, y).predict(X) for _ in range(2)]
    assert (runs[0] == runs[1]).all() and set(runs[0]) == {"a", "b"}
