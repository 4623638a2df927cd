"""Figures of the topics step, drawn only from what the run saved (metrics.json and tables/*.csv).

Registered in base.FIGURES: the k sweep curves, stability across seeds, cluster x label contingency
heatmaps, the 2-D map by cluster and by label, top-term bars and topic shares per document/date/source.
Colours are Okabe-Ito (colour-blind safe); markers and hatches keep them apart in grey scale.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from experiments.output.figures.base import STYLE, figure, read_run, save
from experiments.output.figures.shares import stacked_shares
from experiments.output.tables import read_rows
from experiments.run import layout

PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
HATCHES = ["", "//", "..", "xx", "\\\\", "++", "oo", "--"]
CRITERIA = {"silhouette": "silhouette (higher better)", "calinski_harabasz": "Calinski-Harabasz (higher better)",
            "davies_bouldin": "Davies-Bouldin (lower better)"}


def style(i: int) -> dict:
    """Colour, marker and hatch of the i-th group (they cycle together).

    >>> style(9)["color"]
    '#56B4E9'
    """
    return {"color": PALETTE[i % 8], "marker": MARKERS[i % 8], "hatch": HATCHES[(i // 8 + i) % 8]}


def topic_metrics(run_dir: Path) -> dict | None:
    """The topics metrics of a run, or None when the run has no topics step."""
    metrics, _ = read_run(run_dir)
    return metrics.get("topics")


@figure
def k_sweep_figure(run_dir: Path) -> list[Path]:
    """Internal criteria (mean ± std over seeds) against k; the chosen k marked."""
    m = topic_metrics(run_dir)
    if not m or not m["k"]["sweep"]:
        return []
    sweep, chosen = m["k"]["sweep"], m["k"]["k"]
    ks = [r["k"] for r in sweep]
    criteria = {**CRITERIA, **({"stability": "stability (ARI, higher better)"} if "stability_mean" in sweep[0] else {})}
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, len(criteria), figsize=(2.8 * len(criteria), 2.6))
        for ax, (name, title) in zip(axes, criteria.items(), strict=True):
            mean = np.array([np.nan if r[f"{name}_mean"] is None else r[f"{name}_mean"] for r in sweep])
            std = np.array([np.nan if r[f"{name}_std"] is None else r[f"{name}_std"] for r in sweep])
            ax.errorbar(ks, mean, yerr=std, color="black", marker="o", ms=3, capsize=2)
            ax.axvline(chosen, color=PALETTE[5], ls="--", lw=1)
            ax.set_xlabel("k"), ax.set_title(title, fontsize=8)
        fig.suptitle(f"k = {chosen}: {m['k']['rule']}", fontsize=8)
        fig.tight_layout()
        return save(fig, layout.figures(run_dir) / "topics_k_sweep")


@figure
def stability_figure(run_dir: Path) -> list[Path]:
    """Pairwise ARI between the seeds' partitions, and each score as mean ± std over seeds."""
    m = topic_metrics(run_dir)
    if not m or len(m["seeds"]) < 2:
        return []  # one seed: no pair of partitions to compare
    matrix = np.array(m["stability"]["matrix"], dtype=float)
    scores = [(f"{name}: {metric}", s) for name, d in m["external"].items()
              for metric, s in d.items()]
    with plt.rc_context(STYLE):
        fig, (ax, bx) = plt.subplots(1, 2, figsize=(8, 3.2), gridspec_kw={"width_ratios": [1, 1.6]})
        ax.imshow(matrix, cmap="Greys", vmin=0, vmax=1)
        for (i, j), v in np.ndenumerate(matrix):
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7, color="white" if v > 0.5 else "black")
        ax.set_xticks(range(len(m["seeds"])), m["seeds"]), ax.set_yticks(range(len(m["seeds"])), m["seeds"])
        ax.set_title(f"ARI between seeds: {m['stability']['pairwise_ari']['mean']:.2f}", fontsize=8)
        if scores:
            bx.barh(range(len(scores)), [s["mean"] for _, s in scores], xerr=[s["std"] for _, s in scores],
                    color=PALETTE[4], capsize=2)
            bx.set_yticks(range(len(scores)), [n for n, _ in scores], fontsize=6), bx.invert_yaxis()
            bx.set_xlabel(f"score against labels, mean ± std over {len(m['seeds'])} seeds")
        else:
            bx.axis("off")
        fig.tight_layout()
        return save(fig, layout.figures(run_dir) / "topics_stability")


