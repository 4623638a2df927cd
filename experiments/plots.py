"""Figures drawn from saved results only: plotting never refits a model."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen needed; the same figure on every machine
import matplotlib.pyplot as plt
import numpy as np

STYLE = {"font.size": 9, "font.family": "DejaVu Sans", "savefig.dpi": 300, "figure.dpi": 100,
         "pdf.fonttype": 42, "svg.hashsalt": "stancelab", "axes.spines.top": False, "axes.spines.right": False}


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
