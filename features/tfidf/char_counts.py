"""A fitted char_wb TF-IDF applied to text one distinct word at a time rather than one text at a time.

scikit-learn's `char_wb` analyzer cuts every word of every text into its n-grams in Python and counts them in
a dict per text: most of `stancelab predict`'s time for a model with character n-grams. A word's n-grams
depend on the word alone (char_wb pads each white-space-separated word and never crosses words), so
`CharCounter` cuts each distinct word once, with the vectorizer's own analyzer, and keeps the vocabulary
features it holds. A chunk's count matrix is then (texts x distinct words) @ (distinct words x features),
integer counts in float64, so exactly scikit-learn's; the fitted vectorizer's own TF-IDF step (sublinear tf,
idf, norm) turns them into the same matrix (tests/test_char_counts.py). Only plain char_wb vectorizers on
prepared text qualify (`counts_chars_directly`); any other is transformed by scikit-learn as before.
"""
from __future__ import annotations

from itertools import chain

import numpy as np
import scipy.sparse as sp

MAX_WORDS = 300_000  # distinct words remembered: beyond, the cache starts again (memory stays bounded)


def counts_chars_directly(vectorizer) -> bool:
    """Whether `vectorizer` is a fitted char_wb TfidfVectorizer with no preprocessing of its own.

    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> counts_chars_directly(TfidfVectorizer(analyzer="char_wb", lowercase=False).fit(["armes"]))
    True
    >>> counts_chars_directly(TfidfVectorizer(analyzer="char_wb").fit(["armes"]))  # lower-cases each text
    False
    """
    p = vectorizer.get_params() if hasattr(vectorizer, "vocabulary_") else {}
    return (p.get("analyzer") == "char_wb" and p.get("preprocessor") is None and p.get("lowercase") is False
            and p.get("strip_accents") is None and p.get("input") == "content" and not p.get("binary")
            and hasattr(vectorizer, "_tfidf"))


def sorted_product(A: sp.csr_matrix, B: sp.csr_matrix) -> sp.csr_matrix:
    """A @ B as CSR with sorted indices, the order scikit-learn's count matrix has (its norm then sums each row in
    the same order). Computed as (B.T @ A.T) converted to CSC, whose arrays are those of a sorted CSR of A @ B:
    one linear conversion costs less than sorting every row of the product (0.13 vs 0.21 CPU s on 6,000 UN
    passages).

    >>> A = sp.csr_matrix([[1.0, 0.0], [2.0, 1.0]]); B = sp.csr_matrix([[0.0, 3.0, 1.0], [1.0, 0.0, 0.0]])
    >>> X = sorted_product(A, B); X.toarray().tolist(), X.has_sorted_indices
    ([[0.0, 3.0, 1.0], [1.0, 6.0, 2.0]], True)
    """
    product_t = (B.T.tocsr() @ A.T.tocsr()).tocsc()  # csr -> csc sorts each column's row indices
    X = sp.csr_matrix((product_t.data, product_t.indices, product_t.indptr), shape=(A.shape[0], B.shape[1]))
    X.has_sorted_indices = True
    return X


class WordFeatures(dict):
    """Word -> its number in `rows`, each row the vocabulary features of the word's n-grams (repeats kept),
    computed on first sight with the vectorizer's own analyzer."""

    def __init__(self, vectorizer):
        super().__init__()
        self.analyze, self.vocabulary = vectorizer.build_analyzer(), vectorizer.vocabulary_
        self.rows: list[np.ndarray] = []

    def __missing__(self, word: str) -> int:
        get = self.vocabulary.get
        found = [f for f in map(get, self.analyze(word)) if f is not None]
        self.rows.append(np.asarray(found, dtype=np.int32))
        out = self[word] = len(self.rows) - 1
        return out


class CharCounter:
    """Counts of a fitted char_wb vocabulary in texts, as its CountVectorizer would count them.

    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> v = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), lowercase=False).fit(["aa b", "ab"])
    >>> sorted(v.vocabulary_)
    [' a', ' aa', ' ab', ' b', ' b ', 'a ', 'aa', 'aa ', 'ab', 'ab ', 'b ']
    >>> CharCounter(v).counts(["aa  aa", "b x"]).toarray().astype(int).tolist()
    [[2, 2, 0, 0, 0, 2, 2, 2, 0, 0, 0], [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1]]
    """

    def __init__(self, vectorizer, max_words: int = MAX_WORDS):
        self.vectorizer, self.max_words = vectorizer, max_words
        self.n_features = len(vectorizer.vocabulary_)
        self.words = WordFeatures(vectorizer)

    def counts(self, texts: list[str]) -> sp.csr_matrix:
        """The (texts x vocabulary) count matrix, float64 with sorted indices, as CountVectorizer.transform."""
        if len(self.words) > self.max_words:
            self.words = WordFeatures(self.vectorizer)
        tokens = [text.split() for text in texts]  # the words char_wb pads (runs of white space are one)
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        ids = np.fromiter(map(self.words.__getitem__, chain.from_iterable(tokens)), dtype=np.int64,
                          count=int(lengths.sum()))
        seen, column = np.unique(ids, return_inverse=True)
        text_words = sp.csr_matrix((np.ones(len(ids)), (np.repeat(np.arange(len(texts)), lengths), column)),
                                   shape=(len(texts), len(seen)))  # duplicates summed: each word's count
        rows = [self.words.rows[i] for i in seen.tolist()]
        sizes = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
        word_features = sp.csr_matrix(
            (np.ones(int(sizes.sum())), np.concatenate(rows) if rows else np.zeros(0, np.int32),
             np.concatenate([[0], np.cumsum(sizes)])), shape=(len(seen), self.n_features))
        word_features.sum_duplicates()  # a word holding an n-gram twice counts it twice
        return sorted_product(text_words, word_features)

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        """The fitted vectorizer's TF-IDF of `texts`: its own tf-idf step applied to exact counts."""
        return self.vectorizer._tfidf.transform(self.counts(texts), copy=False)
