"""The one feature input of a run: every segment's prepared text or n-gram counts, with the settings behind them.

`FeatureInput.build(texts, text, features, engine)` is made once per run and handed to every step that
vectorises (stance, topics, selection, annotate sample). Steps never look at which engine made it:
- `X` is what estimators are fit on (the prepared two-column text of `vectorizer_input`, engine "sklearn",
  or the n-gram count matrix of `token_counts.corpus_counts`, engine "cached"), rows aligned with `texts`;
- `rows(index)` is the same input for a subset of segments, `vectorizer()` an unfitted TF-IDF vectorizer
  for `X` (any subset of its rows), `names(fitted)` that vectorizer's feature names once fitted.
Both engines give the same TF-IDF matrices (tests/test_count_tfidf.py), so the same scores in every step.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from features.embed.columns import has_vectors
from features.text.language import TextSettings, prepare_chars
from features.tfidf.vectorize import CHAR_COLUMN, FeatureSettings, input_columns, make_vectorizer, vectorizer_input

if TYPE_CHECKING:  # token_counts loads SciPy and scikit-learn: imported where counts are made or read, so that
    # `stancelab check` (prepared text only) starts without them
    from features.tfidf.token_counts import TokenCounts

ENGINES = ("sklearn", "cached")


def _ranges(features: FeatureSettings) -> tuple:
    """The n-gram ranges the counts must hold for these settings (None: that view is off)."""
    return (tuple(features.word_ngram_range) if features.words else None,
            tuple(features.char_ngram_range) if features.chars else None)


def _within(wanted, counted) -> bool:
    """Whether the n-gram range `wanted` is inside the counted range (a view that is off needs nothing)."""
    return wanted is None or (counted is not None and counted[0] <= wanted[0] and wanted[1] <= counted[1])


@dataclass(frozen=True, eq=False)  # arrays inside: no field-wise == or hash
class FeatureInput:
    """Segments ready for TF-IDF: their raw `texts`, and `prepared` text (engine "sklearn") or `counts`
    (engine "cached"), made with `text` (preparation) and read with `features` (TF-IDF settings).

    Illustration: fi = FeatureInput.build(["Les armes nucléaires."], TextSettings(), FeatureSettings(), "cached")
             fi.names(fi.vectorizer().fit(fi.X)) -> array(["word__armes", "word__armes nucléaires", …])
    """

    texts: tuple[str, ...]
    text: TextSettings
    features: FeatureSettings
    engine: str = "sklearn"
    prepared: np.ndarray | None = None   # engine "sklearn": vectorizer_input(texts, text)
    counts: TokenCounts | None = None    # engine "cached": every n-gram of every segment, counted once

    @classmethod
    def build(cls, texts, text: TextSettings, features: FeatureSettings, engine: str = "sklearn",
              cache_dir: str | None = None, n_jobs: int = 1) -> "FeatureInput":
        """Prepare (engine "sklearn") or count (engine "cached", cached on disk under `cache_dir`) the texts.

        Illustration: FeatureInput.build(texts, TextSettings(), FeatureSettings()).X.shape -> (len(texts), 2)
        """
        texts = tuple(texts)
        if engine == "cached" and features.embeddings != "none":
            raise ValueError('features: embeddings need engine = "sklearn" (the cached engine holds n-gram counts)')
        if engine == "cached":
            from features.tfidf.token_counts import corpus_counts  # here: see TYPE_CHECKING above

            counts = corpus_counts(list(texts), text, features, cache_dir, n_jobs)
            return cls(texts, text, features, engine, counts=counts)
        if engine != "sklearn":
            raise ValueError(f"unknown feature engine {engine!r}; use one of {ENGINES}")
        return cls(texts, text, features, engine,
                   prepared=vectorizer_input(list(texts), text, input_columns(features)))

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def X(self):
        """What estimators are fit on: the count matrix (sparse, one row per segment) or the prepared text."""
        return self.counts.X if self.counts is not None else self.prepared

    def rows(self, index) -> "FeatureInput":
        """The same input for the segments at `index` (positions or a boolean mask), in that order.

        Illustration: fi.rows([2, 0]).texts == (fi.texts[2], fi.texts[0])
        """
        index = np.asarray(index)
        positions = np.flatnonzero(index) if index.dtype == bool else index.astype(np.int64)
        texts = tuple(self.texts[i] for i in positions)
        if self.counts is not None:
            # Row selection keeps each row's entries in their order, which CountTfidf's equality relies on.
            return replace(self, texts=texts, counts=replace(self.counts, X=self.counts.X[positions]))
        return replace(self, texts=texts, prepared=self.prepared[positions])

    def vectorizer(self):
        """An unfitted TF-IDF vectorizer of `features` for `X` or any of its row subsets (fit it on training rows)."""
        if self.counts is not None:
            from features.tfidf.token_counts import cached_vectorizer  # here: see TYPE_CHECKING above

            return cached_vectorizer(self.features, self.counts)
        return make_vectorizer(self.features)

    def names(self, fitted) -> np.ndarray:
        """The feature names ("word__…", "char__…") of a fitted `vectorizer()`."""
        if self.counts is not None:
            from features.tfidf.token_counts import feature_names  # here: see TYPE_CHECKING above

            return feature_names(fitted, self.counts)
        return fitted.get_feature_names_out()

    def prepared_text(self) -> np.ndarray:
        """The prepared two-column text (`vectorizer_input`): what a saved plain scikit-learn model reads.

        Engine "cached" prepares it here, on demand (the final stance model and the corpus shares need it).
        """
        return self.prepared if self.prepared is not None else vectorizer_input(list(self.texts), self.text)

    def char_text(self) -> np.ndarray:
        """The text character n-grams are read from (prepared, stop words kept), one per segment.

        Illustration: FeatureInput.build(["L’OTAN."], TextSettings(), FeatureSettings()).char_text() -> array(["otan"])
        """
        if self.prepared is not None:
            return self.prepared[:, CHAR_COLUMN]
        return np.array(prepare_chars(list(self.texts), self.text), dtype=object)

    def with_settings(self, text: TextSettings, features: FeatureSettings, engine: str | None = None,
                      cache_dir: str | None = None, n_jobs: int = 1) -> "FeatureInput":
        """This input read with other settings: the same prepared text or counts when they serve, else built again.

        Prepared text serves any feature settings made from the same text settings; counts serve feature
        settings whose n-gram ranges lie inside the counted ones (CountTfidf keeps only the asked lengths).
        Illustration: fi.with_settings(fi.text, replace(fi.features, sublinear_tf=False)).X is fi.X -> True
        """
        engine = engine or self.engine
        vectors_ok = features.embeddings == "none" or self.prepared is None or has_vectors(self.prepared)
        if text == self.text and engine == self.engine and vectors_ok:
            if self.counts is None or all(map(_within, _ranges(features), _ranges(self.features))):
                return replace(self, features=features)
        return FeatureInput.build(self.texts, text, features, engine, cache_dir, n_jobs)
