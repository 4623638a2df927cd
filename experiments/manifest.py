"""Provenance saved with every run: code version, data hashes, library versions, timings."""
from __future__ import annotations

import hashlib
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

LIBRARIES = ("stancelab", "scikit-learn", "numpy", "scipy", "joblib", "matplotlib", "simplemma",
             "stop-words", "skops", "tqdm")


def sha256(path: str | Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks so large corpora do not fill memory."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def input_files(paths: list[str | Path]) -> dict[str, str]:
    """{path: sha256} for every file named, folders expanded to the files below them (sorted)."""
    out = {}
    for p in map(Path, paths):
        files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
        out.update({str(f): sha256(f) for f in files})
    return out


def git_state(cwd: str | Path = ".") -> dict:
    """The commit of the code and whether the work tree had uncommitted changes."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=10)
    try:
        head = git("rev-parse", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}
    if head.returncode:
        return {"commit": None, "dirty": None}
    return {"commit": head.stdout.strip(), "dirty": bool(dirty.stdout.strip())}


def versions() -> dict[str, str | None]:
    """Installed versions of the libraries that shape the numbers."""
    out = {}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def environment() -> dict:
    """Python, platform and library versions."""
    return {"python": sys.version.split()[0], "platform": platform.platform(), "libraries": versions()}
