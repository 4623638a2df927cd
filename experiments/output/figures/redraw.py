"""Figures drawn from saved results only: plotting never refits a model.

The runner calls `redraw` after the steps, and `stancelab plot RUN` calls it again on a saved run. With
`n_jobs` > 1 the figures are drawn by that many forked processes, one figure at a time each: every figure
reads only the run folder and writes its own files, so the files are the ones one process writes (a
figure function costs 0.2-1.6 CPU s, mostly matplotlib rendering the PDF and the 300-dpi PNG from one layout,
base.save).
"""
from __future__ import annotations

import multiprocessing
from pathlib import Path

# Each figure module registers its figures in base.FIGURES when imported.
from experiments.output.figures import base, scores, shares, stance, topics
from experiments.run.forked import can_fork, quiet_worker

MODULES = [m.__name__ for m in (stance, topics, scores, shares)]  # the drawing order


def ordered_figures() -> list:
    """The registered figure functions in drawing order (stable within a module)."""
    return sorted(base.FIGURES, key=lambda func: MODULES.index(func.__module__))


def _draw(job: tuple[int, str]) -> list[Path]:
    """Figure number `job[0]` of the run folder `job[1]` (in a forked worker: the registry is the parent's)."""
    number, run_dir = job
    return ordered_figures()[number](Path(run_dir))


def redraw(run_dir: str | Path, n_jobs: int = 1) -> list[Path]:
    """Draw every registered figure of a run from its saved results; returns the files written, in order."""
    ordered = ordered_figures()
    # hooks (ON_SAVE) read the figures in this process, and fork is needed for workers that share the registry
    if n_jobs < 2 or base.ON_SAVE or not can_fork():
        return [p for func in ordered for p in func(Path(run_dir))]
    pool = multiprocessing.get_context("fork").Pool(min(n_jobs, len(ordered)), initializer=quiet_worker)
    try:
        drawn = pool.map(_draw, [(i, str(run_dir)) for i in range(len(ordered))], chunksize=1)
    except BaseException:  # a figure failed, or Ctrl-C: the workers stop at once
        pool.terminate()
        pool.join()
        raise
    pool.close()  # the workers end on their own once the figures are drawn
    pool.join()
    return [p for paths in drawn for p in paths]
