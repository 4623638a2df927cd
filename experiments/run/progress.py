"""What a run tells the person watching it: messages, progress bars, and the run's log file.

Messages go through the `stancelab` logger, to stdout. On the console: `--quiet` shows warnings and errors only, the
default one line per step, `--verbose` also the details (timings, folds). Progress bars are drawn only
when stderr is a terminal, so logs and CI stay free of bar updates. Every run also writes all messages,
details and Python warnings included, with times, to `run.log` in its folder.
"""
from __future__ import annotations

import contextlib
import logging
import sys
import warnings
from pathlib import Path

LOGGER = logging.getLogger("stancelab")
QUIET, NORMAL, VERBOSE = -1, 0, 1
_state = {"verbosity": NORMAL}


class _Console(logging.StreamHandler):
    """Messages to whatever `sys.stdout` is when they are emitted (tests and pipes swap it)."""

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, value):
        pass


class _RunLog(logging.FileHandler):
    """run.log; failing to write it (disk full) fails the run instead of printing a logging traceback."""

    def handleError(self, record):
        raise  # noqa: PLE0704 (re-raises the error being handled by logging)


def configure(verbosity: int = NORMAL) -> None:
    """Set the console verbosity (QUIET, NORMAL or VERBOSE); messages go to stdout, bars to stderr.

    Illustration: configure(QUIET); LOGGER.info("fitted") -> nothing printed (still written to run.log)
    """
    _state["verbosity"] = verbosity
    LOGGER.setLevel(logging.DEBUG)  # the run log gets everything; the console handler filters
    LOGGER.propagate = False
    for handler in [h for h in LOGGER.handlers if isinstance(h, _Console)]:
        LOGGER.removeHandler(handler)
    console = _Console()
    console.setLevel({QUIET: logging.WARNING, NORMAL: logging.INFO}.get(verbosity, logging.DEBUG))
    console.setFormatter(logging.Formatter("%(message)s"))
    LOGGER.addHandler(console)


def progress(iterable, desc: str = "", total: int | None = None):
    """`iterable`, with a progress bar on a terminal (never in quiet mode, logs or CI).

    Illustration: for fold in progress(folds, "stance"): ...  -> a bar on a terminal, silence when piped
    """
    from tqdm import tqdm  # here: every command configures this module at start, few draw bars (0.02 s)

    show = _state["verbosity"] > QUIET and sys.stderr.isatty()
    return tqdm(iterable, desc=desc, total=total, disable=not show, leave=False, file=sys.stderr)


@contextlib.contextmanager
def log_file(path: str | Path):
    """Write every message of the `stancelab` logger, and every Python warning, to `path` meanwhile.

    Warnings still reach the console as before; the log gets a copy so a run's file is complete.
    """
    if not LOGGER.handlers:
        configure(_state["verbosity"])
    handler = _RunLog(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S"))
    LOGGER.addHandler(handler)
    show = warnings.showwarning

    def show_and_log(message, category, filename, lineno, file=None, line=None):
        handler.handle(LOGGER.makeRecord(LOGGER.name, logging.WARNING, filename, lineno,
                                         f"{category.__name__}: {message}", None, None))
        show(message, category, filename, lineno, file, line)

    try:
        with warnings.catch_warnings():
            warnings.showwarning = show_and_log
            yield LOGGER
    finally:
        LOGGER.removeHandler(handler)
        handler.close()
