"""Every failure a user can meet, as one line: the file, the line where it applies, the cause, what to do.

The CLI prints `error: <line>` and exits with status 2 for these; Ctrl-C exits with 130 (128 + SIGINT, the
shell convention), SIGTERM with 143 (128 + SIGTERM) after the same cleanup. Nothing written before is
lost: a run writes into a temporary folder that is removed on any failure (see `experiments.run.runner`),
and the results folder is checked before any work starts.
A failure not foreseen here is a bug: one line too, exit status 1, and `--debug` shows the traceback.
"""
from __future__ import annotations

import argparse
import contextlib
import errno
import re
import shutil
import signal
import tempfile
import threading
from pathlib import Path

from features.errors import RunError, UserError

EXIT_USER, EXIT_BUG, EXIT_INTERRUPTED, EXIT_TERMINATED = 2, 1, 130, 143


class Terminated(KeyboardInterrupt):
    """SIGTERM (`kill PID`, a job scheduler's time limit), handled as Ctrl-C is: the unfinished run is
    removed; exit status 143 (128 + SIGTERM). Raised by the handler `experiments.cli` installs."""


def raise_terminated(signum, frame):
    """The SIGTERM handler: stop where the program is, through the same cleanup as Ctrl-C."""
    raise Terminated()


@contextlib.contextmanager
def sigterm_as_interrupt():
    """SIGTERM raises Terminated (a KeyboardInterrupt) while the command runs, so that a run killed
    by `kill` or a scheduler cleans up as after Ctrl-C; the previous handler is restored afterwards."""
    if threading.current_thread() is not threading.main_thread():  # signals reach the main thread only
        yield
        return
    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def quiet_threads() -> None:
    """After an interrupt, a thread of a worker pool (loky's manager) that dies on the way out prints
    nothing: the one-line message is all the user should see."""
    threading.excepthook = lambda args: None


UNCHANGED = "results written before are unchanged"

# scikit-learn's words for data that cannot be fitted -> ours: what is wrong with the corpus or config, and
# what to do. Matched on the message of the ValueError; anything else stays a bug report.
DATA_ERRORS = [
    (r"empty vocabulary", "no words left to count: the segments hold only stop words, numbers or one-letter "
     "tokens; check the text with `stancelab segments` and the [preprocess] settings"),
    (r"After pruning, no terms remain|max_df corresponds to < documents than min_df",
     "[features] min_df / max_df leave no term on this corpus; lower min_df or raise max_df"),
    (r"n_samples=(\d+) should be >= n_clusters=(\d+)",
     "the corpus has {0} segments, fewer than the {1} clusters asked for; lower [topics] n_clusters (or "
     "k_max) or add text"),
]


def check_results_folder(folder: str | Path) -> Path:
    """Create `folder` if needed and make sure a run folder can be created in it, before any work starts.

    Illustration: check_results_folder("/proc") -> RunError("/proc: results folder is not writable …")
    """
    if not str(folder).strip():  # Path("") is the working directory: runs would land among the user's files
        raise RunError("--results: empty; give a folder (default: results)")
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise RunError(f"{folder}: exists and is not a folder; give a folder with --results DIR")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(tempfile.mkdtemp(prefix=".write-check-", dir=folder))
    except OSError as err:
        raise RunError(f"{folder}: results folder is not writable ({err.strerror or err}); "
                       "choose another with --results DIR or fix its permissions") from err
    return folder


@contextlib.contextmanager
def writing_run(destination: str | Path):
    """Report a failure to write a run (disk full, permission) as one about `destination`, not about the
    hidden temporary folder beside it where it happened; errors reading an input keep their file name.

    Illustration: with writing_run("results/x"): raise OSError(errno.ENOSPC, "No space left on device")
             -> RunError("results/x: disk full (no space left on device) while writing this run; …")
    """
    destination = Path(destination)
    try:
        yield
    except KeyboardInterrupt as err:
        raise type(err)(str(destination)) from None  # says which run was stopped (Ctrl-C or SIGTERM)
    except OSError as err:
        root = destination.parent.resolve()
        if err.filename and not Path(err.filename).resolve().is_relative_to(root):
            raise  # an input file: its own message names it
        cause, todo = _cause(err)
        raise RunError(f"{destination}: {cause} while writing this run; {todo}; {UNCHANGED}") from err


