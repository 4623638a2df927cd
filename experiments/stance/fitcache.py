"""The vectorizer fits of one run, kept in memory: every grid point and every model fit on the same rows shares one.

A model is `Pipeline(tfidf, clf)`. A nested search fits it once per grid point and inner fold, and four models
are fit on the same outer folds, so the same vectorizer would be fit on the same rows a dozen times. Given to a
pipeline as `memory=FitCache()` (scikit-learn accepts any object with joblib.Memory's `cache` method), the first
fit on some rows is kept and the others reuse it. Unlike a joblib.Memory folder, nothing is written to disk and
nothing is unpickled; the numbers are those of fitting again (the key is the vectorizer's settings and the rows).
The held-out rows are scored by every grid point and every model with the same fitted vectorizer: `transform`
keeps those matrices too (`predict` in experiments/stance/evaluate.py reads them), so each is computed once.
"""
from __future__ import annotations

from collections import OrderedDict

import joblib
from sklearn.base import clone

MAX_BYTES = 512 * 2**20  # the kept matrices of a run: beyond this the least recently used fit is dropped


def nbytes(result) -> int:
    """The memory a kept (matrix, fitted vectorizer) holds, counted by its matrix's arrays.

    >>> import scipy.sparse as sp
    >>> nbytes((sp.csr_matrix([[1.0, 0.0], [0.0, 2.0]]), None))
    36
    """
    X = result[0] if isinstance(result, tuple) else result
    arrays = [getattr(X, name, None) for name in ("data", "indices", "indptr")] if hasattr(X, "indptr") else [X]
    return int(sum(getattr(a, "nbytes", 0) for a in arrays))


def key_of(estimator) -> str:
    """The key of an unfitted estimator's settings: equal for clones, different when any setting differs.

    >>> from sklearn.linear_model import LogisticRegression
    >>> key_of(LogisticRegression(C=2.0)) == key_of(LogisticRegression(C=2.0)) != key_of(LogisticRegression())
    True
    """
    return joblib.hash(estimator)


class FitCache:
    """A joblib.Memory stand-in that keeps results in this process, least recently used first out.

    >>> calls = []
    >>> def double(x):
    ...     calls.append(x)
    ...     return x * 2
    >>> cached = FitCache().cache(double)
    >>> cached(3), cached(3), cached(4), len(calls)
    (6, 6, 8, 2)
    """

    def __init__(self, max_bytes: int = MAX_BYTES):
        self.max_bytes = max_bytes
        self._store: OrderedDict[str, object] = OrderedDict()
        self._transforms: OrderedDict[tuple, tuple] = OrderedDict()  # (id, rows) -> (matrix, fitted vectorizer)
        self._bytes = 0

    def cache(self, func, ignore=()):
        """`func` wrapped: a call with arguments seen before (those named in `ignore` aside) returns the kept
        result; the result object itself is shared, which is safe because fitted vectorizers and their matrices
        are only read afterwards (scikit-learn estimators never modify their input)."""
        ignore = set(ignore)

        def cached(*args, **kwargs):
            key = joblib.hash((func.__module__, func.__qualname__, args,
                               {k: v for k, v in kwargs.items() if k not in ignore}))
            if key in self._store:
                self._store.move_to_end(key)
                return self._store[key]
            result = func(*args, **kwargs)
            self._keep(key, result)
            return result

        return cached

    def fit_transform(self, vectorizer, X, y, vectorizer_key: str | None = None):
        """(matrix of X, fitted clone of `vectorizer`): kept, so every model searched on the same rows with the
        same vectorizer settings shares one fit. `vectorizer_key`: `key_of(vectorizer)` when the caller already
        has it (a nested search reuses its vectorizer's key for every inner fold and its refit); the clone is
        made only when no kept fit matches, since cloning six vectorizers costs more than looking one up.
        >>> import numpy as np
        >>> from sklearn.feature_extraction.text import CountVectorizer
        >>> cache, texts = FitCache(), np.array(["dissuasion nucléaire", "menace nucléaire"], dtype=object)
        >>> Xt, fitted = cache.fit_transform(CountVectorizer(), texts, None)
        >>> cache.fit_transform(CountVectorizer(), texts, None)[1] is fitted, Xt.shape
        (True, (2, 3))
        """
        key = joblib.hash(("fit_transform", vectorizer_key or key_of(vectorizer), X, y))
        if key in self._store:
            self._store.move_to_end(key)
            return self._store[key]
        fitted = clone(vectorizer)
        result = fitted.fit_transform(X, y), fitted
        self._keep(key, result)
        return result

    def transform(self, fitted, X):
        """`fitted.transform(X)`, kept: the same held-out rows through the same fitted vectorizer are computed once.

        The entry holds `fitted` itself, so its id cannot be reused by another object while the entry lives.
        >>> import numpy as np
        >>> from sklearn.preprocessing import StandardScaler
        >>> cache, scaler = FitCache(), StandardScaler().fit([[0.0], [2.0]])
        >>> cache.transform(scaler, np.array([[4.0]])) is cache.transform(scaler, np.array([[4.0]]))
        True
        """
        key = (id(fitted), joblib.hash(X))
        hit = self._transforms.get(key)
        if hit is not None and hit[1] is fitted:
            self._transforms.move_to_end(key)
            return hit[0]
        Xt = fitted.transform(X)
        self._transforms[key] = (Xt, fitted)
        self._bytes += nbytes(Xt)
        self._shrink()
        return Xt

    def _keep(self, key: str, result) -> None:
        self._store[key] = result
        self._bytes += nbytes(result)
        self._shrink()

    def _shrink(self) -> None:
        """Drop the least recently used entries (held-out matrices first, they are cheaper) beyond the budget."""
        while self._bytes > self.max_bytes and self._transforms:
            _, (dropped, _) = self._transforms.popitem(last=False)
            self._bytes -= nbytes(dropped)
        while self._bytes > self.max_bytes and len(self._store) > 1:
            _, dropped = self._store.popitem(last=False)
            self._bytes -= nbytes(dropped)

    def __deepcopy__(self, memo):
        # scikit-learn's clone deep-copies a pipeline's `memory`: every clone must share this one cache.
        return self

    def __getstate__(self):
        # Sent to a worker process (n_jobs > 1, a Dask cluster) it travels empty: each worker keeps its own fits.
        return {"max_bytes": self.max_bytes, "_store": OrderedDict(), "_transforms": OrderedDict(), "_bytes": 0}
