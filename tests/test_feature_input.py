"""The one feature input (features/tfidf/feature_input.py) on the real seed sentences, under both engines."""
from dataclasses import replace

import numpy as np
import pytest

from features.text.language import TextSettings
from features.tfidf.feature_input import FeatureInput
from features.tfidf.vectorize import FeatureSettings

FR = TextSettings(language="fr", lemmatize=True, keep_words=("ne", "pas", "aucun", "aucune"))
BOTH = FeatureSettings(words=True, chars=True, word_ngram_range=(1, 2), min_df=1)


@pytest.fixture(scope="module")
def inputs(seed_segments, tmp_path_factory):
    texts = [s.text for s in seed_segments]
    cache = str(tmp_path_factory.mktemp("cache"))
    return {engine: FeatureInput.build(texts, FR, BOTH, engine, cache) for engine in ("sklearn", "cached")}


def test_both_engines_give_the_same_tfidf_of_any_rows(inputs):
    train, test = np.arange(0, 35, 2), np.arange(1, 35, 2)
    out = {}
    for engine, fi in inputs.items():
        assert len(fi) == 35 and fi.X.shape[0] == 35
        vectorizer = fi.vectorizer().fit(fi.rows(train).X)
        out[engine] = (vectorizer.transform(fi.rows(test).X), fi.names(vectorizer))
    (plain, plain_names), (cached, cached_names) = out["sklearn"], out["cached"]
    assert list(cached_names) == list(plain_names) and len(plain_names) > 1000
    assert any(n.startswith("char__") for n in plain_names) and any(n.startswith("word__") for n in plain_names)
    assert (plain != cached).nnz == 0  # equal to the last bit


def test_rows_keep_texts_and_order(inputs):
    for fi in inputs.values():
        sub = fi.rows([4, 1])
        assert sub.texts == (fi.texts[4], fi.texts[1]) and sub.X.shape[0] == 2
        mask = np.zeros(35, dtype=bool)
        mask[[1, 4]] = True
        assert fi.rows(mask).texts == (fi.texts[1], fi.texts[4])


def test_prepared_and_character_text_are_the_same_under_both_engines(inputs):
    plain, cached = inputs["sklearn"], inputs["cached"]
    assert (cached.prepared_text() == plain.X).all()  # counts hold no text: prepared on demand
    assert list(cached.char_text()) == list(plain.char_text())
    assert "l’" not in " ".join(plain.char_text()).lower()  # French elisions split off, as the chars are read


def test_other_settings_reuse_what_serves_and_rebuild_the_rest(inputs):
    cached = inputs["cached"]
    narrower = cached.with_settings(FR, replace(BOTH, word_ngram_range=(1, 1), sublinear_tf=False))
    assert narrower.counts is cached.counts  # unigrams are among the counted 1-2-grams
    wider = cached.with_settings(FR, replace(BOTH, word_ngram_range=(1, 3)))
    assert wider.counts is not cached.counts and wider.counts.X.shape[1] > cached.counts.X.shape[1]
    other_text = inputs["sklearn"].with_settings(replace(FR, lemmatize=False), BOTH)
    assert other_text.prepared is not inputs["sklearn"].prepared
    assert list(other_text.X[:, 0]) != list(inputs["sklearn"].X[:, 0])  # lemmas or not
    assert cached.with_settings(FR, BOTH, engine="sklearn").engine == "sklearn"
    with pytest.raises(ValueError, match="unknown feature engine"):
        FeatureInput.build(["x"], FR, BOTH, "spark")
