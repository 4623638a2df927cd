"""A fitted word TF-IDF applied to prepared text without scikit-learn's loop over every n-gram of every text.

`TfidfVectorizer.transform` builds each n-gram string of each text in Python and looks it up in the
vocabulary, though most bigrams of new text are not in it: the larger part of `stancelab predict`'s time.
`VocabularyCounter` maps each token to a number once, forms n-grams as numbers with numpy and keeps those of
the vocabulary. The counts are integers, so they are exactly scikit-learn's; the fitted vectorizer's own
TF-IDF step (sublinear tf, idf, norm) then turns them into the same matrix (tests/test_vocab_counts.py).
Only the vectorizers `features.tfidf.vectorize` makes on prepared text qualify (`counts_directly`); any
other is transformed by scikit-learn as before.
"""
from __future__ import annotations

from itertools import chain, repeat

import numpy as np
import scipy.sparse as sp

MAX_KEY = 2**62  # n-gram numbers are word numbers in base len(words): beyond this, scikit-learn's own path


def counts_directly(vectorizer) -> bool:
    """Whether `vectorizer` is a fitted word TfidfVectorizer that only splits prepared text on white space.

    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> counts_directly(TfidfVectorizer(token_pattern=r"\\S+", lowercase=False).fit(["armes nucléaires"]))
    True
    >>> counts_directly(TfidfVectorizer().fit(["armes nucléaires"]))
    False
    """
    p = vectorizer.get_params() if hasattr(vectorizer, "vocabulary_") else {}
    return (p.get("analyzer") == "word" and p.get("token_pattern") == r"\S+" and p.get("tokenizer") is None
            and p.get("preprocessor") is None and p.get("lowercase") is False and p.get("strip_accents") is None
            and p.get("stop_words") is None and p.get("input") == "content" and not p.get("binary")
            and hasattr(vectorizer, "_tfidf"))


class VocabularyCounter:
    """Counts of a fitted vocabulary's word n-grams in prepared texts, as CountVectorizer would count them.

    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> v = TfidfVectorizer(token_pattern=r"\\S+", lowercase=False, ngram_range=(1, 2)).fit(["a b c", "b c"])
    >>> sorted(v.vocabulary_)
    ['a', 'a b', 'b', 'b c', 'c']
    >>> VocabularyCounter(v).counts(["b c b c x", "a"]).toarray().tolist()
    [[0.0, 0.0, 2.0, 2.0, 2.0], [1.0, 0.0, 0.0, 0.0, 0.0]]
    """

    def __init__(self, vectorizer):
        self.vectorizer = vectorizer
        self.min_n, self.max_n = vectorizer.ngram_range
        words: dict[str, int] = {}
        for term in vectorizer.vocabulary_:
            for word in term.split(" "):
                words.setdefault(word, len(words))
        self.words, self.base = words, max(1, len(words))
        keys, features = [], []
        for term, feature in vectorizer.vocabulary_.items():
            key = 0
            for word in term.split(" "):
                key = key * self.base + words[word]
            keys.append(key + self._offset(term.count(" ") + 1))
            features.append(feature)
        self.unigrams = np.full(self.base, -1, dtype=np.int64)  # word number -> its own feature (-1: none)
        for term, feature in vectorizer.vocabulary_.items():
            if " " not in term:
                self.unigrams[words[term]] = feature
        order = np.argsort(keys, kind="stable")
        self.keys = np.asarray(keys, dtype=np.int64)[order]
        self.features = np.asarray(features, dtype=np.int64)[order]
        self.usable = self.base ** self.max_n * (self.max_n + 1) < MAX_KEY

    def _offset(self, n: int) -> int:
        """Keeps n-grams of different lengths apart: an n-gram's number is offset by n * base**max_n."""
        return n * self.base ** self.max_n

    def counts(self, texts: list[str]) -> sp.csr_matrix:
        """The (texts x vocabulary) count matrix, float64 with sorted indices, as CountVectorizer.transform."""
        tokens = [text.split() for text in texts]  # what token_pattern \S+ finds
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        ids = np.fromiter(map(self.words.get, chain.from_iterable(tokens), repeat(-1)), dtype=np.int64,
                          count=int(lengths.sum()))
        doc = np.repeat(np.arange(len(texts)), lengths)
        rows, cols = [], []
        for n in range(self.min_n, self.max_n + 1):
            if n == 1:  # a table look-up rather than a search
                known = np.flatnonzero(ids >= 0)
                features = self.unigrams[ids[known]]
                rows.append(doc[known[features >= 0]])
                cols.append(features[features >= 0])
                continue
            start = np.arange(max(0, len(ids) - n + 1))
            ok = doc[start + n - 1] == doc[start]  # the n-gram stays inside one text
            key = np.zeros(len(start), dtype=np.int64)
            for k in range(n):
                part = ids[start + k]
                ok &= part >= 0  # a word in no vocabulary n-gram: no n-gram through it counts
                key = key * self.base + np.maximum(part, 0)
            key = key[ok] + self._offset(n)
            at = np.minimum(np.searchsorted(self.keys, key), len(self.keys) - 1)
            found = self.keys[at] == key
            rows.append(doc[start[ok][found]])
            cols.append(self.features[at[found]])
        rows, cols = np.concatenate(rows), np.concatenate(cols)
        X = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(self.vectorizer.vocabulary_)),
                          dtype=np.float64)
        X.sum_duplicates()
        X.sort_indices()
        return X

    def transform(self, texts: list[str]):
        """The fitted vectorizer's TF-IDF of `texts`: its own tf-idf step applied to exact counts."""
        return self.vectorizer._tfidf.transform(self.counts(texts), copy=False)


class FastVectorizer:
    """`transform` of a fitted `make_vectorizer` ColumnTransformer, its word part counted directly
    (`VocabularyCounter`), its other parts by scikit-learn, stacked as the ColumnTransformer stacks them.

    Illustration: FastVectorizer(model[0]).transform(X) equals model[0].transform(X), entry for entry
    """

    def __init__(self, column_transformer):
        self.column_transformer = column_transformer
        self.parts = [(name, t, column) for name, t, column in column_transformer.transformers_ if t != "drop"]
        counters = {name: VocabularyCounter(t) for name, t, _ in self.parts if counts_directly(t)}
        self.counters = {name: c for name, c in counters.items() if c.usable}
        self.direct = bool(self.counters) and column_transformer.sparse_output_ and all(
            isinstance(column, int) and t != "passthrough" for _, t, column in self.parts)

    def transform(self, X):
        """The TF-IDF matrix of a `vectorizer_input` array, as `column_transformer.transform(X)`."""
        if not self.direct:
            return self.column_transformer.transform(X)
        blocks = [self.counters[name].transform(X[:, column].tolist()) if name in self.counters
                  else t.transform(X[:, column]) for name, t, column in self.parts]
        return sp.hstack(blocks).tocsr()  # what ColumnTransformer does with sparse parts
