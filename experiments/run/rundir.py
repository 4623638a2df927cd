"""Run folders written atomically, with the runs they replace kept as history.

Layout (decided once, documented in the README):

    results/<experiment>/                      the newest successful run (the one committed to git)
    results/.previous/<experiment>/<stamp>/    every earlier run, named by the time it ended (UTC)
    results/.<experiment>.tmp-<pid>/           a run being written (removed on failure)

A run is written into its temporary folder and only renamed to `results/<experiment>/` once every step
has succeeded; the run it replaces is first renamed into `.previous/`. Renames within one file system are
atomic, so a failed or killed run never leaves a half-written `results/<experiment>/`. A plain folder (not
a `latest` symlink) keeps the committed path stable and works the same on every OS. History is never
deleted automatically: remove `results/.previous/` yourself when you no longer need it.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

from experiments.run import layout
from features.errors import RunError


def _alive(pid: int) -> bool:
    """Whether a process with this id is still running (a staging folder of a live run is left alone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale(out_root: Path, name: str) -> list[Path]:
    """Delete staging folders left by killed runs of `name` (their process is gone); returns them.

    Illustration: remove_stale(Path("results"), "seeds_stance") -> [Path("results/.seeds_stance.tmp-4242")]
    """
    stale = []
    for tmp in sorted(out_root.glob(f".{name}.tmp-*")):
        pid = tmp.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(tmp, ignore_errors=True)
            stale.append(tmp)
    return stale


@contextlib.contextmanager
def staging(out_root: str | Path, name: str):
    """A fresh temporary run folder beside `out_root/name`, removed if the block fails.

    Illustration: with staging("results", "x") as tmp: ...  -> tmp == Path("results/.x.tmp-<pid>")
    """
    out_root = Path(out_root)
    out_root.mkdir(parents=True, exist_ok=True)
    check_history(out_root, name)
    remove_stale(out_root, name)
    tmp = out_root / f".{name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # after publish() it is gone already


def check_history(out_root: Path, name: str) -> None:
    """`.previous/` and `.previous/<name>/` must be folders (or absent): the run replaced is moved there at
    the end, so a file in the way is refused before any work, naming it.

    Illustration: check_history(Path("results"), "x") -> RunError("results/.previous: a file, not a folder; …")
    """
    for path in (out_root / layout.HISTORY, out_root / layout.HISTORY / name):
        if path.is_symlink():  # the run replaced would be moved wherever it points (into a corpus, say)
            raise RunError(f"{path}: a symbolic link: stancelab moves the runs it replaces into this folder, "
                           "which must be a real folder; remove the link, then run again")
        if path.exists() and not path.is_dir():
            raise RunError(f"{path}: a file, not a folder: stancelab moves the runs it replaces into this folder; "
                           "move or delete the file, then run again")


def check_destination(final: str | Path, inputs) -> None:
    """The run folder `final` must not be an input of the run nor hold one (publishing it moves whatever is
    at its place into `.previous/`), nor lie inside an input folder (the run would become part of its
    corpus). Checked before any work.

    Illustration: check_destination("./corpus", ["corpus"]) -> RunError("corpus: the run folder would …")
    """
    if Path(final).is_file():  # not a run: publishing would move it into .previous/ as if it were one
        raise RunError(f"{final}: a file, not a run folder; move or rename it, or choose another --results folder")
    dest = Path(final).resolve()
    for given in inputs:
        path = Path(given).resolve()
        if path == dest or path.is_relative_to(dest):
            raise RunError(f"{final}: the run folder would replace {given}, an input of this run; choose another "
                           "--results folder or [experiment] name")
        if path.is_dir() and dest.is_relative_to(path):
            raise RunError(f"{final}: the run folder would be written inside {given}, an input of this run; "
                           "choose a --results folder outside it")


def run_stamp(run_dir: Path) -> str:
    """When a run ended, as `YYYYmmddTHHMMSSZ`: from its manifest, else from its folder's mtime."""
    try:
        ended = json.loads((run_dir / layout.MANIFEST).read_text(encoding="utf-8"))["ended"]
        when = datetime.fromisoformat(ended)
    except (OSError, ValueError, KeyError, TypeError):
        when = datetime.fromtimestamp(run_dir.stat().st_mtime, timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def publish(tmp: Path, final: Path) -> Path | None:
    """Move the finished run `tmp` to `final`; the run it replaces goes to history. Returns its new place."""
    kept = None
    if final.exists():
        stamp, n = run_stamp(final), 1
        kept = final.parent / layout.HISTORY / final.name / stamp
        while kept.exists():  # two runs ended in the same second
            n += 1
            kept = kept.with_name(f"{stamp}-{n}")
        kept.parent.mkdir(parents=True, exist_ok=True)
        os.replace(final, kept)
    os.replace(tmp, final)
    return kept


def history(out_root: str | Path, name: str) -> list[Path]:
    """The earlier runs of an experiment, oldest first.

    Illustration: history("results", "seeds_stance") -> [Path("results/.previous/seeds_stance/20261121T125142Z")]
    """
    folder = Path(out_root) / layout.HISTORY / name
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
