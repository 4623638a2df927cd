"""`stancelab compare RUN_A RUN_B`: how two saved runs differ, in their scores and in their settings.

Scores: every model and baseline of every protocol both runs share (headline macro-F1 and accuracy, each
with both intervals and the difference), and the topic criteria (internal, stability, external) as mean ±
std. Settings: every config key whose resolved value differs (the usual reason for a difference). Nothing
is refitted; both folders are read as saved.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from experiments.output.tables import markdown
from experiments.run import layout
from experiments.run.catalog import read_json
from experiments.run.headline import interval

STANCE_SCORES = ("macro_f1", "accuracy")


def flat(config: dict) -> dict[str, object]:
    """`section.key -> value` of a resolved config.

    >>> flat({"logreg": {"C": 1.0}})
    {'logreg.C': 1.0}
    """
    return {f"{section}.{key}": value for section, table in config.items() if isinstance(table, dict)
            for key, value in table.items()}


def setting_rows(config_a: dict, config_b: dict) -> list[tuple[str, str, str]]:
    """(key, value in A, value in B) for every key that differs; "-" where a run lacks the key."""
    a, b = flat(config_a), flat(config_b)
    return [(key, repr(a.get(key, "-")), repr(b.get(key, "-"))) for key in sorted(set(a) | set(b))
            if a.get(key, "-") != b.get(key, "-")]


def stance_rows(a: dict, b: dict) -> list[tuple[str, str, str, str]]:
    """(what, A with interval, B with interval, B - A) for scores both stance steps have."""
    rows = []
    pa, pb = a.get("protocols", {}), b.get("protocols", {})
    for protocol in [p for p in pa if p in pb]:
        ra, rb = pa[protocol]["results"], pb[protocol]["results"]
        for model in sorted(set(ra) & set(rb)):
            for score in STANCE_SCORES:
                sa, sb = ra[model]["scores"].get(score), rb[model]["scores"].get(score)
                if sa and sb:
                    rows.append((f"{protocol} {model} {score}", interval(sa), interval(sb),
                                 f"{sb['value'] - sa['value']:+.3g}"))
    return rows


def mean_std(node: dict) -> str:
    return f"{node['mean']:.3g} ± {node['std']:.3g}"


def topic_rows(a: dict, b: dict) -> list[tuple[str, str, str, str]]:
    """(criterion, A mean ± std, B mean ± std, B - A) for the topic criteria both runs have."""
    pairs = [(f"internal {k}", a.get("internal", {}).get(k), b.get("internal", {}).get(k))
             for k in sorted(a.get("internal", {}))]
    pairs.append(("ARI between seeds", a.get("stability", {}).get("pairwise_ari"),
                  b.get("stability", {}).get("pairwise_ari")))
    for ref in sorted(set(a.get("external", {})) & set(b.get("external", {}))):
        pairs += [(f"{ref} {k}", a["external"][ref].get(k), b["external"][ref].get(k))
                  for k in sorted(a["external"][ref])]
    if "n_clusters" in a and "n_clusters" in b:  # stance runs have no topics: no k row
        pairs.append(("k", {"mean": a["n_clusters"], "std": 0}, {"mean": b["n_clusters"], "std": 0}))
    numbers = (int, float)  # a NaN is saved as null: one seed has no pair to compare
    return [(name, mean_std(x), mean_std(y), f"{y['mean'] - x['mean']:+.3g}") for name, x, y in pairs
            if isinstance(x, dict) and isinstance(y, dict) and isinstance(x.get("mean"), numbers)
            and isinstance(y.get("mean"), numbers)]


def table(header: tuple[str, ...], rows: list[tuple]) -> list[str]:
    """A Markdown table (experiments.output.tables.markdown) as lines."""
    return markdown(list(header), rows).split("\n")


def compare_runs(run_a: Path, run_b: Path) -> str:
    """The Markdown report of how run B differs from run A (scores, then settings)."""
    ma, mb = read_json(run_a / layout.METRICS), read_json(run_b / layout.METRICS)
    ca = tomllib.loads((run_a / layout.CONFIG).read_text(encoding="utf-8"))
    cb = tomllib.loads((run_b / layout.CONFIG).read_text(encoding="utf-8"))
    out = [f"A = {run_a}, B = {run_b}", ""]
    rows = stance_rows(ma.get("stance", {}), mb.get("stance", {}))
    rows += topic_rows(ma.get("topics", {}), mb.get("topics", {}))
    out += table(("score", "A", "B", "B - A"), rows) if rows else ["no score in common"]
    settings = setting_rows(ca, cb)
    out += ["", "settings that differ:", ""]
    out += table(("key", "A", "B"), settings) if settings else ["none: both runs used the same settings"]
    return "\n".join(out) + "\n"
