"""The vectorised word counts of `stancelab predict` give scikit-learn's TF-IDF matrix exactly, on real text."""
import csv

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from experiments.stance import modelfile
from features.text.language import TYPOGRAPHY, normalize_typography
from features.tfidf.vectorize import vectorizer_input
from features.tfidf.vocab_counts import FastVectorizer, VocabularyCounter, counts_directly
from tests.conftest import DOC_000, DOC_003, ROOT, SEEDS, shared_data
from tests.stance_helpers import train_seed_model


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    return train_seed_model(tmp_path_factory.mktemp("model"))


def same_matrix(a, b):
    a, b = a.tocsr(), b.tocsr()
    assert a.shape == b.shape and a.dtype == b.dtype
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)  # bit for bit, not approximately


def seed_lines():
    return [line for doc in (DOC_000, DOC_003)
            for line in (SEEDS / f"{doc}.txt").read_text(encoding="utf-8").splitlines() if line.strip()]


def test_a_words_and_characters_seed_model_gives_the_same_matrix(saved):
    model, card = modelfile.load(saved)
    X = vectorizer_input(seed_lines() + ["", "nucléaire nucléaire nucléaire"], modelfile.text_settings(card))
    fast = FastVectorizer(model[0])
    assert fast.direct and list(fast.counters) == ["word"] and list(fast.chars) == ["char"]  # char_counts.py
    same_matrix(fast.transform(X), model[0].transform(X))


def test_the_un_model_on_every_un_passage_gives_the_same_matrix_and_counts():
    model, card = modelfile.load(ROOT / "results" / "ungdc_stance" / "model.skops")
    path = shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv")
    with open(path, encoding="utf-8") as f:
        texts = [r["text"] for _, r in zip(range(4000), csv.DictReader(f), strict=False)]
    X = vectorizer_input(texts, modelfile.text_settings(card), [0])
    word = model[0].named_transformers_["word"]
    assert counts_directly(word)
    counts = VocabularyCounter(word).counts(list(X[:, 0]))
    reference = CountVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=word.ngram_range,
                                vocabulary=word.vocabulary_, dtype=np.float64).transform(X[:, 0])
    assert counts.sum() > 10 * len(texts)  # bigrams counted too, not only unigrams
    same_matrix(counts, reference)
    same_matrix(FastVectorizer(model[0]).transform(X), model[0].transform(X))


def test_other_vectorizers_keep_scikit_learns_transform():
    texts = seed_lines()
    assert not counts_directly(CountVectorizer().fit(texts))  # its own tokenizer and lower-casing
    assert not counts_directly(CountVectorizer(token_pattern=r"\S+", lowercase=False, binary=True).fit(texts))


def test_typography_by_replace_is_the_translation_table():
    article = (SEEDS / f"{DOC_003}.txt").read_text(encoding="utf-8")
    text = "l’OTAN « ultime » ‘a’ ʼb′ `c` “d” „e\u00a0f\u202fg\u2009h " + article
    assert normalize_typography(text) == text.translate(TYPOGRAPHY)


@pytest.mark.parametrize("chunk", [1, 7, 1000])
def test_predict_chunk_is_the_same_with_and_without_the_fast_vectorizer(saved, chunk):
    from experiments.stance.explain import explainer
    from experiments.stance.predict import fast_vectorizer, predict_chunk

    model, card = modelfile.load(saved)
    texts = seed_lines()
    for start in range(0, len(texts), chunk):
        part = texts[start:start + chunk]
        plain = predict_chunk(model, card, part, 5)
        fast = predict_chunk(model, card, part, 5, explainer(model), fast_vectorizer(model))
        assert list(plain[0]) == list(fast[0]) and np.array_equal(plain[1], fast[1]) and plain[2] == fast[2]
