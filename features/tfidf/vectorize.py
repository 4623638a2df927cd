"""Prepared text -> TF-IDF matrix: word n-grams, character n-grams, or both side by side.

The input of every vectorizer built here is `vectorizer_input(texts, settings)`: a two-column array
(prepared words, prepared characters). The vectorizers use only scikit-learn's built-in analyzers, so a
fitted one saved with skops loads with no trusted-type list. Fit them on training folds only.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from features.embed.columns import EMBED_COLUMN, add_vectors, embedding_part, transformer_weight
from features.text.language import TextSettings, prepare, prepare_chars
from features.tfidf.settings import FeatureSettings

if TYPE_CHECKING:  # scikit-learn loads in the functions that build vectorizers: preparing text needs none of it
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer

WORD_COLUMN, CHAR_COLUMN = 0, 1


def vectorizer_input(texts: list[str], settings: TextSettings, columns=(WORD_COLUMN, CHAR_COLUMN)) -> np.ndarray:
    """Prepare texts once: column 0 for word n-grams, column 1 for character n-grams.

    `columns` names the columns a vectorizer will read; the others stay empty strings, so that a words-only
    model does not pay for the character preparation (and the reverse).

    >>> vectorizer_input(["L’OTAN."], TextSettings())
    array([['otan', 'otan']], dtype=object)
    >>> vectorizer_input(["L’OTAN."], TextSettings(), columns=[WORD_COLUMN])
    array([['otan', '']], dtype=object)
    """
    X = np.full((len(texts), 2), "", dtype=object)
    if WORD_COLUMN in columns:
        X[:, WORD_COLUMN] = prepare(texts, settings)
    if CHAR_COLUMN in columns:
        X[:, CHAR_COLUMN] = prepare_chars(texts, settings)
    if EMBED_COLUMN in columns:  # sentence vectors of the raw texts (features/embed/columns.py)
        X = add_vectors(X, texts)
    return X


def input_columns(s: FeatureSettings) -> tuple[int, ...]:
    """The columns a FeatureInput prepares for these settings: both texts, and the vectors when asked.

    >>> input_columns(FeatureSettings(embeddings="concat"))
    (0, 1, 2)
    """
    return (WORD_COLUMN, CHAR_COLUMN) + ((EMBED_COLUMN,) if s.embeddings != "none" else ())


def columns_read(vectorizer) -> list[int]:
    """The columns of a `vectorizer_input` array that a (fitted) `make_vectorizer` ColumnTransformer reads.

    >>> columns_read(make_vectorizer(FeatureSettings(words=True, chars=False)))
    [0]
    """
    return sorted({column.start if isinstance(column, slice) else column
                   for _, _, column in vectorizer.transformers if isinstance(column, (int, slice))})


def word_vectorizer(s: FeatureSettings) -> TfidfVectorizer:
    """TF-IDF over space-separated prepared tokens (tokenising was done by `prepare`)."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # here: `stancelab check` prepares text only

    return TfidfVectorizer(
        analyzer="word", token_pattern=r"\S+", lowercase=False, ngram_range=tuple(s.word_ngram_range),
        min_df=s.min_df, max_df=s.max_df, max_features=s.limit, sublinear_tf=s.sublinear_tf,
        dtype=np.float64,
    )


def char_vectorizer(s: FeatureSettings) -> TfidfVectorizer:
    """TF-IDF over character n-grams inside word boundaries."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # here: see word_vectorizer

    return TfidfVectorizer(
        analyzer="char_wb", lowercase=False, ngram_range=tuple(s.char_ngram_range),
        min_df=s.min_df, max_df=s.max_df, max_features=s.limit, sublinear_tf=s.sublinear_tf,
        dtype=np.float64,
    )


def make_vectorizer(s: FeatureSettings) -> ColumnTransformer:
    """An unfitted vectorizer for `vectorizer_input` arrays; its feature names start `word__` or `char__`.

    Illustration: make_vectorizer(FeatureSettings()).fit_transform(X).shape -> (n_segments, n_word_ngrams)
    """
    parts = []
    if s.words and s.embeddings != "alone":
        parts.append(("word", word_vectorizer(s), WORD_COLUMN))
    if s.chars and s.embeddings != "alone":
        parts.append(("char", char_vectorizer(s), CHAR_COLUMN))
    if s.embeddings != "none":
        parts.append(embedding_part())
    if not parts:
        raise ValueError("features: at least one of words or chars must be true")
    # Each TF-IDF part is L2-normalised on its own, so the views weigh equally; the vectors are scaled to match.
    weights = {"embed": transformer_weight(s.embedding_weight)} if s.embeddings != "none" else None
    from sklearn.compose import ColumnTransformer  # here: see word_vectorizer

    return ColumnTransformer(parts, sparse_threshold=1.0, transformer_weights=weights)
