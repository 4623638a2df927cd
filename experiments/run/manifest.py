"""Provenance saved with every run: code version, data hashes, library versions, timings.

Everything that changes from one run to the next (times, machine) lives here, in manifest.json, so that
metrics.json and the tables stay byte-identical for a given config.
"""
from __future__ import annotations

import hashlib
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from experiments.config.resolved import SCHEMA, Config, to_dict
from features.read.documents import named_articles

LIBRARIES = ("stancelab", "scikit-learn", "numpy", "scipy", "joblib", "matplotlib", "simplemma",
             "stop-words", "skops", "tqdm")


def sha256(path: str | Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks so large corpora do not fill memory."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def portable(path: str | Path) -> str:
    """A path relative to the working directory when it lies below it (manifests travel between machines).

    Illustration: portable("/work/main/seeds/a.txt") -> "seeds/a.txt"  (run from /work/main)
    """
    path = Path(path)
    try:
        return Path(os.path.abspath(path)).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def input_files(paths: list[str | Path]) -> dict[str, str]:
    """{path: sha256} for every file named, folders expanded to the files below them (sorted)."""
    out = {}
    for p in map(Path, paths):
        files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
        out.update({portable(f): sha256(f) for f in files})
    return out


def config_inputs(config: Config) -> list[str]:
    """Every file or folder the config names (the keys the schema marks `path=True`), in schema order."""
    return [getattr(getattr(config, section), key) for section in config.sections()
            for key, field in SCHEMA[section].items() if field.path and getattr(getattr(config, section), key)]


def read_inputs(config: Config) -> list:
    """The files and folders a run reads: `config_inputs`, but an article folder (`[corpus] format = "folder"`)
    as its article files, since its reader reads only the .txt files at its top (`named_articles`, listed without
    the reader's checks, done already): a codebook, label sheets or sub-folders beside them are not its input.

    Illustration: read_inputs(<seeds_stance config>) -> [seeds/000_….txt, seeds/003_….txt, "seeds/annotations.csv"]
    """
    corpus = config.corpus
    out = []
    for path in config_inputs(config):
        is_articles = corpus.format == "folder" and path == corpus.path and Path(path).is_dir()
        out += [p for p in named_articles(path) if p.is_file()] if is_articles else [path]
    return out


def seeds(config: Config) -> dict:
    """Every seed of the config (`random_state`, `seeds`, ...), keyed `section.key`."""
    return {f"{section}.{key}": value for section, table in to_dict(config).items() for key, value in table.items()
            if "seed" in key or key == "random_state"}


CODE_ROOT = Path(__file__).resolve().parents[2]


def git_state(cwd: str | Path = CODE_ROOT) -> dict:
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


def build(config: Config, config_path: str, overrides, config_text: str, started, ended, timings: dict) -> dict:
    """The manifest of a finished run. `config_text` is the resolved config.toml as written."""
    return {
        "experiment": config.experiment.name, "config": portable(config_path),
        "config_sha256": hashlib.sha256(config_text.encode("utf-8")).hexdigest(),
        "overrides": list(overrides), "command": " ".join(["stancelab", *sys.argv[1:]]),
        "random_state": config.experiment.random_state, "seeds": seeds(config),
        "n_jobs": config.experiment.n_jobs, "scheduler": config.experiment.scheduler,
        "git": git_state(),
        "inputs": input_files([*read_inputs(config), config_path]), **environment(),
        "started": started.isoformat(timespec="seconds"), "ended": ended.isoformat(timespec="seconds"),
        "wall_seconds": round((ended - started).total_seconds(), 3), "step_seconds": timings,
    }