@figure
def contingency_figures(run_dir: Path) -> list[Path]:
    """One heatmap per label set: each cluster's composition by label (row shares, counts in cells)."""
    m = topic_metrics(run_dir)
    out = []
    for name, c in (m or {}).get("contingency", {}).items():
        table = np.array(c["table"], dtype=float)
        norm = table / np.maximum(table.sum(axis=1, keepdims=True), 1)
        with plt.rc_context(STYLE):
            fig, ax = plt.subplots(figsize=(1.2 + 0.8 * len(c["classes"]), 1.0 + 0.4 * len(table)))
            ax.imshow(norm, cmap="Greys", vmin=0, vmax=1, aspect="auto")
            for (i, j), v in np.ndenumerate(norm):
                ax.text(j, i, f"{int(table[i, j])}", ha="center", va="center", fontsize=7,
                        color="white" if v > 0.5 else "black")
            ax.set_xticks(range(len(c["classes"])), c["classes"], rotation=30, ha="right")
            ax.set_yticks(range(len(table)), [cluster_label(m, k) for k in range(len(table))])
            ax.set_title(f"clusters x {name} (shade: share of the cluster)", fontsize=8)
            out += save(fig, layout.figures(run_dir) / f"topics_contingency_{name}")
    return out


def scatter_groups(ax, xy: np.ndarray, groups: list[str], title: str) -> None:
    """Scatter of the points, one colour and marker per group, with a legend."""
    def order(v: str):  # "2: …" before "10: …"; other groups by length, then name
        head = v.split(":")[0]
        return (int(head) if head.isdigit() else 10**9, len(v), v)
    for i, g in enumerate(sorted(set(groups), key=order)):
        mask = np.array([x == g for x in groups])
        s = style(i)
        ax.scatter(xy[mask, 0], xy[mask, 1], s=10, c=s["color"], marker=s["marker"], label=g,
                   edgecolors="black", linewidths=0.2, alpha=0.8)
    ax.set_title(title, fontsize=8), ax.set_xticks([]), ax.set_yticks([])
    ax.legend(fontsize=6, markerscale=1.2, frameon=False, loc="best")


@figure
def map_figure(run_dir: Path) -> list[Path]:
    """The saved 2-D map of the segments, coloured by cluster and by each reference label set."""
    path = layout.tables(run_dir) / "map_2d.csv"
    if not path.exists():
        return []
    rows = read_rows(path)
    xy = np.array([[float(r["x"]), float(r["y"])] for r in rows])
    label_columns = [c for c in rows[0] if c not in ("id", "x", "y", "cluster")]
    _, config = read_run(run_dir)
    method = config["topics"]["map_method"]
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, 1 + len(label_columns), figsize=(3.6 * (1 + len(label_columns)), 3.4),
                                 squeeze=False)
        m = topic_metrics(run_dir)
        scatter_groups(axes[0, 0], xy, [cluster_label(m, int(r["cluster"])) for r in rows], f"clusters ({method} map)")
        for ax, column in zip(axes[0, 1:], label_columns, strict=True):
            scatter_groups(ax, xy, [r[column] for r in rows], f"reference {column} (scoring only)")
        fig.tight_layout()
        return save(fig, layout.figures(run_dir) / "topics_map")


