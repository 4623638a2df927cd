"""Stance figures, drawn from a run's saved results only (metrics.json and tables/*.csv; no model is fit here).

- confusion_<protocol>: row-normalised confusion matrix of every model and baseline (repeats summed);
- f1_<protocol>: per-class F1 of every model and baseline with bootstrap-interval error bars;
- learning_curve: headline macro-F1 against the number of training segments, mean ± std band over folds;
- top_ngrams: the n-grams with the largest weight for each stance in the final model.
Every model, baseline and label keeps its colour, hatch, marker and line style of the run's palette
(experiments/output/figures/palette.py): the same in every figure, colour-blind safe and apart in grey print.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np
from matplotlib.patches import Patch

from experiments.output.figures.base import STYLE, TITLE_ON_TOP, cells, figure, palette, plt, read_run, save
from experiments.output.tables import read_rows
from experiments.run import layout


def _stance(run_dir: Path) -> dict | None:
    metrics, _ = read_run(run_dir)
    stance = metrics.get("stance")
    return stance if stance and "protocols" in stance else None


def _protocols(run_dir: Path):
    """(labels, protocol, its metrics, model and baseline names in palette order) of each saved protocol."""
    stance = _stance(run_dir)
    if not stance:
        return
    pal = palette(run_dir)
    for protocol, p in stance["protocols"].items():
        yield stance["labels"], protocol, p, pal.order("model", p["results"])


def _protocol_name(protocol: str, p: dict) -> str:
    """A protocol in words: "grouped cv (LeaveOneGroupOut(group))"."""
    return f"{protocol.replace('_', ' ')} ({p['splitter']})"


def _rows(path: Path) -> list[dict]:
    return read_rows(path) if path.is_file() else []


def _confusion_panel(ax, confusion, labels, title):
    """One matrix: each row (a true class) as shares of its segments, the share written in each cell."""
    cm = np.asarray(confusion, dtype=float)
    norm = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1)
    cells(ax, norm)  # grey: the value is the darkness
    for i in range(len(labels)):
        for j in range(len(labels)):
            ax.text(j, i, f"{norm[i, j]:.2f}", ha="center", va="center", fontsize=6,
                    color="white" if norm[i, j] > 0.5 else "black")
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right", rotation_mode="anchor", fontsize=6)
    ax.set_yticks(range(len(labels)), labels, fontsize=6)
    ax.set_xlabel("predicted", fontsize=7), ax.set_ylabel("true", fontsize=7)
    ax.set_title(title, fontsize=8, **TITLE_ON_TOP)


@figure
def confusion_figures(run_dir: Path) -> list[Path]:
    """One figure per protocol: a row-normalised confusion matrix (rows: truth) per model and baseline."""
    out = []
    for labels, protocol, p, names in _protocols(run_dir):
        cols = min(4, len(names))
        rows = -(-len(names) // cols)
        with plt.rc_context(STYLE):
            # constrained layout keeps each panel's rotated tick labels clear of the title below them
            fig, axes = plt.subplots(rows, cols, figsize=(2.3 * cols, 2.5 * rows + 0.4), squeeze=False,
                                     layout="constrained")
            for ax, name in zip(axes.flat, names, strict=False):
                _confusion_panel(ax, p["results"][name]["scores"]["confusion"], labels,
                                 f"{name} ({p['results'][name]['kind']})")
            for ax in list(axes.flat)[len(names):]:
                ax.axis("off")
            fig.suptitle(f"Confusion matrices, {_protocol_name(protocol, p)}:\n"
                         "share of each true class (row) predicted as each class (column); rows sum to 1",
                         fontsize=9)
            out += save(fig, layout.figures(run_dir) / f"confusion_{protocol}")
    return out


@figure
def f1_figures(run_dir: Path) -> list[Path]:
    """One figure per protocol: per-class F1 bars of every model and baseline, bootstrap intervals as bars."""
    out, pal = [], palette(run_dir)
    level = round(100 * read_run(run_dir)[1].get("stance", {}).get("confidence", 0.95))
    for labels, protocol, p, names in _protocols(run_dir):
        width = 0.8 / len(names)
        with plt.rc_context(STYLE):
            fig, ax = plt.subplots(figsize=(1.2 + 1.3 * len(labels), 3.0))
            for k, name in enumerate(names):
                per = p["results"][name]["scores"]["per_class"]
                f1 = np.array([per[lab]["f1"]["value"] for lab in labels])
                lo = np.array([per[lab]["f1"].get("ci_low", v) for lab, v in zip(labels, f1, strict=True)])
                hi = np.array([per[lab]["f1"].get("ci_high", v) for lab, v in zip(labels, f1, strict=True)])
                x = np.arange(len(labels)) - 0.4 + width * (k + 0.5)
                kind = p["results"][name]["kind"]
                ax.bar(x, f1, width, yerr=[f1 - lo, hi - f1], capsize=1.5, label=f"{name} ({kind})",
                       error_kw={"linewidth": 0.6}, **pal.bar("model", name))
            ax.set_xticks(range(len(labels)), labels), ax.set_xlabel("true class")
            ax.set_ylim(0, 1.05), ax.set_ylabel(f"F1 (bars: {level}% bootstrap interval)")
            ax.set_title(f"Per-class F1 of each model and baseline, {_protocol_name(protocol, p)}", fontsize=9)
            ax.legend(fontsize=6, ncol=2, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
            out += save(fig, layout.figures(run_dir) / f"f1_{protocol}")
    return out


def _curve_panel(ax, curves: dict, pal, title: str) -> None:
    """Lines (mean) and bands (± one std over folds) of the curves of one kind, ticks at the sizes drawn."""
    sizes = set()
    for name, pts in curves.items():
        n, mean, std = map(np.array, zip(*sorted(pts), strict=True))
        style = pal.style("model", name)
        ax.fill_between(n, mean - std, mean + std, color=style["color"], alpha=0.15, linewidth=0, gid=style["gid"])
        ax.plot(n, mean, markersize=3, label=name, **pal.line("model", name))
        sizes |= set(n.tolist())
    ax.set_xticks(sorted(sizes))  # the training sizes themselves: whole numbers of segments
    ax.set_xlabel("training segments"), ax.set_title(title, fontsize=8)
    handles, names = ax.get_legend_handles_labels()
    band = Patch(facecolor="grey", alpha=0.3, label="band: ± 1 std over folds")
    ax.legend([*handles, band], [*names, band.get_label()], fontsize=6, ncols=2, loc="upper center",
              bbox_to_anchor=(0.5, -0.22))  # below the panel: the curves stay visible


@figure
def learning_curve_figure(run_dir: Path) -> list[Path]:
    """Headline macro-F1 against training segments: models and baselines in two panels sharing the y axis,
    a line (mean) and a band (± one std over folds) each."""
    rows = _rows(layout.tables(run_dir) / "learning_curve.csv")
    if not rows or not _stance(run_dir):
        return []
    pal, kinds = palette(run_dir), {}
    curves = defaultdict(list)
    for r in rows:
        curves[r["model"]].append((int(r["n_train"]), float(r["mean"]), float(r["std"])))
        kinds[r["model"]] = r["kind"]
    by_kind = {kind: {n: curves[n] for n in pal.order("model", curves) if kinds[n] == kind}
               for kind in ("model", "baseline")}
    by_kind = {kind: c for kind, c in by_kind.items() if c}
    _, config = read_run(run_dir)
    protocol = (_stance(run_dir).get("learning_curve", {}).get("protocol")
                or config["stance"]["learning_curve_protocol"])
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, len(by_kind), figsize=(3.2 * len(by_kind), 3.0), sharey=True, squeeze=False,
                                 layout="constrained")
        for ax, (kind, c) in zip(axes.flat, by_kind.items(), strict=True):
            _curve_panel(ax, c, pal, f"{kind}s")
        axes[0, 0].set_ylabel("macro-F1 (held-out folds)")
        fig.suptitle(f"Learning curve ({protocol.replace('_', ' ')}): macro-F1 against training size", fontsize=9)
        return save(fig, layout.figures(run_dir) / "learning_curve")


@figure
def top_ngrams_figure(run_dir: Path) -> list[Path]:
    """The n-grams with the largest centred weight for each stance in the final model, one panel per stance."""
    rows = _rows(layout.tables(run_dir) / "top_ngrams.csv")
    if not rows or not _stance(run_dir):
        return []  # no stance step, or its final model could not be fit
    by_label = defaultdict(list)
    for r in rows:
        by_label[r["label"]].append((r["ngram"], float(r["weight"])))
    stance, pal = _stance(run_dir), palette(run_dir)
    labels = [lab for lab in stance["labels"] if lab in by_label]
    final = (stance.get("final_model") or {}).get("model") or read_run(run_dir)[1]["stance"]["final_model"]
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, len(labels), figsize=(2.2 * len(labels), 3.0), squeeze=False,
                                 layout="constrained")
        for ax, label in zip(axes.flat, labels, strict=True):
            terms, weights = zip(*by_label[label][::-1], strict=True)
            ax.barh(range(len(terms)), weights, **pal.bar("label", label))
            ax.set_yticks(range(len(terms)), terms, fontsize=6)
            ax.set_title(label, fontsize=8, **TITLE_ON_TOP), ax.tick_params(axis="x", labelsize=6)
        fig.supxlabel("weight (centred over classes)", fontsize=8), fig.supylabel("n-gram", fontsize=8)
        fig.suptitle(f"The n-grams with the largest weight for each class, final model ({final})", fontsize=9)
        return save(fig, layout.figures(run_dir) / "top_ngrams")
