"""Figures of the topics step, drawn only from what the run saved (metrics.json and tables/*.csv).

Registered in base.FIGURES: the k sweep curves, stability across seeds, cluster x label contingency
heatmaps, the 2-D map by cluster and by label, top-term bars and topic shares per document/date/source.
Every cluster and label keeps its colour, marker and hatch of the run's palette (palette.py): Okabe-Ito
(colour-blind safe), markers and hatches keeping them apart in grey print, the same in every figure.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from experiments.output.figures.base import STYLE, TITLE_ON_TOP, cells, figure, palette, read_run, save
from experiments.output.figures.shares import stacked_shares
from experiments.output.figures.style import PALETTE
from experiments.output.tables import read_rows
from experiments.run import layout

CRITERIA = {"silhouette": "silhouette (higher better)", "calinski_harabasz": "Calinski-Harabasz (higher better)",
            "davies_bouldin": "Davies-Bouldin (lower better)"}
SCORES = {"ari": "adjusted Rand index", "nmi": "normalised mutual information", "v_measure": "V-measure",
          "homogeneity": "homogeneity", "completeness": "completeness"}


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
            ax.errorbar(ks, mean, yerr=std, color="black", marker="o", ms=3, capsize=2, label="mean ± std over seeds")
            ax.axvline(chosen, color=PALETTE[6], ls="--", lw=1, label=f"chosen k = {chosen}")
            ax.set_xticks(ks), ax.set_xlabel("number of clusters k"), ax.set_ylabel("score")
            ax.set_title(title, fontsize=8)
        axes[0].legend(fontsize=6, loc="best")
        fig.suptitle(f"Cluster quality against the number of clusters; chosen k = {chosen} ({m['k']['rule']})",
                     fontsize=9)
        fig.tight_layout()
        return save(fig, layout.figures(run_dir) / "topics_k_sweep")


@figure
def stability_figure(run_dir: Path) -> list[Path]:
    """Pairwise ARI between the seeds' partitions, and each score as mean ± std over seeds."""
    m = topic_metrics(run_dir)
    if not m or len(m["seeds"]) < 2:
        return []  # one seed: no pair of partitions to compare
    matrix = np.array(m["stability"]["matrix"], dtype=float)
    scores = [(f"{SCORES.get(metric, metric)} vs {name}", s) for name, d in m["external"].items()
              for metric, s in d.items()]
    with plt.rc_context(STYLE):
        fig, (ax, bx) = plt.subplots(1, 2, figsize=(8, 3.2), gridspec_kw={"width_ratios": [1, 1.6]})
        cells(ax, matrix)
        for (i, j), v in np.ndenumerate(matrix):
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7, color="white" if v > 0.5 else "black")
        ax.set_xticks(range(len(m["seeds"])), m["seeds"]), ax.set_yticks(range(len(m["seeds"])), m["seeds"])
        ax.set_xlabel("random seed"), ax.set_ylabel("random seed")
        mean_ari = m["stability"]["pairwise_ari"]["mean"]
        ax.set_title(f"Adjusted Rand index between seeds' partitions\n(mean {mean_ari:.2f})", fontsize=8,
                     **TITLE_ON_TOP)
        if scores:
            bx.barh(range(len(scores)), [s["mean"] for _, s in scores], xerr=[s["std"] for _, s in scores],
                    color=PALETTE[0], capsize=2)
            bx.set_yticks(range(len(scores)), [n for n, _ in scores], fontsize=6), bx.invert_yaxis()
            bx.set_xlabel(f"score, mean ± std over {len(m['seeds'])} seeds"), bx.set_ylabel("score vs reference")
            bx.set_title("Clusters scored against the reference columns (scoring only)", fontsize=8, **TITLE_ON_TOP)
        else:
            bx.axis("off")
        fig.suptitle("Stability of the topics across random seeds", fontsize=9)
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
            cells(ax, norm, aspect="auto")
            for (i, j), v in np.ndenumerate(norm):
                ax.text(j, i, f"{int(table[i, j])}", ha="center", va="center", fontsize=7,
                        color="white" if v > 0.5 else "black")
            ax.set_xticks(range(len(c["classes"])), c["classes"], rotation=30, ha="right")
            ax.set_yticks(range(len(table)), [cluster_label(m, k) for k in range(len(table))])
            ax.set_xlabel(f"reference {name}"), ax.set_ylabel("cluster")
            ax.set_title(f"Clusters against {name}: segment counts (shade: share of the cluster's row)", fontsize=8,
                         **TITLE_ON_TOP)
            out += save(fig, layout.figures(run_dir) / f"topics_contingency_{name}")
    return out