@figure
def top_terms_figure(run_dir: Path) -> list[Path]:
    """One bar chart per cluster: its top terms by centroid weight or NMF loading."""
    path = layout.tables(run_dir) / "topic_terms.csv"
    if not path.exists():
        return []
    rows = read_rows(path)
    clusters = sorted({int(r["cluster"]) for r in rows})
    n_cols = min(4, len(clusters))
    n_rows = -(-len(clusters) // n_cols)
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(n_rows, n_cols, figsize=(2.3 * n_cols, 2.2 * n_rows), squeeze=False)
        for ax in axes.flat[len(clusters):]:
            ax.axis("off")
        for ax, k in zip(axes.flat, clusters, strict=False):
            mine = [r for r in rows if int(r["cluster"]) == k]
            ax.barh(range(len(mine)), [float(r["weight"]) for r in mine], color=style(k)["color"],
                    hatch=style(k)["hatch"], edgecolor="black", linewidth=0.3)
            ax.set_yticks(range(len(mine)), [r["term"] for r in mine], fontsize=7), ax.invert_yaxis()
            ax.set_title(cluster_label(topic_metrics(run_dir), k), fontsize=7)
            ax.tick_params(axis="x", labelsize=6)
        fig.tight_layout()
        return save(fig, layout.figures(run_dir) / "topics_top_terms")


def cluster_label(m: dict | None, k: int, n_terms: int = 3) -> str:
    """A legend entry naming a cluster: its short label (distinctive terms), else its first top terms.

    >>> cluster_label({"labels": ["test ban / ctbt / moratorium"]}, 0)
    '0: test ban / ctbt / moratorium'
    >>> cluster_label({"top_terms": [["test", "ban", "treaty"]]}, 0)
    '0: test, ban, treaty'
    """
    names, terms = (m or {}).get("labels") or [], (m or {}).get("top_terms") or []
    if k < len(names):
        return f"{k}: {names[k]}"
    return f"{k}: {', '.join(terms[k][:n_terms])}" if k < len(terms) else f"cluster {k}"


@figure
def share_figures(run_dir: Path) -> list[Path]:
    """Stacked bars of the mean topic share per document, date, source and [topics] share_by column."""
    m = topic_metrics(run_dir)
    if not m:
        return []
    _, config = read_run(run_dir)
    out = []
    for by in m.get("shares_by", ["doc", "date", "source"]):
        path = layout.tables(run_dir) / f"topic_share_{by}.csv"
        if not path.exists():
            continue
        rows = read_rows(path)
        clusters = sorted({int(r["cluster"]) for r in rows})
        title = "topic share" if by != "doc" else "topic share (documents)"
        out += stacked_shares(rows, by, "cluster", clusters, title, layout.figures(run_dir) / f"topics_share_{by}",
                              config["topics"].get("share_max_keys", 30), label=lambda k: cluster_label(m, k))
    return out


@figure
def benchmark_figure(run_dir: Path) -> list[Path]:
    """Our V-measure and ARI (mean ± std over seeds) beside the published figure of [benchmark]."""
    m = topic_metrics(run_dir)
    if not m or "benchmark" not in m:
        return []
    b = m["benchmark"]
    names = ["v_measure", "ari"]
    ours = [b["ours"][n]["mean"] for n in names]
    ours_std = [b["ours"][n]["std"] for n in names]
    published = [b["published"]["v_measure"], b["published"]["ari"]]
    published_std = [b["published"]["v_measure_std"], 0.0]
    x = np.arange(len(names))
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(3.6, 2.8))
        ax.bar(x - 0.2, published, 0.4, yerr=published_std, capsize=2, color=PALETTE[1], hatch="//",
               edgecolor="black", linewidth=0.3, label="published")
        ax.bar(x + 0.2, ours, 0.4, yerr=ours_std, capsize=2, color=PALETTE[5], edgecolor="black",
               linewidth=0.3, label=f"this run ({len(m['seeds'])} seeds)")
        for xi, v in zip(np.r_[x - 0.2, x + 0.2], published + ours, strict=True):
            ax.text(xi, v + 0.01, f"{v:.3f}", ha="center", fontsize=7)
        ax.set_xticks(x, ["V-measure", "ARI"]), ax.set_ylim(0, 1.15 * max(published + ours) + 0.05)
        ax.legend(fontsize=7, frameon=False, loc="upper right")
        ax.set_title(run_dir.name, fontsize=8)
        return save(fig, layout.figures(run_dir) / "topics_benchmark")


