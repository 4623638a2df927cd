"""TF-IDF from a precomputed count matrix: fit only the vocabulary filters and the IDF on a training fold.

Tokenising is the expensive part of TF-IDF. `CountTfidf` takes the n-gram counts of every segment,
computed once per experiment (features/tfidf/token_counts.py), and on each training fold does what
TfidfVectorizer's fit would do after counting: keep the n-grams seen in the training rows, apply
min_df / max_df / max_features with the same rules and tie-breaks, and fit the IDF weights on those rows.
A held-out row's words never enter the vocabulary or the IDF, so the result equals fitting TfidfVectorizer
inside the fold (tests/test_count_tfidf.py checks matrices and scores), at a fraction of the cost.
"""
from __future__ import annotations

from numbers import Integral

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.utils.validation import check_is_fitted


def document_frequency(X: sp.csr_matrix) -> np.ndarray:
    """How many rows of a count matrix have each column (explicit zeros never occur in counts).

    Illustration: document_frequency(csr_matrix([[2, 0], [1, 1]])) -> array([2, 1])
    """
    return np.bincount(X.indices, minlength=X.shape[1])


def select_columns(df, tf, n_docs, min_df=1, max_df=1.0, max_features=None) -> np.ndarray:
    """Positions kept by CountVectorizer._limit_features, given document and term frequencies.

    `df` and `tf` must be over the training vocabulary in alphabetical order, as in CountVectorizer, so
    that the max_features tie-break (an argsort of the same float64 array) picks the same n-grams.
    >>> select_columns(np.array([1, 3, 2]), np.array([1., 5., 2.]), 3, min_df=2)
    array([1, 2])
    """
    high = max_df if isinstance(max_df, Integral) else max_df * n_docs
    low = min_df if isinstance(min_df, Integral) else min_df * n_docs
    if high < low:
        raise ValueError("max_df corresponds to < documents than min_df")
    mask = (df <= high) & (df >= low)
    if max_features is not None and mask.sum() > max_features:
        best = (-tf[mask]).argsort()[:max_features]
        new_mask = np.zeros(len(df), dtype=bool)
        new_mask[np.where(mask)[0][best]] = True
        mask = new_mask
    kept = np.where(mask)[0]
    if len(kept) == 0:
        raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    return kept


def in_first_seen_order(X: sp.csr_matrix) -> sp.csr_matrix:
    """Reorder each row's entries by the column's first appearance in the matrix read row by row (float64).

    That is the order in which CountVectorizer's fit numbers its vocabulary and leaves each row of its
    output; TfidfVectorizer's L2 norms add the squares in that order. `X` must hold the rows' entries
    in the order their n-grams first occur (features/tfidf/token_counts.py counts them so).
    Illustration: in_first_seen_order(csr with rows [c1, c0] and [c0, c2]).indices -> [1, 0, 0, 2]  (unchanged)
    """
    n_columns, index_dtype = X.shape[1], X.indices.dtype
    first = np.full(n_columns, X.nnz, dtype=np.int64)
    np.minimum.at(first, X.indices, np.arange(X.nnz, dtype=np.int64))
    order = np.argsort(first, kind="stable").astype(index_dtype)
    rank = np.empty(n_columns, dtype=index_dtype)
    rank[order] = np.arange(n_columns, dtype=index_dtype)
    # Index arrays of the matrix's own dtype: scipy would otherwise copy them to convert (measured: a third
    # of this function's time at 100k segments).
    by_rank = sp.csr_matrix((X.data.astype(np.float64), rank[X.indices], X.indptr), shape=X.shape)
    by_rank.sort_indices()
    # Built from its arrays: scipy's astype() and friends would sort the indices again.
    return sp.csr_matrix((by_rank.data, order[by_rank.indices], by_rank.indptr), shape=X.shape)


def sorted_copy(X: sp.csr_matrix) -> sp.csr_matrix:
    """A copy with each row's entries in column order, as CountVectorizer's transform leaves them."""
    X = sp.csr_matrix(X, copy=True)
    X.has_sorted_indices = False  # the flag may be stale after column selections
    X.sort_indices()
    return X


