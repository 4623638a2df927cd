"""The scale benchmark's figure: time and peak memory against segments, log-log, one line per stage."""
from __future__ import annotations

import os
from pathlib import Path

from experiments.benchmarks.scale_stages import STAGES
from experiments.benchmarks.scale_summary import measured
from experiments.output.figures.base import STYLE, plt  # base chooses the Agg backend before pyplot loads
from experiments.output.figures.base import save as save_figure
from experiments.run import layout


def draw(done: dict, out: Path) -> list[Path]:
    """Log-log time and peak memory against segments, one line per stage, with a slope-1 guide."""
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, 2, figsize=(7.0, 3.0))
        panels = (("seconds", "wall time (s)"), ("peak_mb", "peak resident memory (MB)"))
        for ax, (key, label) in zip(axes, panels, strict=True):
            for stage in STAGES:
                sizes, values = measured(done, stage, key)
                if sizes:
                    ax.plot(sizes, values, label=stage.replace("_", " "))
            lo, hi = 1_000, max(int(n) for n in done["read"])
            ax.plot([lo, hi], [1, hi / lo], color="0.6", linestyle=":", marker="", linewidth=0.8, label="slope 1")
            ax.set(xscale="log", yscale="log", xlabel="segments", ylabel=label)
        axes[1].legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7)  # outside: lines cross inside
        fig.suptitle(f"stancelab stages, {os.cpu_count()} cores", fontsize=9)
        return save_figure(fig, layout.figures(out) / "scale")
