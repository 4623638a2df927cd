import pytest

from features.text.language import TextSettings
from features.tfidf.vectorize import FeatureSettings, make_vectorizer, vectorizer_input


@pytest.fixture(scope="module")
def X_seeds(seed_segments):
    return vectorizer_input([s.text for s in seed_segments], TextSettings(lemmatize=True))


def test_word_vocabulary_from_seed_text(X_seeds):
    vec = make_vectorizer(FeatureSettings(word_ngram_range=(1, 1)))
    X = vec.fit_transform(X_seeds)
    names = set(vec.get_feature_names_out())
    assert X.shape == (35, len(names))
    assert {"word__otan", "word__dissuasion", "word__nucléaire", "word__arme"} <= names
    assert "word__l" not in names and "word__les" not in names


def test_chars_add_columns_and_rows_are_normalised(X_seeds):
    words = make_vectorizer(FeatureSettings()).fit_transform(X_seeds)
    both = make_vectorizer(FeatureSettings(chars=True)).fit_transform(X_seeds)
    assert both.shape[0] == 35 and both.shape[1] > words.shape[1]
    norms = (both.multiply(both)).sum(axis=1)
    assert norms.min() == pytest.approx(2.0)  # each view is L2-normalised on its own


def test_min_df_shrinks_vocabulary(X_seeds):
    full = make_vectorizer(FeatureSettings(min_df=1)).fit_transform(X_seeds).shape[1]
    pruned = make_vectorizer(FeatureSettings(min_df=2)).fit_transform(X_seeds).shape[1]
    assert pruned < full
