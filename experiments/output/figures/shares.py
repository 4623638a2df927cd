"""Stacked-bar figures of shares per key (document, decade, country...), read from saved share tables.

One bar per key, one stacked part per category (a topic or a stance), each in the project's colour and
hatch so that the parts stay apart in grey print. A column with many values (countries) shows the
`max_keys` values with most segments, largest first, and says so in the title; the table keeps them all.
Registered figure: stance_share_<column> for the `[stance] share_by` tables of corpus_shares.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from experiments.output.figures.base import STYLE, TITLE_ON_TOP, figure, palette, plt, read_run, save
from experiments.output.figures.style import HATCHES, PALETTE
from experiments.output.tables import read_rows
from experiments.run import layout


def part_style(i: int) -> dict:
    """Colour and hatch of the i-th stacked part: past 8 parts the hatch shifts, so no two parts look alike.

    >>> part_style(8)
    {'color': '#0072B2', 'hatch': '//', 'edgecolor': 'black', 'linewidth': 0.3}
    """
    return {"color": PALETTE[i % len(PALETTE)], "hatch": HATCHES[(i + i // len(PALETTE)) % len(HATCHES)],
            "edgecolor": "black", "linewidth": 0.3}


def chosen_keys(rows: list[dict], by: str, max_keys: int) -> tuple[list[str], bool]:
    """The keys to draw: all in table order when few, else the `max_keys` with most segments.

    Returns (keys, truncated).
    Illustration: chosen_keys([{"c": "FRA", "n_segments": "5"}, {"c": "USA", "n_segments": "9"}], "c", 1)
             -> (["USA"], True)
    """
    n = {r[by]: int(r["n_segments"]) for r in rows}
    keys = list(n)
    if len(keys) <= max_keys:
        return keys, False
    return sorted(keys, key=lambda k: (-n[k], k))[:max_keys], True


KEY_NAMES = {"doc": "document", "date": "date", "source": "source"}  # a column's name in a title, in words


def stacked_shares(rows: list[dict], by: str, category: str, categories: list, title: str, stem: Path,
                   max_keys: int, label=str, style=None) -> list[Path]:
    """Horizontal stacked bars of `share` per key of column `by`, parts in `categories` order.

    `style(i, category)` gives a part's bar arguments (the run's palette); by default the i-th `part_style`.
    """
    style = style or (lambda i, cat: part_style(i))
    key_name = KEY_NAMES.get(by, by)
    keys, truncated = chosen_keys(rows, by, max_keys)
    share = {(r[by], r[category]): float(r["share"]) for r in rows}
    n = {r[by]: int(r["n_segments"]) for r in rows}
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(5.5, 0.9 + 0.22 * len(keys)))
        left = np.zeros(len(keys))
        for i, cat in enumerate(categories):
            values = np.array([share.get((key, str(cat)), 0.0) for key in keys])
            ax.barh(range(len(keys)), values, left=left, label=label(cat), **style(i, cat))
            left += values
        ax.set_yticks(range(len(keys)), [f"{k} (n={n[k]})" for k in keys], fontsize=6), ax.invert_yaxis()
        ax.set_xlim(0, 1), ax.set_xlabel("share of segments"), ax.set_ylabel(f"{key_name} (segments)")
        ax.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        more = f", the {len(keys)} with most segments" if truncated else ""
        ax.set_title(f"{title} of each {key_name}{more}", fontsize=8, **TITLE_ON_TOP)
        return save(fig, stem)


@figure
def stance_share_figures(run_dir: Path) -> list[Path]:
    """Predicted stance share of the whole corpus per column of `[stance] share_by` (final model)."""
    metrics, config = read_run(run_dir)
    shares = (metrics.get("stance") or {}).get("corpus_shares")
    if not shares:
        return []
    out, labels, pal = [], metrics["stance"]["labels"], palette(run_dir)
    for by in shares["columns"]:
        rows = read_rows(layout.tables(run_dir) / f"stance_share_{by}.csv")
        title = f"Predicted stance share ({shares['model']}, {shares['n_segments']} segments)"
        out += stacked_shares(rows, by, "label", labels, title, layout.figures(run_dir) / f"stance_share_{by}",
                              config["stance"].get("share_max_keys", 30),
                              style=lambda i, lab: pal.bar("label", lab, linewidth=0.3))
    return out
