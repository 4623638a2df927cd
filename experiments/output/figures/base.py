"""What every figure shares: the registry, reading a saved run, and writing PDF and PNG without time stamps.

Contract: a figure function takes a run folder, reads only what the run saved there (metrics.json,
config.toml, tables/*.csv), writes figures/<name>.pdf and .png, and returns the paths written ([] when the
run has nothing for it). Register it with @figure; `experiments.output.figures.redraw` draws them all.
Entities take their styles from `palette(run_dir)` (experiments/output/figures/palette.py), so a model,
label or cluster looks the same in every figure. `ON_SAVE` holds functions called with each figure before
it is written (the figure test reads the artists' colours there).
"""
from __future__ import annotations

import contextlib
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen needed; the same figure on every machine
import json
import tomllib
from typing import Callable

import matplotlib.pyplot as plt
import numpy as np
from fontTools import subset
from matplotlib import cbook
from matplotlib.backend_bases import RendererBase

from experiments.output.figures.palette import Palette
from experiments.output.figures.style import STYLE, series_style  # noqa: E402,F401 (the paper style: fonts, palette)
from experiments.run import layout
from features.atomic import atomic_write

FIGURES: list[Callable[[Path], list[Path]]] = []
ON_SAVE: list[Callable] = []  # called as hook(fig, path_stem) before a figure is written


def figure(func: Callable[[Path], list[Path]]) -> Callable[[Path], list[Path]]:
    """Register a figure function (see the module docstring)."""
    FIGURES.append(func)
    return func


def read_run(run_dir: Path) -> tuple[dict, dict]:
    """The saved metrics and resolved config of a run."""
    metrics = json.loads((run_dir / layout.METRICS).read_text(encoding="utf-8"))
    config = tomllib.loads((run_dir / layout.CONFIG).read_text(encoding="utf-8"))
    return metrics, config


def palette(run_dir: Path) -> Palette:
    """The styles of the run's models, baselines, labels and clusters (from its saved config and metrics)."""
    metrics, config = read_run(run_dir)
    return Palette.of_run(config, metrics)


# A title kept at the top of its axes (matplotlib's default place) without the search for a higher one,
# which measures every tick label of the axes at each draw: for axes with categorical y ticks (no offset
# text) and no x ticks on top, the search never moves the title. Pass as ax.set_title(..., **TITLE_ON_TOP).
TITLE_ON_TOP = {"y": 1.0}


def cells(ax, values, aspect: str = "equal") -> None:
    """A matrix drawn as grey cells centred on integer coordinates, first row on top (as `imshow` places it).

    Vector cells rather than an image: a PDF holds one rectangle per cell instead of an image resampled
    to 300 dpi and compressed, and the PNG shows the same greys (within one level of 255).
    """
    values = np.asarray(values, dtype=float)
    rows, cols = values.shape
    ax.pcolormesh(np.arange(cols + 1) - 0.5, np.arange(rows + 1) - 0.5, values, cmap="Greys", vmin=0, vmax=1)
    ax.set_aspect(aspect), ax.invert_yaxis()


LAYOUT_TABLES = ["GSUB", "GPOS", "GDEF"]


@contextlib.contextmanager
def lean_font_subsets():
    """PDF fonts embedded without their OpenType layout tables, for the time of a `savefig`.

    A PDF page places every glyph itself (matplotlib laid the text out with the whole font); a viewer never
    reads the embedded font's substitution and positioning rules, and copying text goes through the
    ToUnicode map. Decoding those tables was most of the time fontTools spent subsetting DejaVu Sans
    (0.125 s per font and figure, 0.046 s without them): the same pages, written faster.
    fontTools keeps its default list of dropped tables in `Options._drop_tables_default`; when a version
    has no such list the fonts are embedded whole-table as before.
    >>> with lean_font_subsets():
    ...     "GPOS" in subset.Options().drop_tables
    True
    """
    default = getattr(subset.Options, "_drop_tables_default", None)
    if not isinstance(default, list):
        yield
        return
    subset.Options._drop_tables_default = default + [t for t in LAYOUT_TABLES if t not in default]
    try:
        yield
    finally:
        subset.Options._drop_tables_default = default


def frozen_layout(fig, dpi: float):
    """Lay the figure out once, as `savefig(bbox_inches="tight")` does for a PNG, and freeze that layout;
    returns the figure's tight bounding box (inches), padded as savefig pads it ("tight" where matplotlib lacks
    the two private helpers this uses, matplotlib >= 3.8 has both: the two savefig calls then lay out as before).

    `savefig(bbox_inches="tight")` lays a figure out (constrained layout measures every text) and measures
    its tight box for each file it writes: twice per figure, PDF and PNG. Done once here, at the PNG's
    resolution with its renderer, the PNG is the file a single tight `savefig` writes, and the PDF is drawn
    from the same layout and box (it used to lay itself out with text measured at 72 dpi, and the PNG then
    started from the PDF's layout: panels a few pixels apart from now).
    """
    if not (hasattr(cbook, "_setattr_cm") and hasattr(RendererBase, "_draw_disabled")):
        return "tight"  # a matplotlib without these private helpers: each savefig lays the figure out itself
    with cbook._setattr_cm(fig, dpi=dpi), cbook._setattr_cm(fig.canvas, _is_saving=True):
        renderer = fig.canvas.get_renderer()
        with renderer._draw_disabled():
            fig.draw(renderer)  # runs the layout engine and places the titles and tick labels
        bbox = fig.get_tightbbox(renderer)
    fig.set_layout_engine(None)  # the layout is done: savefig must not lay out (nor draw) again
    pad = matplotlib.rcParams["savefig.pad_inches"]
    return bbox.padded(pad, pad)


def save(fig, path_stem: Path) -> list[Path]:
    """Write a figure as vector PDF and 300-dpi PNG, without time stamps (files are reproducible)."""
    for hook in ON_SAVE:
        hook(fig, path_stem)
    path_stem.parent.mkdir(parents=True, exist_ok=True)
    dpi = matplotlib.rcParams["savefig.dpi"]
    bbox = frozen_layout(fig, fig.dpi if dpi == "figure" else dpi)
    out = []
    for ext, meta in (("pdf", {"CreationDate": None, "Producer": None}), ("png", {"Software": None})):
        out.append(path_stem.with_suffix(f".{ext}"))
        # `plot` redraws in a published run: never half a figure
        with atomic_write(out[-1], "wb") as f, lean_font_subsets():
            fig.savefig(f, format=ext, bbox_inches=bbox, metadata=meta)
    plt.close(fig)
    return out