@contextlib.contextmanager
def fitting(config_path: str | Path):
    """Report scikit-learn's refusals of the data (see `DATA_ERRORS`) as one line about the config, and name
    the config in a data check's message that names only its key.

    Illustration: with fitting("t.toml"): raise ValueError("n_samples=3 should be >= n_clusters=4.")
             -> RunError("t.toml: the corpus has 3 segments, fewer than the 4 clusters asked for; …")
    """
    try:
        yield
    except UserError as err:  # a check of the data against a key ("[evaluation] ..."): name the config too
        if str(err).startswith("["):
            raise type(err)(f"{config_path}: {err}") from err
        raise
    except ValueError as err:
        for pattern, message in DATA_ERRORS:
            if m := re.search(pattern, str(err)):
                raise RunError(f"{config_path}: {message.format(*m.groups())}") from err
        raise


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose refusals are one line naming the option, like every other user error
    (argparse's own print the usage block first: several lines), with exit status 2 as before."""

    def error(self, message: str):
        self.exit(EXIT_USER, f"error: {argument_line(message)}; see `{self.prog} --help`\n")


def argument_line(message: str) -> str:
    """argparse's message with the option it is about first, as the other messages name their file.

    >>> argument_line("unrecognized arguments: --bogus")
    '--bogus: unrecognized argument(s)'
    """
    if message.startswith("argument "):
        return message.removeprefix("argument ")
    for start, cause in (("unrecognized arguments: ", "unrecognized argument(s)"),
                         ("the following arguments are required: ", "required, not given")):
        if message.startswith(start):
            return f"{message.removeprefix(start)}: {cause}"
    if m := re.match(r"ambiguous option: (\S+) (.*)", message):
        return f"{m[1]}: ambiguous option, {m[2]}"
    return message


def _cause(err: OSError) -> tuple[str, str]:
    """What went wrong with a file operation, and what to do about it."""
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk full (no space left on device)", "free some space and run again"
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (err.strerror or "permission denied").lower(), "fix the permissions or choose another place"
    if isinstance(err, FileNotFoundError):
        return "no such file or folder", "check the path"
    if isinstance(err, IsADirectoryError):
        return "is a folder where a file was expected", "give the file's path"
    if isinstance(err, (FileExistsError, NotADirectoryError)):  # a file where a folder must be made or read
        return "a file is in the way of a folder needed there", "move or rename that file"
    return (err.strerror or str(err)).lower(), "check the file and run again"


def _os_error(err: OSError) -> str:
    """One line for a failed file operation, with the file it was about."""
    cause, todo = _cause(err)
    return f"{err.filename or 'a file'}: {cause}; {todo}"


def one_line(err: BaseException) -> str:
    """The message printed for `err` (without the `error: ` prefix).

    Illustration: one_line(OSError(errno.ENOSPC, "No space left on device", "results/x/metrics.json"))
             -> "results/x/metrics.json: disk full (no space left on device); free some space and run …"
    """
    if isinstance(err, OSError):
        return _os_error(err)
    if isinstance(err, UnicodeDecodeError):
        return (f"a file is not UTF-8 (byte 0x{err.object[err.start]:02x} at offset {err.start}); "
                "save it as UTF-8 and run again")
    if isinstance(err, MemoryError):
        return "out of memory; use a smaller corpus or a machine with more memory"
    if isinstance(err, UserError):  # ours: a line break in it comes from a path or value it quotes
        return escape_breaks(str(err)) or type(err).__name__
    return str(err).splitlines()[0] if str(err) else type(err).__name__


def escape_breaks(text: str) -> str:
    r"""`text` on one line: a line break that a file name or a value brings in is shown as \n, not obeyed.

    >>> escape_breaks("to\npics.toml: config file not found")
    'to\\npics.toml: config file not found'
    """
    return text.replace("\r", "\\r").replace("\n", "\\n")


def console_warnings():
    """`warnings.formatwarning` for the console: `warning: <message on one line>`, each distinct message once,
    and a library's warning once whatever numbers it quotes (k-means warns alike for every seed and k: 35 lines
    of one cause on a degenerate corpus). run.log keeps every copy."""
    seen: set[str] = set()

    def format_(message, category, filename, lineno, line=None) -> str:
        text = re.sub(r"\s*\n\s*", " ", str(message)).strip()
        key = re.sub(r"\d+", "#", text) if "site-packages" in str(filename) else text
        if key in seen:
            return ""
        seen.add(key)
        return f"warning: {text}\n"
    return format_


def bug_line(err: BaseException) -> str:
    """The message for a failure that is not foreseen: it is a bug, say how to report it."""
    return (f"internal error ({type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}); "
            "this is a bug in stancelab: run again with --debug and report the traceback")


def interrupted_line(err: KeyboardInterrupt) -> str:
    """The message after Ctrl-C; `err` names the run that was stopped, if one was (see `writing_run`).

    Illustration: interrupted_line(KeyboardInterrupt("results/x"))
             -> "results/x: interrupted (Ctrl-C); the unfinished run was removed; results written before …"
    """
    how = "terminated (SIGTERM)" if isinstance(err, Terminated) else "interrupted (Ctrl-C)"
    if str(err):
        return f"{err}: {how}; the unfinished run was removed; {UNCHANGED}"
    return how


def exit_status(err: BaseException) -> int:
    """2 for a failure the user can fix, 130 for Ctrl-C, 143 for SIGTERM, 1 for a bug."""
    if isinstance(err, Terminated):
        return EXIT_TERMINATED
    if isinstance(err, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    return EXIT_BUG if is_bug(err) else EXIT_USER


def is_bug(err: BaseException) -> bool:
    """True for exceptions that no user input should cause (a programming error)."""
    expected = (UserError, OSError, UnicodeDecodeError, MemoryError)
    return not isinstance(err, expected)
