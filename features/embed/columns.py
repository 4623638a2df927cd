"""Sentence vectors as columns of the vectorizer input, beside the prepared text: TF-IDF and embeddings in
one scikit-learn ColumnTransformer, so that every model, search and saved file treats them alike.

`[features] embeddings = "concat"` puts the vectors (standardised, weighed by `embedding_weight` against
the L2-normalised TF-IDF part) beside the n-grams; `"alone"` uses them without n-grams. Vectors come from
`features.embed.encoder.Encoder`, cached on disk by text hash and model (`cache_dir`), so folds, reruns and
`stancelab predict` encode a text once.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

EMBED_COLUMN = 2  # vectorizer-input columns 2 .. 2 + EMBED_DIM hold the segment's sentence vector
EMBED_DIM = 384   # multilingual-e5-small
MODES = ("none", "concat", "alone")


def cache_dir() -> Path:
    """Where vectors are cached: $STANCELAB_CACHE/embeddings, by default ~/.cache/stancelab/embeddings.

    >>> cache_dir().name
    'embeddings'
    """
    return Path(os.environ.get("STANCELAB_CACHE", "~/.cache/stancelab")).expanduser() / "embeddings"


def embedding_part() -> tuple[str, object, slice]:
    """The ColumnTransformer part that reads the vector columns, standardised (the ColumnTransformer then
    scales it by `transformer_weight`).

    >>> embedding_part()[2]
    slice(2, 386, None)
    """
    from sklearn.preprocessing import StandardScaler  # here: config loading reads MODES, not scikit-learn

    return ("embed", StandardScaler(), slice(EMBED_COLUMN, EMBED_COLUMN + EMBED_DIM))


def transformer_weight(weight: float) -> float:
    """The ColumnTransformer weight of the embedding part: a standardised 384-vector has norm ~sqrt(384).

    >>> round(transformer_weight(1.0), 4)
    0.051
    """
    return weight / float(np.sqrt(EMBED_DIM))


def add_vectors(X: np.ndarray, texts: list[str]) -> np.ndarray:
    """`X` (the prepared-text columns) with the sentence vectors of `texts` as EMBED_DIM more columns.

    Needs the optional extra (`EmbeddingsNotInstalled`, one line, otherwise). Progress is drawn on a terminal.
    Illustration (needs the extra): add_vectors(np.full((1, 2), ""), ["Nuclear deterrence."]).shape -> (1, 386)
    """
    from tqdm import tqdm

    from features.embed.encoder import Encoder

    def progress(iterable, desc="", total=None):
        return tqdm(iterable, desc=desc, total=total, disable=not sys.stderr.isatty(), leave=False)

    vectors = Encoder(prefix="query", cache_dir=cache_dir(), progress=progress).encode(list(texts))
    out = np.empty((len(texts), EMBED_COLUMN + EMBED_DIM), dtype=object)
    out[:, :EMBED_COLUMN] = X[:, :EMBED_COLUMN]
    out[:, EMBED_COLUMN:] = vectors.astype(np.float64)
    return out


def has_vectors(X) -> bool:
    """Whether a vectorizer-input array carries the vector columns."""
    return getattr(X, "ndim", 0) == 2 and X.shape[1] > EMBED_COLUMN