def scatter_groups(ax, xy: np.ndarray, groups: list, title: str, kind: str, pal, name=str) -> None:
    """Scatter of the points, one palette colour and marker per group (a cluster or a label), legend below;
    segments without a value (unlabelled) in light grey, beneath the others."""
    blank = np.array([x == "" for x in groups])
    if blank.any():
        ax.scatter(xy[blank, 0], xy[blank, 1], s=4, c="#BBBBBB", marker=".", linewidths=0, label="unlabelled")
    for g in pal.order(kind, set(groups) - {""}):
        mask = np.array([x == g for x in groups])
        ax.scatter(xy[mask, 0], xy[mask, 1], s=10, label=name(g), alpha=0.8, **pal.points(kind, g))
    ax.set_title(title, fontsize=8, **TITLE_ON_TOP), ax.set_xticks([]), ax.set_yticks([])
    ax.legend(fontsize=6, markerscale=1.2, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=2)


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
    method = {"svd": "SVD", "tsne": "t-SNE"}.get(config["topics"]["map_method"], config["topics"]["map_method"])
    pal, m = palette(run_dir), topic_metrics(run_dir)
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, 1 + len(label_columns), figsize=(3.6 * (1 + len(label_columns)), 4.2),
                                 squeeze=False, layout="constrained")
        scatter_groups(axes[0, 0], xy, [int(r["cluster"]) for r in rows], "coloured by cluster", "cluster", pal,
                       name=lambda k: cluster_label(m, k))
        for ax, column in zip(axes[0, 1:], label_columns, strict=True):
            scatter_groups(ax, xy, [r[column] for r in rows], f"coloured by reference {column} (scoring only)",
                           "label", pal)
        for ax in axes.flat:
            ax.set_xlabel(f"{method} dimension 1"), ax.set_ylabel(f"{method} dimension 2")
        fig.suptitle(f"Map of the segments in two dimensions ({method} of the features)", fontsize=9)
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
    n_rows, pal = -(-len(clusters) // n_cols), palette(run_dir)
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(n_rows, n_cols, figsize=(2.3 * n_cols, 2.2 * n_rows + 0.4), squeeze=False,
                                 layout="constrained")
        for ax in axes.flat[len(clusters):]:
            ax.axis("off")
        for ax, k in zip(axes.flat, clusters, strict=False):
            mine = [r for r in rows if int(r["cluster"]) == k]
            ax.barh(range(len(mine)), [float(r["weight"]) for r in mine], **pal.bar("cluster", k, linewidth=0.3))
            ax.set_yticks(range(len(mine)), [r["term"] for r in mine], fontsize=7), ax.invert_yaxis()
            ax.set_title(cluster_label(topic_metrics(run_dir), k), fontsize=7, **TITLE_ON_TOP)
            ax.tick_params(axis="x", labelsize=6)
        weight = "NMF loading" if read_run(run_dir)[1]["topics"]["method"] == "nmf" else "weight in the cluster centre"
        fig.supxlabel(f"term {weight}", fontsize=8), fig.supylabel("term", fontsize=8)
        fig.suptitle("The top terms of each topic", fontsize=9)
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
    out, pal = [], palette(run_dir)
    for by in m.get("shares_by", ["doc", "date", "source"]):
        path = layout.tables(run_dir) / f"topic_share_{by}.csv"
        if not path.exists():
            continue
        rows = read_rows(path)
        clusters = sorted({int(r["cluster"]) for r in rows})
        stem, max_keys = layout.figures(run_dir) / f"topics_share_{by}", config["topics"].get("share_max_keys", 30)
        out += stacked_shares(rows, by, "cluster", clusters, "Topic share of the segments", stem, max_keys,
                              label=lambda k: cluster_label(m, k),
                              style=lambda i, k: pal.bar("cluster", k, linewidth=0.3))
    return out


@figure
def benchmark_figure(run_dir: Path) -> list[Path]:
    """Our V-measure and ARI (mean ± std over seeds) beside the published figure of [benchmark]."""
    m = topic_metrics(run_dir)
    if not m or "benchmark" not in m:
        return []
    b, run_name = m["benchmark"], read_run(run_dir)[1]["experiment"]["name"]  # not the folder: a staging one
    ours, ours_std = ([b["ours"][n][key] for n in ("v_measure", "ari")] for key in ("mean", "std"))
    published = [b["published"]["v_measure"], b["published"]["ari"]]
    published_std = [b["published"]["v_measure_std"], 0.0]
    x = np.arange(2)
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(3.6, 2.8))
        ax.bar(x - 0.2, published, 0.4, yerr=published_std, capsize=2, color=PALETTE[1], hatch="//",
               edgecolor="black", linewidth=0.3, label="published")
        ax.bar(x + 0.2, ours, 0.4, yerr=ours_std, capsize=2, color=PALETTE[5], edgecolor="black",
               linewidth=0.3, label=f"this run ({len(m['seeds'])} seeds)")
        for xi, v in zip(np.r_[x - 0.2, x + 0.2], published + ours, strict=True):
            ax.text(xi, v + 0.01, f"{v:.3f}", ha="center", fontsize=7)
        ax.set_xticks(x, ["V-measure", "ARI"]), ax.set_ylim(0, 1.15 * max(published + ours) + 0.05)
        ax.set_xlabel("score against the reference labels"), ax.set_ylabel("score (bars: ± 1 std)")
        ax.legend(fontsize=7, frameon=False, loc="upper right")
        ax.set_title(f"{run_name}: this run beside the published figure", fontsize=8)
        return save(fig, layout.figures(run_dir) / "topics_benchmark")


