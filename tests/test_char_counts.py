"""Character n-grams counted once per distinct word give scikit-learn's char_wb TF-IDF matrix exactly, on real text."""
import csv

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from experiments.stance import modelfile
from features.tfidf.char_counts import CharCounter, counts_chars_directly
from features.tfidf.vectorize import CHAR_COLUMN, vectorizer_input
from features.tfidf.vocab_counts import FastVectorizer
from tests.conftest import ROOT, shared_data
from tests.test_vocab_counts import same_matrix, saved, seed_lines  # noqa: F401 (saved: the fixture)

ODD = ["", "   ", "a\t\tb  c\n", "aaaaaa aaaaaa", "l'otan nucléaire ☢ x", "dissuasion" * 30]


def reference_counts(vectorizer, texts):
    """The count matrix scikit-learn's own char_wb analyzer gives with the fitted vocabulary."""
    return CountVectorizer(analyzer="char_wb", lowercase=False, ngram_range=vectorizer.ngram_range,
                           vocabulary=vectorizer.vocabulary_, dtype=np.float64).transform(texts)


def test_the_un_models_characters_on_un_passages_are_scikit_learns():
    model, card = modelfile.load(ROOT / "results" / "ungdc_stance" / "model.skops")
    path = shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv")
    with open(path, encoding="utf-8") as f:
        texts = [r["text"] for _, r in zip(range(3000), csv.DictReader(f), strict=False)]
    chars = model[0].named_transformers_["char"]
    X = list(vectorizer_input(texts + ODD, modelfile.text_settings(card), [CHAR_COLUMN])[:, CHAR_COLUMN])
    assert counts_chars_directly(chars)
    counter = CharCounter(chars)
    counts = counter.counts(X)
    assert counts.sum() > 100 * len(texts) and len(counter.words) > 1000
    same_matrix(counts, reference_counts(chars, X))
    same_matrix(counter.transform(X[:500]), chars.transform(X[:500]))  # the second chunk reuses the words seen


def test_seed_characters_in_small_chunks_and_a_small_word_memory(saved):  # noqa: F811
    model, card = modelfile.load(saved)
    chars = model[0].named_transformers_["char"]
    X = list(vectorizer_input(seed_lines() + ODD, modelfile.text_settings(card), [CHAR_COLUMN])[:, CHAR_COLUMN])
    counter = CharCounter(chars, max_words=20)  # forgets its words every few chunks
    for start in range(0, len(X), 7):
        same_matrix(counter.transform(X[start:start + 7]), chars.transform(X[start:start + 7]))
    assert len(counter.words) < 20 + 7 * 60
    fast = FastVectorizer(model[0])
    assert list(fast.chars) == ["char"] and fast.direct
    both = vectorizer_input(seed_lines() + ODD, modelfile.text_settings(card))
    same_matrix(fast.transform(both), model[0].transform(both))


def test_other_character_vectorizers_keep_scikit_learns_transform():
    texts = seed_lines()
    assert not counts_chars_directly(TfidfVectorizer(analyzer="char_wb").fit(texts))  # lower-cases each text
    assert not counts_chars_directly(TfidfVectorizer(analyzer="char", lowercase=False).fit(texts))  # crosses words
    assert not counts_chars_directly(TfidfVectorizer(analyzer="char_wb", lowercase=False, binary=True).fit(texts))
    assert not counts_chars_directly(TfidfVectorizer(analyzer="char_wb", lowercase=False))  # not fitted
    with pytest.raises(AttributeError):
        CharCounter(TfidfVectorizer(analyzer="char_wb", lowercase=False))
