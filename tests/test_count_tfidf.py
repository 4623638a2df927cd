"""Cached-token TF-IDF equals TfidfVectorizer fit inside each fold: matrices, vocabularies and CV scores."""
import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, GroupKFold, StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from experiments.config.schema import LABELS
from experiments.corpus.data import labelled, read_annotations
from features.read.tables import TableSpec, iter_records
from features.text.language import TextSettings
from features.tfidf.token_counts import cached_vectorizer, corpus_counts, feature_names
from features.tfidf.vectorize import FeatureSettings, make_vectorizer, vectorizer_input
from tests.conftest import SEEDS, shared_data

FR = TextSettings(lemmatize=True, keep_words=("ne", "pas", "aucun"))
SETTINGS = [
    FeatureSettings(),
    FeatureSettings(word_ngram_range=(1, 1), min_df=2, sublinear_tf=False),
    FeatureSettings(max_df=0.3, max_features=40),
    FeatureSettings(chars=True, min_df=2, max_features=300),
    FeatureSettings(words=False, chars=True, char_ngram_range=(2, 4), max_df=0.5),
]


@pytest.fixture(scope="module")
def seeds(seed_segments):
    texts = [s.text for s in seed_segments]
    y = np.array(labelled(seed_segments, read_annotations(SEEDS / "annotations.csv", LABELS), "a.csv"))
    return texts, y


def assert_same_matrix(A, B):
    assert A.shape == B.shape
    np.testing.assert_array_equal(A.toarray(), B.toarray())  # to the last bit: same sums in the same order


@pytest.mark.parametrize("settings", SETTINGS, ids=range(len(SETTINGS)))
def test_every_fold_gives_the_same_matrices_and_vocabulary(seeds, settings, tmp_path):
    texts, y = seeds
    X_text = vectorizer_input(texts, FR)
    counts = corpus_counts(texts, FR, settings, cache_dir=str(tmp_path))
    for train, test in StratifiedKFold(3, shuffle=True, random_state=0).split(texts, y):
        plain, cached = make_vectorizer(settings), cached_vectorizer(settings, counts)
        assert_same_matrix(plain.fit_transform(X_text[train]), cached.fit_transform(counts.X[train]))
        assert_same_matrix(plain.transform(X_text[test]), cached.transform(counts.X[test]))
        assert list(plain.get_feature_names_out()) == list(feature_names(cached, counts))


def test_cross_validated_predictions_are_identical(seeds, tmp_path):
    texts, y = seeds
    settings = FeatureSettings(chars=True, min_df=1)
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    model = LinearSVC(C=10, random_state=0)  # test_engine.py runs the seeds experiments' own model
    plain = cross_val_predict(Pipeline([("tfidf", make_vectorizer(settings)), ("clf", model)]),
                              vectorizer_input(texts, FR), y, cv=cv)
    counts = corpus_counts(texts, FR, settings, cache_dir=str(tmp_path))
    cached = cross_val_predict(Pipeline([("tfidf", cached_vectorizer(settings, counts)), ("clf", model)]),
                               counts.X, y, cv=cv)
    assert list(plain) == list(cached) and len(set(plain)) > 1


def test_the_cache_returns_the_same_counts_without_recounting(seeds, tmp_path):
    texts, _ = seeds
    first = corpus_counts(texts, FR, FeatureSettings(), cache_dir=str(tmp_path))
    assert any(tmp_path.rglob("record.json")) and not any(tmp_path.rglob("*.pkl"))
    again = corpus_counts(texts, FR, FeatureSettings(), cache_dir=str(tmp_path))
    assert (first.X != again.X).nnz == 0 and list(first.names) == list(again.names)
    other = corpus_counts(texts, TextSettings(lemmatize=False), FeatureSettings(), cache_dir=str(tmp_path))
    assert set(other.names) != set(first.names)  # settings are part of the key


@pytest.mark.slow
@pytest.mark.shared
def test_grouped_grid_search_scores_equal_on_un_passages(tmp_path):
    """The scale benchmark's comparison, small: GridSearchCV both ways on the same grouped folds."""
    path = shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv")
    spec = TableSpec(group_column="country", label_column="mentions_deterrence")
    # Every 20th passage and every 10th flagged one: ~1,100 passages across all years, 1 in 5 flagged.
    records = [r for k, r in enumerate(iter_records(path, spec)) if k % 20 == 0 or (r.label == "1" and k % 10 == 1)]
    texts, y = [r.text for r in records], np.array([r.label for r in records])
    groups = np.array([r.group for r in records])
    en, settings = TextSettings(language="en"), FeatureSettings(word_ngram_range=(1, 2), sublinear_tf=True)
    grid = {"tfidf__word__ngram_range": [(1, 1), (1, 2)], "tfidf__word__min_df": [1, 3],
            "tfidf__word__max_features": [None, 500], "clf__C": [0.1, 1.0]}
    cv = list(GroupKFold(5).split(texts, y, groups))
    model = LinearSVC(class_weight="balanced", random_state=0)  # fast: the test is about the features
    plain = GridSearchCV(Pipeline([("tfidf", make_vectorizer(settings)), ("clf", model)]), grid, cv=cv,
                         scoring="f1_macro").fit(vectorizer_input(texts, en), y)
    counts = corpus_counts(texts, en, settings, cache_dir=str(tmp_path))
    cached = GridSearchCV(Pipeline([("tfidf", cached_vectorizer(settings, counts)), ("clf", model)]), grid,
                          cv=cv, scoring="f1_macro").fit(counts.X, y)
    np.testing.assert_array_equal(plain.cv_results_["mean_test_score"], cached.cv_results_["mean_test_score"])
    assert plain.best_params_ == cached.best_params_ and plain.best_score_ > 0.6  # the majority baseline: about 0.45
