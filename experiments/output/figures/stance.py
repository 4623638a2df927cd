"""Stance figures, drawn from a run's saved results only (metrics.json and tables/*.csv; no model is fit here).

- confusion_<protocol>: row-normalised confusion matrix of every model and baseline (repeats summed);
- f1_<protocol>: per-class F1 of every model and baseline with bootstrap-interval error bars;
- learning_curve: headline macro-F1 against the number of training segments, mean ± std band over folds;
- top_ngrams: the n-grams with the largest weight for each stance in the final model.
Colours, hatches, markers and line styles are the project's (experiments/output/figures/style.py): colour-blind safe and
apart in grey print.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np

from experiments.output.figures.base import STYLE, figure, plt, read_run, save, series_style
from experiments.output.figures.style import LINESTYLES, MARKERS, PALETTE
from experiments.output.tables import read_rows
from experiments.run import layout


def _stance(run_dir: Path) -> dict | None:
    metrics, _ = read_run(run_dir)
    stance = metrics.get("stance")
    return stance if stance and "protocols" in stance else None


def _order(names, config: dict) -> list[str]:
    """Models then baselines in the config's order (metrics.json stores them sorted by name)."""
    wanted = [*config["stance"]["models"], *config["stance"]["baselines"]]
    return [n for n in wanted if n in names] + sorted(n for n in names if n not in wanted)


def _protocols(run_dir: Path):
    """(labels, protocol, its metrics, model and baseline names in config order) of each saved protocol."""
    stance = _stance(run_dir)
    if not stance:
        return
    _, config = read_run(run_dir)
    for protocol, p in stance["protocols"].items():
        yield stance["labels"], protocol, p, _order(p["results"], config)


def _rows(path: Path) -> list[dict]:
    return read_rows(path) if path.is_file() else []


def _confusion_panel(ax, confusion, labels, title):
    cm = np.asarray(confusion, dtype=float)
    norm = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1)
    ax.imshow(norm, cmap="Greys", vmin=0, vmax=1)  # grey: the value is the darkness
    for i in range(len(labels)):
        for j in range(len(labels)):
            ax.text(j, i, f"{norm[i, j]:.2f}", ha="center", va="center", fontsize=6,
                    color="white" if norm[i, j] > 0.5 else "black")
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right", fontsize=6)
    ax.set_yticks(range(len(labels)), labels, fontsize=6)
    ax.set_title(title, fontsize=8)


@figure
def confusion_figures(run_dir: Path) -> list[Path]:
    """One figure per protocol: a row-normalised confusion matrix (rows: truth) per model and baseline."""
    out = []
    for labels, protocol, p, names in _protocols(run_dir):
        cols = min(4, len(names))
        rows = -(-len(names) // cols)
        with plt.rc_context(STYLE):
            fig, axes = plt.subplots(rows, cols, figsize=(2.1 * cols, 2.1 * rows + 0.3), squeeze=False)
            for ax, name in zip(axes.flat, names, strict=False):
                _confusion_panel(ax, p["results"][name]["scores"]["confusion"], labels, name)
            for ax in list(axes.flat)[len(names):]:
                ax.axis("off")
            fig.supxlabel("predicted", fontsize=8), fig.supylabel("true", fontsize=8)
            fig.suptitle(f"{protocol}: {p['splitter']}", fontsize=9)
            fig.tight_layout()
            out += save(fig, layout.figures(run_dir) / f"confusion_{protocol}")
    return out


@figure
def f1_figures(run_dir: Path) -> list[Path]:
    """One figure per protocol: per-class F1 bars of every model and baseline, bootstrap intervals as bars."""
    out = []
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
                       error_kw={"linewidth": 0.6}, **series_style(k))
            ax.set_xticks(range(len(labels)), labels)
            ax.set_ylim(0, 1.05), ax.set_ylabel("F1 (95% bootstrap interval)")
            ax.set_title(f"{protocol}: {p['splitter']}", fontsize=9)
            ax.legend(fontsize=6, ncol=2, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
            out += save(fig, layout.figures(run_dir) / f"f1_{protocol}")
    return out


@figure
def learning_curve_figure(run_dir: Path) -> list[Path]:
    """Headline macro-F1 against training segments, a band of ± one std over folds, per model and baseline."""
    rows = _rows(layout.tables(run_dir) / "learning_curve.csv")
    if not rows or not _stance(run_dir):
        return []
    by_model = defaultdict(list)
    for r in rows:
        by_model[(r["model"], r["kind"])].append((int(r["n_train"]), float(r["mean"]), float(r["std"])))
    _, config = read_run(run_dir)
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(4.8, 3.0))
        for k, ((name, kind), pts) in enumerate(by_model.items()):
            n, mean, std = map(np.array, zip(*sorted(pts), strict=True))
            ax.plot(n, mean, linestyle=LINESTYLES[k % 8], marker=MARKERS[k % 8], markersize=3, color=PALETTE[k % 8],
                    label=f"{name} ({kind})")
            ax.fill_between(n, mean - std, mean + std, color=PALETTE[k % 8], alpha=0.15, linewidth=0)
        ax.set_xlabel("training segments"), ax.set_ylabel("macro-F1 (held-out folds)")
        protocol = (_stance(run_dir).get("learning_curve", {}).get("protocol")
                    or config["stance"]["learning_curve_protocol"])
        ax.set_title(f"learning curve ({protocol})", fontsize=9)
        ax.legend(fontsize=6, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
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
    stance = _stance(run_dir)
    labels = [lab for lab in stance["labels"] if lab in by_label]
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, len(labels), figsize=(2.2 * len(labels), 3.0), squeeze=False)
        for k, (ax, label) in enumerate(zip(axes.flat, labels, strict=True)):
            terms, weights = zip(*by_label[label][::-1], strict=True)
            ax.barh(range(len(terms)), weights, **series_style(k))
            ax.set_yticks(range(len(terms)), terms, fontsize=6)
            ax.set_title(label, fontsize=8), ax.tick_params(axis="x", labelsize=6)
        fig.supxlabel("weight (centred over classes)", fontsize=8)
        fig.tight_layout()
        return save(fig, layout.figures(run_dir) / "top_ngrams")
