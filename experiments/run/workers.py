"""Worker processes that leave Ctrl-C to the main process: a terminal sends SIGINT to the whole process
group, and a loky worker hit in the middle of an import prints its own traceback under the one-line message.

Workers are started with SIGINT blocked (a blocked signal stays blocked across fork and exec), so the
interrupt reaches the main process alone, which stops the run and shuts the pool down. Blocking, not
ignoring: a Ctrl-C that arrives in the main thread while a worker is being started is held, then delivered.
"""
from __future__ import annotations

import functools
import signal


def _blocking_interrupts(spawn):
    """`spawn` (loky's fork_exec) run with SIGINT blocked in the calling thread, the mask restored after."""
    @functools.wraps(spawn)
    def spawn_deaf(*args, **kwargs):
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            return spawn(*args, **kwargs)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    spawn_deaf.blocks_interrupts = True
    return spawn_deaf


def start_workers_deaf_to_interrupts() -> bool:
    """Make loky (joblib's process pool) start its workers with SIGINT blocked; True when it could.

    loky imports its `fork_exec` at each start from its module, so wrapping that module's function reaches
    every worker started later, by the main thread or by loky's manager thread. On a platform or a joblib
    without it (Windows, a future loky), nothing changes and workers behave as before.
    >>> from joblib.externals.loky.backend import fork_exec
    >>> start_workers_deaf_to_interrupts(), fork_exec.fork_exec.blocks_interrupts
    (True, True)
    """
    if not hasattr(signal, "pthread_sigmask"):
        return False
    try:
        from joblib.externals.loky.backend import fork_exec as module
    except ImportError:
        return False
    if not getattr(module.fork_exec, "blocks_interrupts", False):
        module.fork_exec = _blocking_interrupts(module.fork_exec)
    return True
