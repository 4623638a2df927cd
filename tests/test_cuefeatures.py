"""Codebook cue counts beside the n-grams (`[features] cue_counts`), on the real seed sentences."""
import numpy as np
import pytest

from experiments.config.schema import ConfigError
from experiments.stance import modelfile
from experiments.stance import step as stance
from experiments.stance.cuefeatures import PREFIX
from experiments.stance.keyword import cue_pattern, normalise
from experiments.stance.predict import predict_chunk
from tests.stance_helpers import seeds_config, seeds_labelled, train_seed_model

ON = "features.cue_counts=true"


def test_the_counts_are_the_keyword_baselines_hits_of_each_label():
    config, data = seeds_labelled(ON)
    vectorizer = stance.candidates(config, data.features)[0].estimator["tfidf"]
    X = vectorizer.fit(data.features.X).transform(data.features.X)
    names = list(vectorizer.get_feature_names_out())
    cues, texts = config.keywords.cues(), data.features.char_text()
    for label in ("deterrence", "escalation", "reassurance"):
        column = X[:, names.index(f"{PREFIX}{label}__")].toarray().ravel()
        hits = np.array([len(cue_pattern(cues[label]).findall(normalise(t))) for t in texts])
        assert hits.sum() > 0 and np.allclose(column, np.where(hits > 0, 1 + np.log(np.maximum(hits, 1)), 0))
    assert f"{PREFIX}none__" not in names  # `none` has no cues: no column


@pytest.mark.slow
def test_a_model_with_cue_counts_is_saved_loaded_untrusted_free_and_explains_with_them(tmp_path):
    model, card = modelfile.load(train_seed_model(tmp_path, "logreg", ON))  # skops load with trusted=[]
    labels, _, ngrams = predict_chunk(model, card, ["La dissuasion nucléaire reste la garantie ultime de la paix."])
    assert labels[0] == "deterrence" and ngrams[0].startswith("<cues deterrence>"), ngrams


def test_cue_counts_need_the_sklearn_engine():
    with pytest.raises(ConfigError, match=r"\[features\] cue_counts = true needs engine"):
        seeds_config(ON, 'features.engine="cached"')
