"""Figures drawn from saved results only: plotting never refits a model.

The runner calls `redraw` after the steps, and `stancelab plot RUN` calls it again on a saved run.
"""
from __future__ import annotations

from pathlib import Path

# Each figure module registers its figures in base.FIGURES when imported.
from experiments.output.figures import scores, shares, stance, topics
from experiments.output.figures.base import FIGURES

MODULES = [m.__name__ for m in (stance, topics, scores, shares)]  # the drawing order


def redraw(run_dir: str | Path) -> list[Path]:
    """Draw every registered figure of a run from its saved results; returns the files written."""
    ordered = sorted(FIGURES, key=lambda func: MODULES.index(func.__module__))  # stable within a module
    return [p for func in ordered for p in func(Path(run_dir))]
