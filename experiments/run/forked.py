"""Work handed to a forked process while this one goes on: the run's two cores used on a small corpus.

On a small corpus a joblib process pool costs more than it saves (each loky worker imports scikit-learn,
about 2 CPU s, and starts with an empty FitCache), so the folds run in this process (`backend.n_jobs`).
What can still use a second core is a whole independent part of the run: a forked child shares the
parent's imports and memory at once (copy on write) and costs milliseconds to start. `Forked` runs one
function there (the learning curves while the evaluation protocols run here); the result is the one the
same call gives in this process, since the child starts from the parent's exact state (the function and
its arguments are inherited through the fork, never serialised) and sends back only its return value.
Without fork (Windows, macOS spawn), or with n_jobs = 1, the call runs here when asked.
"""
from __future__ import annotations

import multiprocessing
import signal

_CALLS: dict[int, tuple] = {}  # key -> (function, arguments), read by the forked child from its copy


def quiet_worker() -> None:
    """A forked worker leaves Ctrl-C and SIGTERM to the command (it inherits the command's handlers, which
    would print a traceback per worker): the command stops the worker itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _call(key: int):
    func, args = _CALLS[key]
    return func(*args)


def can_fork() -> bool:
    """Whether this platform starts processes by fork (the child then needs no import and no pickled input)."""
    return "fork" in multiprocessing.get_all_start_methods()


class Forked:
    """`func(*args)` started in one forked process when `n_jobs` > 1 (else deferred); `result()` returns it.

    A failure in the child is raised by `result()` in this process; Ctrl-C, or an error here before
    `result()`, ends the child through `close()` (use it as a context manager).
    >>> with Forked(sum, [1, 2, 3], n_jobs=2) as job:
    ...     job.result()
    6
    """

    def __init__(self, func, *args, n_jobs: int = 1):
        self._func, self._args, self._pool, self._pending = func, args, None, None
        if n_jobs > 1 and can_fork():
            _CALLS[id(self)] = (func, args)  # the child is forked when the pool starts: it holds its copy
            try:
                self._pool = multiprocessing.get_context("fork").Pool(1, initializer=quiet_worker)
            finally:
                del _CALLS[id(self)]
            self._pending = self._pool.apply_async(_call, (id(self),))

    @property
    def forked(self) -> bool:
        """Whether the call runs in a forked process."""
        return self._pool is not None

    def result(self):
        """The return value of the call (waiting for the child, or calling it here)."""
        if self._pool is None:
            return self._func(*self._args)
        return self._pending.get()

    def close(self, wait: bool = True) -> None:
        """End the child: let it finish its (already collected) work, or stop it at once (`wait=False`)."""
        if self._pool is None:
            return
        if wait:
            self._pool.close()
        else:
            self._pool.terminate()
        self._pool.join()
        self._pool = None

    def __enter__(self) -> "Forked":
        return self

    def __exit__(self, kind, error, trace) -> None:
        self.close(wait=kind is None)
