"""Figures that agree: every figure of the committed runs, redrawn from their saved tables (`stancelab plot`
does the same), gives each model, baseline, label and cluster one colour, names its axes and has a title.

The figures are drawn by the real figure functions; a hook (base.ON_SAVE) reads each figure's artists
before it is written: the artists drawn for an entity carry its gid ("model:logreg"), legend entries name it.
"""
import re
import shutil
from collections import defaultdict

import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from experiments.output.figures import base
from experiments.output.figures.palette import Palette
from experiments.output.figures.redraw import redraw
from tests.conftest import ROOT

pytestmark = pytest.mark.filterwarnings("ignore:More than 20 figures")  # kept open to be read, on purpose
RUNS = ["seeds_stance", "seeds_topics", "ungdc_stance", "ungdc_topics", "news_clust_best"]


def colour(artist) -> str:
    """The colour an artist shows: a line's colour, a patch's or a collection's face."""
    if hasattr(artist, "get_color") and not hasattr(artist, "get_facecolor"):
        return to_hex(artist.get_color(), keep_alpha=False)
    face = artist.get_facecolor()
    if getattr(face, "ndim", 1) == 2:  # a collection: its first face, or its first edge when it has no face
        face = face[0] if len(face) else artist.get_edgecolor()[0]
    return to_hex(face, keep_alpha=False)


def saved_run(tmp_path, name):
    """A copy of a committed run without its figures (its tables linked, not copied)."""
    run_dir = tmp_path / name
    run_dir.mkdir(parents=True)
    for f in ("config.toml", "metrics.json"):
        shutil.copy(ROOT / "results" / name / f, run_dir / f)
    (run_dir / "tables").symlink_to(ROOT / "results" / name / "tables")
    return run_dir


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """{run: {figure stem: Figure}} of every figure of the committed runs, built but not rasterised."""
    tmp, figures = tmp_path_factory.mktemp("runs"), defaultdict(dict)

    def keep(fig, stem):
        figures[stem.parent.parent.name][stem.name] = fig

    mp = pytest.MonkeyPatch()
    mp.setattr(base, "ON_SAVE", [keep])
    mp.setattr(Figure, "savefig", lambda self, f, **kwargs: f.write(b"figure"))  # the artists, not the pixels
    mp.setattr(base.plt, "close", lambda fig: None)
    try:
        for name in RUNS:
            redraw(saved_run(tmp, name))
    finally:
        mp.undo()
    return figures


def entity_colours(fig) -> dict[str, set]:
    """{gid: colours} of the artists of a figure drawn for an entity."""
    out = defaultdict(set)
    for artist in fig.findobj(lambda a: ":" in (a.get_gid() or "")):
        out[artist.get_gid()].add(colour(artist))
    return out


def test_every_registered_figure_is_drawn_from_the_saved_runs(drawn):
    stems = {stem for run in drawn.values() for stem in run}
    for expected in ("stance_scores", "confusion_grouped_cv", "f1_repeated_cv", "learning_curve", "top_ngrams",
                     "stance_share_country", "topics_k_sweep", "topics_stability", "topics_contingency_labels",
                     "topics_map", "topics_top_terms", "topics_share_doc", "topics_stance", "topics_time_decade",
                     "topics_benchmark"):
        assert expected in stems, expected
    assert sum(len(run) for run in drawn.values()) >= 36  # the stems above and each run's per-protocol figures


def test_each_entity_has_one_colour_in_every_figure_of_every_run(drawn):
    seen = defaultdict(set)  # gid -> colours over all figures of all runs
    for run, figures in drawn.items():
        for stem, fig in figures.items():
            for gid, colours in entity_colours(fig).items():
                assert len(colours) == 1, (run, stem, gid, colours)
                seen[gid] |= colours
    assert {g.split(":")[0] for g in seen} == {"model", "label", "cluster"}
    assert {gid: c for gid, c in seen.items() if len(c) > 1} == {}
    # the stance labels: the first four colours of the palette, in the codebook's order, in both kinds of run
    assert [seen[f"label:{lab}"] for lab in ("deterrence", "escalation", "reassurance", "none")] == [
        {"#0072b2"}, {"#e69f00"}, {"#000000"}, {"#f0e442"}]
    # models in config order, then `selected`, then baselines: the same places in every stance run
    assert seen["model:logreg"] == {"#0072b2"} and seen["model:selected"] == {"#009e73"}
    assert seen["model:majority"] == {"#56b4e9"}
    assert seen["cluster:0"] == {"#0072b2"} and seen["cluster:1"] == {"#e69f00"}


def test_entities_of_one_kind_look_different_within_a_figure(drawn):
    for figures in drawn.values():
        for stem, fig in figures.items():
            by_kind = defaultdict(dict)
            for gid, colours in entity_colours(fig).items():
                by_kind[gid.split(":")[0]][gid] = next(iter(colours))
            for kind, colours in by_kind.items():
                if len(colours) <= 8:
                    assert len(set(colours.values())) == len(colours), (stem, kind, colours)


