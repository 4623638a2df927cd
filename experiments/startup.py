"""Start-up of the commands that compute nothing (`stancelab check`): NumPy loaded without BLAS threads.

OpenBLAS starts one thread per core when NumPy is imported, and those threads spin while they wait for work:
on 2 cores `import numpy` cost 0.16 CPU s with them and 0.08 with one thread (medians of 9 runs), for a check
that multiplies no matrix. The thread count is read once, when the library loads, from the environment; it is
set for that moment only, so the processes the command starts inherit the user's own setting.
"""
from __future__ import annotations

import os
import sys

BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")  # OpenBLAS, OpenMP and MKL builds


def numpy_without_blas_threads() -> bool:
    """Import NumPy with one BLAS thread unless it is loaded already; True when this call loaded it.

    Illustration: numpy_without_blas_threads() in a fresh `stancelab check` -> True, and
                  threadpoolctl.threadpool_info()[0]["num_threads"] -> 1
    """
    if "numpy" in sys.modules:
        return False
    saved = {name: os.environ.get(name) for name in BLAS_THREADS}
    os.environ.update(dict.fromkeys(BLAS_THREADS, "1"))
    try:
        import numpy  # noqa: F401  (the import is the point: BLAS reads the thread count now)
    finally:
        for name, value in saved.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value
    return True