class CountTfidf(TransformerMixin, BaseEstimator):
    """TfidfVectorizer's fit and transform, over the columns of a precomputed n-gram count matrix.

    ngram_lengths: the number of tokens (or characters) of each column's n-gram; with `ngram_range`
    it restricts the columns, so one count matrix of 1-2-grams serves a grid over (1, 1) and (1, 2).
    Illustration: CountTfidf(min_df=2).fit(counts[train]).transform(counts[test]) -> TF-IDF rows of `test`
    """

    def __init__(self, ngram_lengths=None, ngram_range=None, min_df=1, max_df=1.0, max_features=None,
                 sublinear_tf=False, norm="l2", use_idf=True, smooth_idf=True):
        self.ngram_lengths = ngram_lengths
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf
        self.norm = norm
        self.use_idf = use_idf
        self.smooth_idf = smooth_idf

    def _candidates(self, n_columns: int) -> np.ndarray:
        """The columns whose n-gram length is inside `ngram_range` (all when either is unset)."""
        columns = np.arange(n_columns)
        if self.ngram_range is None or self.ngram_lengths is None:
            return columns
        lengths = np.asarray(self.ngram_lengths)
        low, high = self.ngram_range
        return columns[(lengths >= low) & (lengths <= high)]

    def fit(self, X, y=None):
        """Choose the vocabulary and fit the IDF on the rows of X (the training fold) only."""
        self.fit_transform(X)
        return self

    def fit_transform(self, X, y=None):
        X = sp.csr_matrix(X)
        df, tf = document_frequency(X), np.bincount(X.indices, weights=X.data, minlength=X.shape[1])
        candidates = self._candidates(X.shape[1])
        seen = candidates[df[candidates] > 0]  # the training fold's own vocabulary, in alphabetical order
        kept = select_columns(df[seen], tf[seen], X.shape[0], self.min_df, self.max_df, self.max_features)
        self.columns_ = seen[kept]
        self.n_features_in_ = X.shape[1]
        self.tfidf_ = TfidfTransformer(norm=self.norm, use_idf=self.use_idf, smooth_idf=self.smooth_idf,
                                       sublinear_tf=self.sublinear_tf)
        counts = in_first_seen_order(X[:, self.columns_])
        return self.tfidf_.fit_transform(counts)

    def transform(self, X):
        """TF-IDF of any rows over the fitted vocabulary (n-grams outside it are ignored, as sklearn does)."""
        check_is_fitted(self, "columns_")
        X = sp.csr_matrix(X)
        return self.tfidf_.transform(sorted_copy(X[:, self.columns_]).astype(np.float64))

    def get_feature_names_out(self, input_features=None):
        """The kept columns' names, from `input_features` (the count matrix's n-grams) when given."""
        check_is_fitted(self, "columns_")
        if input_features is None:
            return np.array([f"x{j}" for j in self.columns_], dtype=object)
        return np.asarray(input_features, dtype=object)[self.columns_]


class CountParts(TransformerMixin, BaseEstimator):
    """ColumnTransformer(parts, sparse_threshold=1.0) for a count matrix whose parts are column slices.

    Same fit, transform and `transformers_` as the ColumnTransformer, without its check of the columns no
    part reads: that check builds Python sets of every column number, 0.3 s a fit at 780,000 n-grams (a
    third of the fit), paid again in every fold of a search.
    Illustration: CountParts([("word", CountTfidf(min_df=2), slice(0, n_word))]).fit_transform(counts.X)
             -> the matrix ColumnTransformer([("word", CountTfidf(min_df=2), slice(0, n_word))]) gives
    """

    def __init__(self, transformers):
        self.transformers = transformers

    def get_params(self, deep=True):
        """`transformers`, and with deep=True each part and its parameters as "<name>__<param>" (for grids)."""
        params = {"transformers": self.transformers}
        if deep:
            for name, part, _ in self.transformers:
                params[name] = part
                params.update({f"{name}__{key}": value for key, value in part.get_params().items()})
        return params

    def set_params(self, **params):
        """Set `transformers`, a whole part ("word") or one of its parameters ("word__min_df")."""
        if "transformers" in params:
            self.transformers = params.pop("transformers")
        at = {name: i for i, (name, _, _) in enumerate(self.transformers)}
        for key, value in params.items():
            name, _, param = key.partition("__")
            if name not in at:
                raise ValueError(f"Invalid parameter {key!r} for {type(self).__name__}: parts are {list(at)}")
            name, part, columns = self.transformers[at[name]]
            if param:
                part.set_params(**{param: value})
            else:
                self.transformers[at[name]] = (name, value, columns)
        return self

    def fit(self, X, y=None):
        self.fit_transform(X)
        return self

    def fit_transform(self, X, y=None):
        X = sp.csr_matrix(X)
        self.n_features_in_ = X.shape[1]
        self.transformers_, blocks = [], []
        for name, part, columns in self.transformers:
            fitted = clone(part)
            blocks.append(fitted.fit_transform(X[:, columns]))  # as ColumnTransformer: the fit's own output
            self.transformers_.append((name, fitted, columns))
        return sp.hstack(blocks).tocsr()

    def transform(self, X):
        check_is_fitted(self, "transformers_")
        X = sp.csr_matrix(X)
        # sparse.hstack(...).tocsr(): how ColumnTransformer stacks sparse parts, so the entries' order is the same
        return sp.hstack([part.transform(X[:, columns]) for _, part, columns in self.transformers_]).tocsr()