def test_legend_entries_show_the_colour_of_the_entity_they_name(drawn):
    checked = 0
    for figures in drawn.values():
        for stem, fig in figures.items():
            named = {gid.split(":", 1)[1]: next(iter(c)) for gid, c in entity_colours(fig).items()}
            for legend in [ax.get_legend() for ax in fig.axes if ax.get_legend()] + fig.legends:
                for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
                    label = text.get_text()
                    name = re.match(r"(\d+):|(\S+?)( \(|$)", label)
                    key = name and (name.group(1) or name.group(2))
                    if key in named:
                        assert colour(handle) == named[key], (stem, label)
                        checked += 1
    assert checked > 50


def test_every_figure_has_a_title_and_named_axes(drawn):
    for run, figures in drawn.items():
        for stem, fig in figures.items():
            axes = [ax for ax in fig.axes if ax.axison]
            assert fig.get_suptitle() or all(ax.get_title() for ax in axes), (run, stem)
            for ax in axes:
                assert ax.get_xlabel() or fig.get_supxlabel(), (run, stem, "x")
                shared = ax.get_shared_y_axes().get_siblings(ax)  # a panel sharing its y axis with a named one
                assert any(a.get_ylabel() for a in shared) or fig.get_supylabel(), (run, stem, "y")
                assert "_" not in ax.get_xlabel() + ax.get_ylabel(), (run, stem)  # words, not column names


def test_learning_curve_ticks_are_whole_training_sizes_and_bands_are_explained(drawn):
    fig = drawn["seeds_stance"]["learning_curve"]
    for ax in fig.axes:
        ticks = [t.get_text() for t in ax.get_xticklabels()]
        assert ticks and all(t.isdigit() for t in ticks), ticks
        assert "band: ± 1 std over folds" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_confusion_matrices_say_they_are_row_shares_and_tick_labels_clear_the_titles(drawn):
    fig = drawn["seeds_stance"]["confusion_grouped_cv"]
    assert "rows sum to 1" in fig.get_suptitle()
    fig.draw_without_rendering()  # the layout is computed (tick labels placed) without rasterising
    renderer = fig.canvas.get_renderer()
    axes = [ax for ax in fig.axes if ax.axison]
    for upper in axes:
        ticks = [t.get_window_extent(renderer) for t in upper.get_xticklabels()]
        for lower in axes:
            if lower.get_position().y1 < upper.get_position().y0:  # a panel below this one
                title = lower.title.get_window_extent(renderer)
                assert not any(t.overlaps(title) for t in ticks), (upper.get_title(), lower.get_title())


def test_palette_is_the_same_for_the_same_config_and_follows_its_order():
    import tomllib
    config = tomllib.loads((ROOT / "results" / "seeds_stance" / "config.toml").read_text())
    a, b = Palette.of_run(config), Palette.of_run(config)
    assert a == b and a.models[:4] == tuple(config["stance"]["models"])
    assert a.style("model", "sgd") == b.style("model", "sgd")
    swapped = {**config, "stance": {**config["stance"], "models": ["sgd", "logreg"]}}
    assert Palette.of_run(swapped).style("model", "sgd")["color"] == a.style("model", "logreg")["color"]


def test_figures_drawn_by_two_processes_are_the_files_one_process_writes(tmp_path):
    # the runner draws with [experiment] n_jobs workers: the same bytes, in the same order
    one, two = saved_run(tmp_path / "one", "seeds_topics"), saved_run(tmp_path / "two", "seeds_topics")
    serial, parallel = redraw(one), redraw(two, n_jobs=2)
    assert [p.name for p in serial] == [p.name for p in parallel] and len(serial) >= 6
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(serial, parallel, strict=True))


def test_drawing_workers_end_quietly_under_the_commands_signal_handlers(tmp_path, capfd):
    import signal

    from experiments import errors

    previous = signal.signal(signal.SIGTERM, errors.raise_terminated)  # as `stancelab` installs it
    try:
        assert redraw(saved_run(tmp_path / "ok", "seeds_topics"), n_jobs=2)
        broken = saved_run(tmp_path / "broken", "seeds_topics")
        (broken / "metrics.json").write_text("{not json", encoding="utf-8")  # every figure fails to read it
        with pytest.raises(ValueError):
            redraw(broken, n_jobs=2)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert "Traceback" not in capfd.readouterr().err  # no worker prints its own (errors reach the caller)


def test_the_benchmark_title_names_the_run_not_the_folder_it_is_drawn_in(tmp_path, monkeypatch):
    from experiments.output.figures import topics

    titles = {}
    monkeypatch.setattr(base, "ON_SAVE", [lambda fig, stem: titles.setdefault(stem.name, fig.axes[0].get_title())])
    staging = saved_run(tmp_path, "news_clust_best").rename(tmp_path / ".news_clust_best.tmp-17343")  # as the runner
    assert [p.name for p in topics.benchmark_figure(staging)] == ["topics_benchmark.pdf", "topics_benchmark.png"]
    assert titles["topics_benchmark"] == "news_clust_best: this run beside the published figure"
