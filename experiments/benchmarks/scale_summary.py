"""Reading the scale benchmark's measurements: one row per stage and size with both ways side by side, the
ratios, the log-log slopes, and checks that both ways computed the same thing.
"""
from __future__ import annotations

import numpy as np

from experiments.output.tables import markdown

WAYS = ("stancelab", "plain")
ROW_KEYS = ["stage", "segments", "stancelab_cpu_s", "plain_cpu_s", "ratio_plain_over_stancelab", "stancelab_wall_s",
            "plain_wall_s", "stancelab_peak_mb", "plain_peak_mb", "same_result"]


def slope(sizes, values, min_size: int = 10_000) -> float | None:
    """Least-squares slope of log(value) on log(size) (1: linear growth), over sizes >= min_size when two
    or more are measured there (below, fixed costs such as starting worker processes weigh), else over all.

    >>> slope([1_000, 10_000, 100_000], [5.0, 2.0, 20.0])
    1.0
    >>> slope([1_000, 10_000], [1.0, 10.0])
    1.0
    """
    pairs = [(s, v) for s, v in zip(sizes, values, strict=True) if v]
    if len([p for p in pairs if p[0] >= min_size]) >= 2:
        pairs = [p for p in pairs if p[0] >= min_size]
    if len(pairs) < 2:
        return None
    x, y = np.log10([p[0] for p in pairs]), np.log10([p[1] for p in pairs])
    return round(float(np.polyfit(x, y, 1)[0]), 2)


def cell(result: dict | None, key: str, digits: int = 1) -> str:
    """A measured figure, or why there is none."""
    if result is None:
        return "-"
    if "not_run" in result:
        return result["not_run"]
    return f"{result[key]:.{digits}f}"


def rows(done: dict, checks: dict) -> list[dict]:
    """One row per stage and size measured: CPU, wall and peak memory both ways, the CPU ratio, the check."""
    out = []
    for stage, by_way in done.items():
        sizes = sorted({int(n) for way in WAYS for n in by_way.get(way, {})})
        for n in sizes:
            a, b = (by_way.get(way, {}).get(str(n)) for way in WAYS)
            ok = all(r is not None and "not_run" not in r for r in (a, b))
            out.append({"stage": stage, "segments": n, "stancelab_cpu_s": cell(a, "cpu_seconds", 2),
                        "plain_cpu_s": cell(b, "cpu_seconds", 2),
                        "ratio_plain_over_stancelab": f"{b['cpu_seconds'] / a['cpu_seconds']:.2f}" if ok else "-",
                        "stancelab_wall_s": cell(a, "seconds"), "plain_wall_s": cell(b, "seconds"),
                        "stancelab_peak_mb": cell(a, "peak_mb", 0), "plain_peak_mb": cell(b, "peak_mb", 0),
                        "same_result": checks.get(f"{stage} {n}", "-")})
    return out


def with_text_to_matrix(done: dict) -> dict:
    """`done` with a "tokenise + vectorise" stage: the two summed, for each size and way measured in both.

    The ways split the work differently: plain CountVectorizer applies min_df while counting, stancelab
    counts every n-gram once and applies min_df (per training fold) when it vectorises; the sum compares
    the same work, text to TF-IDF matrix. Peak memory: the larger of the two stages'.
    >>> d = {"tokenise": {"plain": {"10": {"cpu_seconds": 2.0, "seconds": 3.0, "peak_mb": 5}}},
    ...      "vectorise": {"plain": {"10": {"cpu_seconds": 1.0, "seconds": 1.0, "peak_mb": 7}}}}
    >>> with_text_to_matrix(d)["tokenise + vectorise"]["plain"]["10"]
    {'cpu_seconds': 3.0, 'seconds': 4.0, 'peak_mb': 7}
    """
    both = {}
    for way in WAYS:
        first, second = (done.get(stage, {}).get(way, {}) for stage in ("tokenise", "vectorise"))
        sizes = [n for n in first if n in second and "not_run" not in first[n] and "not_run" not in second[n]]
        both[way] = {n: {"cpu_seconds": first[n]["cpu_seconds"] + second[n]["cpu_seconds"],
                         "seconds": first[n]["seconds"] + second[n]["seconds"],
                         "peak_mb": max(first[n]["peak_mb"], second[n]["peak_mb"])} for n in sizes}
    if not any(both.values()):
        return done
    out = {}
    for stage, by_way in done.items():
        out[stage] = by_way
        if stage == "vectorise":
            out["tokenise + vectorise"] = both
    return out


def stage_table(table_rows: list[dict]) -> str:
    """The rows as a Markdown table."""
    head = ["stage", "segments", "stancelab CPU s", "plain CPU s", "plain / stancelab (CPU)", "stancelab wall s",
            "plain wall s", "stancelab peak MB", "plain peak MB", "same result"]
    return markdown(head, [[f"{r['segments']:,}" if k == "segments" else r[k] for k in ROW_KEYS]
                           for r in table_rows], aligned=True)


def slopes(done: dict) -> dict:
    """Per stage and way: the log-log slope of CPU seconds and of peak memory against segments."""
    out = {}
    for stage, by_way in done.items():
        for way in WAYS:
            got = [(int(n), r) for n, r in by_way.get(way, {}).items() if "not_run" not in r]
            out[f"{stage} {way}"] = {key: slope([n for n, _ in got], [r[key] for _, r in got])
                                     for key in ("cpu_seconds", "peak_mb")}
    return out


def slope_table(s: dict) -> str:
    """The slopes as a Markdown table."""
    fmt = lambda v: "-" if v is None else f"{v:.2f}"  # noqa: E731
    return markdown(["stage and way", "CPU slope", "peak memory slope"],
                    [[k, fmt(v["cpu_seconds"]), fmt(v["peak_mb"])] for k, v in s.items()], aligned=True)


def compare_matrices(a, b) -> str:
    """Whether two TF-IDF matrices are the same (shape, stored entries, largest difference).

    >>> import scipy.sparse as sp
    >>> compare_matrices(sp.csr_matrix([[1.0, 0.0]]), sp.csr_matrix([[1.0, 0.0]]))
    'yes (1x2, 1 entries, max diff 0)'
    """
    if a.shape != b.shape:
        return f"NO (shapes {a.shape} and {b.shape})"
    diff = abs(a - b).max() if a.nnz or b.nnz else 0.0
    word = "yes" if a.nnz == b.nnz and diff < 1e-12 else "NO"
    return f"{word} ({a.shape[0]}x{a.shape[1]}, {a.nnz} entries, max diff {diff:.2g})"


def compare_labels(a, b, what: str) -> str:
    """Agreement of two labelings: the adjusted Rand index (topics) or the share of equal labels (predict).

    >>> compare_labels(np.array([0, 0, 1]), np.array([1, 1, 0]), "topics")
    'ARI 1.000'
    >>> compare_labels(["a", "b"], ["a", "c"], "predict")
    '0.5000 of 2 labels equal'
    """
    if what == "topics":
        from sklearn.metrics import adjusted_rand_score

        return f"ARI {adjusted_rand_score(a, b):.3f}"
    if len(a) != len(b):
        return f"NO ({len(a)} and {len(b)} rows)"
    return f"{np.mean(np.asarray(a) == np.asarray(b)):.4f} of {len(a)} labels equal"
