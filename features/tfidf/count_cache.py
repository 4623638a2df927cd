"""The on-disk cache of token counts, in formats that cannot run code when read back.

An entry is a folder `<cache_dir>/token_counts/<key>/`, `key` being a SHA-256 of the texts and of every
setting the counts depend on. It holds the count matrix (`X.npz`, scipy.sparse.save_npz, read back with
numpy's allow_pickle=False), the n-grams (`names.json`), their lengths (`lengths.npy`, no pickle) and
`record.json`, written last: the key and the SHA-256 of each of those files. An entry whose record is
missing, unreadable, of another key, or whose files' hashes differ from it is not used: the counts are
recomputed with a warning and the entry rewritten. A cache folder is often shared (any config can name
it), so nothing in it is trusted: no pickle is ever loaded (joblib.Memory, used before, unpickles).
"""
from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from features.atomic import atomic_write, write_text

FORMAT = "stancelab-token-counts/1"
FILES = ("X.npz", "names.json", "lengths.npy")


def entry_key(*parts) -> str:
    """SHA-256 of the cache format and `parts` (JSON-able): the name of an entry's folder.

    Illustration: entry_key("0b5a…", (True, "fr"), (1, 2), None) -> "9c4e…" (64 hex digits)
    """
    return hashlib.sha256(json.dumps([FORMAT, *parts], default=str).encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in blocks."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def save(folder: str | Path, key: str, X: sp.csr_matrix, names: np.ndarray, lengths: np.ndarray, n_word: int) -> Path:
    """Write an entry (each file atomically, the record last); returns its folder.

    Illustration: save(".cache", key, counts.X, counts.names, counts.lengths, counts.n_word)
             -> Path(".cache/token_counts/<key>")
    """
    entry = Path(folder) / "token_counts" / key
    with atomic_write(entry / "X.npz", "wb") as f:
        sp.save_npz(f, sp.csr_matrix(X), compressed=False)
    write_text(entry / "names.json", json.dumps([str(n) for n in names]))  # ASCII escapes keep any text
    with atomic_write(entry / "lengths.npy", "wb") as f:
        np.save(f, np.asarray(lengths), allow_pickle=False)
    record = {"format": FORMAT, "key": key, "n_word": int(n_word),
              "sha256": {name: file_sha256(entry / name) for name in FILES}}
    write_text(entry / "record.json", json.dumps(record, indent=2) + "\n")
    return entry


def load(folder: str | Path, key: str):
    """(X, names, lengths, n_word) of a valid entry, or None (absent, or refused with a warning).

    Illustration: load(".cache", key) -> (csr_matrix (35, 4212), array(["armes", …]), array([1, …]), 2519)
    """
    entry = Path(folder) / "token_counts" / key
    if not (entry / "record.json").exists():
        return None
    try:
        record = json.loads((entry / "record.json").read_text(encoding="utf-8"))
        if not isinstance(record, dict) or record.get("format") != FORMAT or record.get("key") != key:
            raise ValueError("record.json is not the record of this entry")
        for name in FILES:
            if file_sha256(entry / name) != record["sha256"][name]:
                raise ValueError(f"{name}: SHA-256 differs from record.json")
        X = sp.load_npz(entry / "X.npz").tocsr()  # numpy.load with allow_pickle=False inside
        names = np.array(json.loads((entry / "names.json").read_text(encoding="utf-8")), dtype=object)
        lengths = np.load(entry / "lengths.npy", allow_pickle=False)
        n_word = int(record["n_word"])
        if X.shape[1] != len(names) or len(lengths) != len(names) or not 0 <= n_word <= len(names):
            raise ValueError("its files do not fit together")
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError) as err:
        warnings.warn(f"{entry}: cache entry not used ({err}); the counts are recomputed and the entry "
                      "rewritten", stacklevel=2)
        return None
    return X, names, lengths, n_word
