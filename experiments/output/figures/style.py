"""The figure style for papers: one font, fixed sizes, a colour-blind-safe palette that survives grey print.

Colours are the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), distinguishable under the
common colour-vision deficiencies. Printed in grey several of its colours look alike, so they are ordered
so that the first four differ most in lightness, and every series also gets its own hatch (bars) or line
style and marker (lines): a figure stays readable on a black-and-white printer. The font is DejaVu Sans,
shipped with matplotlib, so a figure looks the same on every machine; PDFs embed it as TrueType (Type 42),
which journals accept and which keeps the text selectable.
"""
from __future__ import annotations

from cycler import cycler

# Okabe-Ito, lightness-spread order: blue, orange, black, yellow, then green, sky blue, vermillion, purple.
PALETTE = ["#0072B2", "#E69F00", "#000000", "#F0E442", "#009E73", "#56B4E9", "#D55E00", "#CC79A7"]
HATCHES = ["", "//", "..", "xx", "\\\\", "++", "--", "oo"]
LINESTYLES = ["-", "--", ":", "-.", (0, (5, 1)), (0, (1, 1)), (0, (3, 1, 1, 1)), (0, (5, 2, 1, 2))]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

STYLE = {
    "font.family": "DejaVu Sans", "mathtext.fontset": "dejavusans",
    "font.size": 9, "axes.titlesize": 9, "axes.labelsize": 9, "xtick.labelsize": 8, "ytick.labelsize": 8,
    "legend.fontsize": 8, "legend.frameon": False,
    "axes.prop_cycle": cycler(color=PALETTE) + cycler(linestyle=LINESTYLES) + cycler(marker=MARKERS),
    "image.cmap": "cividis",  # colour-blind safe and monotonic in lightness
    "axes.spines.top": False, "axes.spines.right": False, "axes.linewidth": 0.8,
    "hatch.linewidth": 0.6, "lines.linewidth": 1.2, "lines.markersize": 4,
    "savefig.dpi": 300, "figure.dpi": 100, "pdf.fonttype": 42, "ps.fonttype": 42, "svg.fonttype": "none",
    "svg.hashsalt": "stancelab",
}


def grey(colour: str) -> float:
    """Lightness of a colour printed in grey (Rec. 709 luma), 0 black to 1 white.

    >>> grey("#000000")
    0.0
    >>> grey("#F0E442")
    0.858
    """
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return round(0.2126 * r + 0.7152 * g + 0.0722 * b, 3)


def series_style(i: int) -> dict:
    """Colour, hatch and edge of the i-th bar series: distinct in colour and in grey print.

    >>> series_style(1)
    {'color': '#E69F00', 'hatch': '//', 'edgecolor': 'black', 'linewidth': 0.6}
    """
    return {"color": PALETTE[i % len(PALETTE)], "hatch": HATCHES[i % len(HATCHES)], "edgecolor": "black",
            "linewidth": 0.6}