@figure
def stance_figure(run_dir: Path) -> list[Path]:
    """Share of each stance within each topic, with its bootstrap interval (topic_stance.csv)."""
    path = layout.tables(run_dir) / "topic_stance.csv"
    if not path.exists():
        return []
    rows, m = read_rows(path), topic_metrics(run_dir)
    clusters = sorted({int(r["cluster"]) for r in rows})
    pal = palette(run_dir)
    stances = pal.order("label", set(r["stance"] for r in rows))
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6.4, 0.9 + 0.45 * len(clusters)))
        for i, s in enumerate(stances):
            mine = sorted((r for r in rows if r["stance"] == s), key=lambda r: int(r["cluster"]))
            share = np.array([float(r["share"]) for r in mine])
            err = [share - [float(r["low"]) for r in mine], [float(r["high"]) for r in mine] - share]
            y = np.arange(len(mine)) + (i - (len(stances) - 1) / 2) * 0.18
            line = pal.line("label", s)
            ax.errorbar(share, y, xerr=err, fmt=line["marker"], color=line["color"], gid=line["gid"], ms=4, capsize=2,
                        lw=0.8, label=s, markeredgecolor="black", markeredgewidth=0.3)
        n = {int(r["cluster"]): r["n_labelled"] for r in rows}
        ax.set_yticks(range(len(clusters)), [f"{cluster_label(m, c)} (n={n[c]})" for c in clusters], fontsize=6)
        ax.invert_yaxis(), ax.set_xlim(0, 1), ax.set_xlabel("share of the topic's labelled passages")
        ax.set_ylabel("topic (labelled passages)")
        level = round(100 * read_run(run_dir)[1]["topics"].get("confidence", 0.95))
        ax.set_title(f"Stance labels within each topic (bars: {level}% bootstrap interval)", fontsize=9,
                     **TITLE_ON_TOP)
        ax.legend(fontsize=6, frameon=False, ncol=len(stances), loc="upper center", bbox_to_anchor=(0.5, -0.12))
        fig.tight_layout()
        return save(fig, layout.figures(run_dir) / "topics_stance")


@figure
def time_figures(run_dir: Path) -> list[Path]:
    """One small panel per topic: its share of the passages of each decade or date, with intervals."""
    m, out, pal = topic_metrics(run_dir), [], palette(run_dir)
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
                                color=pal.style("cluster", c)["color"], gid=f"cluster:{c}", alpha=0.35, lw=0)
                ax.plot(x, [float(r["share"]) for r in mine], color="black", lw=0.8, marker=".", ms=3)
                ax.set_title(cluster_label(m, c), fontsize=6)
                step = max(1, len(keys) // 4)
                ax.set_xticks(x[::step], keys[::step], fontsize=5), ax.tick_params(axis="y", labelsize=5)
            fig.supxlabel(by, fontsize=8), fig.supylabel("share of the passages", fontsize=8)
            fig.suptitle(f"Topic share per {by} (line: share; band: bootstrap interval)", fontsize=9)
            fig.tight_layout()
            out += save(fig, layout.figures(run_dir) / f"topics_time_{by}")
    return out
