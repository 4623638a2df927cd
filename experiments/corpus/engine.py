"""[features] engine: how the corpus reaches the vectorizers, chosen by the config.

- "sklearn": every fit runs TfidfVectorizer over the prepared text (features/tfidf/vectorize.py);
- "cached": every segment is tokenised and its n-grams counted once per experiment (cached on disk under
  [experiment] cache_dir), and each fit only chooses the vocabulary and IDF on its training rows
  (features/tfidf/count_tfidf.py). Same matrices, same scores (tests/test_count_tfidf.py), much less work
  when folds, repeats and grids refit the vectorizer many times.

Steps receive `X` from `corpus_input` and ask this module for the matrix, the vectorizer and the names.
"""
from __future__ import annotations

import numpy as np

from experiments.corpus.data import feature_settings, text_settings
from features.tfidf.token_counts import TokenCounts, cached_vectorizer, corpus_counts, feature_names
from features.tfidf.vectorize import make_vectorizer, vectorizer_input


def corpus_input(config: dict, texts: list[str]):
    """Prepared text (engine "sklearn") or the n-gram counts of every segment (engine "cached").

    Example: corpus_input(seeds_config, texts).shape -> (35, 2)  (engine "sklearn")
    """
    if config["features"]["engine"] == "cached":
        cache = config["experiment"]["cache_dir"] or None
        return corpus_counts(texts, text_settings(config), feature_settings(config), cache,
                             config["experiment"]["n_jobs"])
    return vectorizer_input(texts, text_settings(config))


def matrix(X):
    """What estimators are fitted on: the count matrix, or the prepared text itself.

    Example: matrix(corpus_input(cached_config, texts)).shape -> (n_segments, n_ngrams)
    """
    return X.X if isinstance(X, TokenCounts) else X


def vectorizer(config: dict, X):
    """An unfitted TF-IDF vectorizer for `matrix(X)` with the config's [features] settings."""
    if isinstance(X, TokenCounts):
        return cached_vectorizer(feature_settings(config), X)
    return make_vectorizer(feature_settings(config))


def names(fitted, X) -> np.ndarray:
    """The feature names of a fitted `vectorizer(config, X)` ("word__…", "char__…")."""
    return feature_names(fitted, X) if isinstance(X, TokenCounts) else fitted.get_feature_names_out()
