"""Figures written with one layout: the PNG is the file a tight `savefig` writes, the PDF shows the same page.

Real figures of the committed seeds_stance run: each figure function is run twice, once writing through
base.save (one layout pass shared by the PDF and the PNG), once writing its PNG with matplotlib's own
`savefig(bbox_inches="tight")` (which lays the figure out again for every file it writes).
"""
import io
import re
import shutil

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

from experiments.output.figures import base, scores, stance
from experiments.output.figures.redraw import redraw
from tests.conftest import ROOT


def saved_run(tmp_path, name):
    """A copy of a committed run without its figures."""
    run_dir = tmp_path / name
    run_dir.mkdir(parents=True)
    for f in ("config.toml", "metrics.json"):
        shutil.copy(ROOT / "results" / name / f, run_dir / f)
    shutil.copytree(ROOT / "results" / name / "tables", run_dir / "tables")
    return run_dir


def tight_png(fig, stem):
    """What the figure modules wrote before sharing the layout: matplotlib's tight PNG (no PDF)."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(stem.with_suffix(".png"), bbox_inches="tight", metadata={"Software": None})
    base.plt.close(fig)
    return [stem.with_suffix(".png")]


def pdf_size(pdf: bytes) -> tuple[float, float]:
    """Width and height of a PDF's page in points (its MediaBox)."""
    x0, y0, x1, y1 = map(float, re.search(rb"/MediaBox \[\s*([^\]]+)\]", pdf).group(1).split())
    return x1 - x0, y1 - y0


@pytest.mark.parametrize("draw", [stance.confusion_figures, scores.stance_scores], ids=lambda f: f.__name__)
def test_one_layout_gives_the_tight_png_and_a_pdf_of_the_same_page(tmp_path, monkeypatch, draw):
    # confusion: constrained layout, grey cells, titles kept on top; stance_scores: no layout engine
    shared = draw(saved_run(tmp_path / "shared", "seeds_stance"))
    for module in (stance, scores):
        monkeypatch.setattr(module, "save", tight_png)
    tight = draw(saved_run(tmp_path / "tight", "seeds_stance"))
    pngs = [p for p in shared if p.suffix == ".png"]
    assert [p.name for p in pngs] == [p.name for p in tight] and pngs
    for png, reference in zip(pngs, tight, strict=True):
        assert png.read_bytes() == reference.read_bytes(), png.name
        width, height = Image.open(png).size
        page = pdf_size(png.with_suffix(".pdf").read_bytes())
        # the PDF's page is the PNG's box: 300 pixels or 72 points an inch (the PNG rounds to whole pixels)
        assert abs(page[0] / 72 * 300 - width) < 1 and abs(page[1] / 72 * 300 - height) < 1, (png.name, page)


def test_grey_cells_show_the_greys_an_image_of_the_matrix_shows():
    values = np.array([[0.78, 0.0, 0.22], [0.17, 0.83, 0.0], [0.25, 0.5, 0.25]])

    def drawn(paint) -> np.ndarray:
        with base.plt.rc_context(base.STYLE):
            fig, ax = base.plt.subplots(figsize=(2, 2))
            paint(ax)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png")
            base.plt.close(fig)
        return np.asarray(Image.open(buffer).convert("RGB"), dtype=int)

    cells = drawn(lambda ax: base.cells(ax, values))
    image = drawn(lambda ax: ax.imshow(values, cmap="Greys", vmin=0, vmax=1))
    assert cells.shape == image.shape
    assert np.abs(cells - image).max() <= 1  # one level of 255 at most: the colour map rounded otherwise
    assert len(np.unique(cells.reshape(-1, 3), axis=0)) > 5  # the cells were drawn, not a blank axes


def test_titles_kept_on_top_are_where_matplotlibs_search_would_put_them(tmp_path, monkeypatch):
    figures = []
    monkeypatch.setattr(base, "ON_SAVE", [lambda fig, stem: figures.append((stem.name, fig))])
    monkeypatch.setattr(Figure, "savefig", lambda self, f, **kwargs: f.write(b"figure"))  # the layout, no pixels
    monkeypatch.setattr(base.plt, "close", lambda fig: None)
    for name in ("seeds_stance", "seeds_topics"):
        redraw(saved_run(tmp_path, name))
    checked = 0
    for stem, fig in figures:
        kept = [ax for ax in fig.axes if ax.get_title() and ax._autotitlepos is False]
        for ax in kept:
            ax._autotitlepos = True  # matplotlib's search for a place clear of top ticks and offset texts
        fig.draw_without_rendering()
        for ax in kept:
            assert ax.title.get_position()[1] == 1.0, (stem, ax.get_title())
            checked += 1
        base.plt.close(fig)
    assert checked >= 20  # confusion panels, n-gram and term bars, heatmaps, maps, shares, topic stances


def test_without_matplotlibs_private_helpers_each_savefig_lays_the_figure_out(tmp_path, monkeypatch):
    monkeypatch.delattr(base.RendererBase, "_draw_disabled")  # as a matplotlib that renamed it would be
    fig = Figure()
    fig.add_subplot().set_title("dissuasion")
    assert base.frozen_layout(fig, 300) == "tight"
    paths = stance.confusion_figures(saved_run(tmp_path, "seeds_stance"))
    assert len(paths) == 4 and all(p.stat().st_size > 1000 for p in paths)
    assert Image.open(paths[1]).size[0] > 1000 and paths[0].read_bytes().startswith(b"%PDF")
