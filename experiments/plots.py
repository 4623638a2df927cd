"""Figures drawn from saved results only: plotting never refits a model.

Contract: a figure function takes a run folder, reads only what the run saved there (metrics.json,
config.toml, tables/*.csv), writes figures/<name>.pdf and .png, and returns the paths written ([] when the
run has nothing for it). Register it with @figure; `redraw(run_dir)` draws them all. The runner calls
`redraw` after the steps, and `stancelab plot RUN` calls it again on a saved run.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen needed; the same figure on every machine
import matplotlib.pyplot as plt
import json
import tomllib
from typing import Callable

import numpy as np

from experiments.style import STYLE, series_style  # noqa: E402,F401 (the paper style: fonts, palette)


FIGURES: list[Callable[[Path], list[Path]]] = []


def figure(func: Callable[[Path], list[Path]]) -> Callable[[Path], list[Path]]:
    """Register a figure function (see the module docstring)."""
    FIGURES.append(func)
    return func


def redraw(run_dir: str | Path) -> list[Path]:
    """Draw every registered figure of a run from its saved results."""
    return [p for func in FIGURES for p in func(Path(run_dir))]


def read_run(run_dir: Path) -> tuple[dict, dict]:
    """The saved metrics and resolved config of a run."""
    metrics = json.loads((run_dir / "metrics.json").read_text(encoding="utf-8"))
    config = tomllib.loads((run_dir / "config.toml").read_text(encoding="utf-8"))
    return metrics, config


def save(fig, path_stem: Path) -> list[Path]:
    """Write a figure as vector PDF and 300-dpi PNG, without time stamps (files are reproducible)."""
    path_stem.parent.mkdir(parents=True, exist_ok=True)
    out = []
    for ext, meta in (("pdf", {"CreationDate": None, "Producer": None}), ("png", {"Software": None})):
        out.append(path_stem.with_suffix(f".{ext}"))
        fig.savefig(out[-1], bbox_inches="tight", metadata=meta)
    plt.close(fig)
    return out


def confusion_figure(confusion: list[list[int]], labels: list[str], title: str, path_stem: Path) -> list[Path]:
    """Row-normalised confusion matrix (rows: true labels), counts written in each cell."""
    cm = np.asarray(confusion, dtype=float)
    norm = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1)
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(3.6, 3.2))
        ax.imshow(norm, cmap="Greys", vmin=0, vmax=1)
        for i in range(len(labels)):
            for j in range(len(labels)):
                ax.text(j, i, f"{norm[i, j]:.2f}\n({int(cm[i, j])})", ha="center", va="center",
                        fontsize=7, color="white" if norm[i, j] > 0.5 else "black")
        ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
        ax.set_yticks(range(len(labels)), labels)
        ax.set_xlabel("predicted"), ax.set_ylabel("true"), ax.set_title(title)
        return save(fig, path_stem)


@figure
def confusion_figures(run_dir: Path) -> list[Path]:
    """One confusion matrix per evaluation protocol, for the configured stance model."""
    metrics, config = read_run(run_dir)
    if "stance" not in metrics:
        return []
    model, labels = config["stance"]["model"], config["stance"]["labels"]
    return [p for protocol, by_model in metrics["stance"].items()
            for p in confusion_figure(by_model[model]["confusion"], labels, f"{model}, {protocol}",
                                      run_dir / "figures" / f"confusion_{protocol}")]


from experiments import topic_figures  # noqa: E402,F401  registers the topics figures (they import this module)
from experiments import score_figure  # noqa: E402,F401 (registers its figures after the helpers above exist)
