"""One way to write an output file: whole or not at all, never over an input.

`atomic_write(path)` writes into a hidden temporary file in the same folder and renames it to `path` only
when everything was written (a rename within one folder is atomic): a failure, Ctrl-C or a full disk
leaves the previous `path` as it was and no temporary file behind, and the error names `path`, not the
temporary file. `refuse_inputs(outputs, inputs)` stops a command before any work when an output would
replace one of its inputs.
"""
from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from features.errors import UserError


class OutputError(UserError, ValueError):
    """An output path the command must not write (it is an input, or holds work it would destroy)."""


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = ""):
    """Open a temporary file beside `path` for writing; rename it to `path` when the block succeeds.

    Illustration: with atomic_write("pred.csv") as f: f.write("id,label\\n")
             -> pred.csv holds the line; had the block failed, pred.csv would be as before
    """
    path = Path(path)
    binary = "b" in mode
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.fchmod(fd, _mode(path))  # mkstemp makes it private (0600); the file gets the mode open() gives
    except OSError as err:
        raise _naming(err, path) from None
    try:
        with os.fdopen(fd, mode, **({} if binary else {"encoding": encoding, "newline": newline})) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())  # on disk before the rename: a crash never leaves a renamed empty file
        os.replace(tmp, path)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise _naming(err, path) from None
        raise


def write_text(path: str | Path, text: str) -> Path:
    """`Path.write_text`, atomically. Illustration: write_text("a.json", "{}\\n") -> Path("a.json")"""
    with atomic_write(path) as f:
        f.write(text)
    return Path(path)


def _mode(path: Path) -> int:
    """The permissions of the file being replaced, else those a new file gets (0666 less the umask)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _naming(err: OSError, path: Path) -> OSError:
    """The same error about `path` (a full disk reported on the temporary file, or on no file at all)."""
    if err.filename and Path(err.filename).name != path.name and not Path(err.filename).name.startswith(
            f".{path.name}."):
        return err  # about another file (e.g. the folder): keep its own name
    return type(err)(err.errno, err.strerror or str(err), str(path))


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file (links and `..` resolved); False when either does not exist yet
    and their resolved paths differ.

    Illustration: same_file("seeds/../seeds/annotations.csv", "seeds/annotations.csv") -> True
    """
    a, b = Path(a), Path(b)
    try:
        return a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


def refuse_inputs(outputs, inputs) -> None:
    """Stop before any work when an output (option -> path) is one of the inputs or lies inside an input
    folder (it would become part of that input, or replace a file of it), or two outputs coincide.

    Illustration: refuse_inputs({"--out": "new.csv"}, ["new.csv"])
             -> OutputError("new.csv: given as --out but it is also an input; writing it would destroy it; …")
    """
    pairs = outputs.items() if isinstance(outputs, dict) else outputs  # option -> path, or (option, path) pairs
    named = [(option, path) for option, path in pairs if path]
    for option, path in named:
        for source in inputs:
            if same_file(path, source):
                raise OutputError(f"{path}: given as {option} but it is also an input; writing it would destroy "
                                  f"it; give another {option} file")
            if Path(source).is_dir() and Path(path).resolve().is_relative_to(Path(source).resolve()):
                raise OutputError(f"{path}: given as {option} but it is inside {source}, an input folder; writing "
                                  f"there would change that input; give an {option} file outside it")
    for i, (option, path) in enumerate(named):
        for other, other_path in named[i + 1:]:
            if same_file(path, other_path):
                raise OutputError(f"{path}: given as both {option} and {other}; give two different files")