@figure
def stance_figure(run_dir: Path) -> list[Path]:
    """Share of each stance within each topic, with its bootstrap interval (topic_stance.csv)."""
    path = layout.tables(run_dir) / "topic_stance.csv"
    if not path.exists():
        return []
    rows, m = read_rows(path), topic_metrics(run_dir)
    clusters = sorted({int(r["cluster"]) for r in rows})
    stances = list(dict.fromkeys(r["stance"] for r in rows))
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6.4, 0.9 + 0.45 * len(clusters)))
        for i, s in enumerate(stances):
            mine = sorted((r for r in rows if r["stance"] == s), key=lambda r: int(r["cluster"]))
            share = np.array([float(r["share"]) for r in mine])
            err = [share - [float(r["low"]) for r in mine], [float(r["high"]) for r in mine] - share]
            y = np.arange(len(mine)) + (i - (len(stances) - 1) / 2) * 0.18
            ax.errorbar(share, y, xerr=err, fmt=style(i)["marker"], color=style(i)["color"], ms=4, capsize=2,
                        lw=0.8, label=s, markeredgecolor="black", markeredgewidth=0.3)
        n = {int(r["cluster"]): r["n_labelled"] for r in rows}
        ax.set_yticks(range(len(clusters)), [f"{cluster_label(m, c)} (n={n[c]})" for c in clusters], fontsize=6)
        ax.invert_yaxis(), ax.set_xlim(0, 1), ax.set_xlabel("share of the topic's labelled passages")
        ax.legend(fontsize=6, frameon=False, ncol=len(stances), loc="lower center", bbox_to_anchor=(0.5, 1.0))
        fig.tight_layout()
        return save(fig, layout.figures(run_dir) / "topics_stance")


@figure
def time_figures(run_dir: Path) -> list[Path]:
    """One small panel per topic: its share of the passages of each decade or date, with intervals."""
    m, out = topic_metrics(run_dir), []
    for by in (m or {}).get("over_time") or []:
        rows = read_rows(layout.tables(run_dir) / f"topic_time_{by}.csv")
        keys, clusters = list(dict.fromkeys(r[by] for r in rows)), sorted({int(r["cluster"]) for r in rows})
        n_cols = min(4, len(clusters))
        with plt.rc_context(STYLE):
            fig, axes = plt.subplots(-(-len(clusters) // n_cols), n_cols, figsize=(2.4 * n_cols,
                                     1.9 * -(-len(clusters) // n_cols)), squeeze=False, sharey=True)
            for ax in axes.flat[len(clusters):]:
                ax.axis("off")
            for ax, c in zip(axes.flat, clusters, strict=False):
                mine = [r for r in rows if int(r["cluster"]) == c]
                x = np.arange(len(mine))
                ax.fill_between(x, [float(r["low"]) for r in mine], [float(r["high"]) for r in mine],
                                color=style(c)["color"], alpha=0.35, lw=0)
                ax.plot(x, [float(r["share"]) for r in mine], color="black", lw=0.8, marker=".", ms=3)
                ax.set_title(cluster_label(m, c), fontsize=6)
                step = max(1, len(keys) // 4)
                ax.set_xticks(x[::step], keys[::step], fontsize=5), ax.tick_params(axis="y", labelsize=5)
            fig.suptitle(f"topic share per {by} (band: bootstrap interval)", fontsize=8)
            fig.tight_layout()
            out += save(fig, layout.figures(run_dir) / f"topics_time_{by}")
    return out
