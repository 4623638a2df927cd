"""Macro-F1 of every model under every evaluation protocol, as grouped bars: the headline stance figure.

Read from metrics.json only. A score is drawn as a bar with its bootstrap interval (`ci_low`, `ci_high`)
as the error bar; a score saved without one has none. Each model and baseline keeps its colour and
hatch of the run's palette (`experiments.output.figures.palette`), as in every other figure of the run.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from experiments.output.figures.base import STYLE, figure, palette, read_run, save
from experiments.run import layout


def macro_f1_table(stance_metrics: dict, key: str = "macro_f1") -> tuple[list, list, np.ndarray, np.ndarray]:
    """(protocols, models, means, stds) from metrics["stance"]; a missing score is NaN.

    >>> macro_f1_table({"loao": {"logreg": {"macro_f1": 0.5}}})
    (['loao'], ['logreg'], array([[0.5]]), array([[0.]]))
    """
    protocols = [p for p, by_model in stance_metrics.items() if isinstance(by_model, dict)]
    models = list(dict.fromkeys(m for p in protocols for m, v in stance_metrics[p].items()
                                if isinstance(v, dict) and key in v))
    mean, std = np.full((len(protocols), len(models)), np.nan), np.zeros((len(protocols), len(models)))
    for i, p in enumerate(protocols):
        for j, m in enumerate(models):
            value = stance_metrics[p].get(m, {}).get(key)
            if isinstance(value, dict):
                mean[i, j], std[i, j] = value.get("mean", np.nan), value.get("std", 0.0)
            elif isinstance(value, (int, float)):
                mean[i, j] = value
    return protocols, models, mean, std


def by_protocol(stance: dict) -> dict:
    """The stance metrics as {protocol: {model: {"macro_f1": {mean, std}}}} (experiments/stance/step.py layout).

    Illustration: by_protocol({"protocols": {"grouped_cv": {"results": {"logreg": {"scores": {"macro_f1":
             {"value": 0.5, "std": 0.0}}}}}}}) -> {"grouped_cv": {"logreg": {"macro_f1": {"mean": 0.5, "std": 0.0}}}}
    """
    if "protocols" not in stance:
        return stance
    return {p: {m: {"macro_f1": {"mean": r["scores"]["macro_f1"]["value"],
                                 "std": r["scores"]["macro_f1"]["std"] or 0.0}}
                for m, r in v["results"].items()} for p, v in stance["protocols"].items()}


def intervals(stance: dict) -> tuple[list, list, np.ndarray, np.ndarray, np.ndarray]:
    """(protocols, names, value, low, high) of the macro-F1 in metrics["stance"]; no interval: low = high = value.

    >>> intervals({"protocols": {"cv": {"results": {"sgd": {"scores": {"macro_f1": {"value": 0.5, "std": 0.0}}}}}}})[2:]
    (array([[0.5]]), array([[0.5]]), array([[0.5]]))
    """
    protocols, names, mean, std = macro_f1_table(by_protocol(stance))
    low, high = mean.copy(), mean.copy()
    for i, p in enumerate(protocols):
        for j, name in enumerate(names):
            score = ((stance.get("protocols") or {}).get(p, {}).get("results", {}).get(name, {})
                     .get("scores", {}).get("macro_f1", {}))
            low[i, j], high[i, j] = score.get("ci_low", mean[i, j]), score.get("ci_high", mean[i, j])
    return protocols, names, mean, low, high


@figure
def stance_scores(run_dir: Path) -> list[Path]:
    """Grouped bars: one group per protocol, one bar per model and baseline in the run's palette order."""
    metrics, config = read_run(run_dir)
    protocols, names, mean, low, high = intervals(metrics.get("stance", {}))
    if not names:
        return []
    pal = palette(run_dir)
    kinds = {m: r.get("kind", "model") for p in (metrics["stance"].get("protocols") or {}).values()
             for m, r in p["results"].items()}
    models = pal.order("model", names)
    width = 0.8 / len(models)
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(4.8, 2.6))
        x = np.arange(len(protocols))
        for j, model in enumerate(models):
            col = names.index(model)
            ax.bar(x + (j - (len(models) - 1) / 2) * width, mean[:, col], width, capsize=1.5,
                   yerr=[mean[:, col] - low[:, col], high[:, col] - mean[:, col]], error_kw={"linewidth": 0.6},
                   label=f"{model} ({kinds.get(model, 'model')})", **pal.bar("model", model))
        ax.set_xticks(x, [p.replace("_", " ") for p in protocols])
        ax.set_xlabel("evaluation protocol")
        ax.set_ylim(0, 1), ax.set_ylabel("macro-F1 (out of fold)")
        level = round(100 * config.get("stance", {}).get("confidence", 0.95))
        ax.set_title(f"Macro-F1 of each model and baseline (bars: {level}% bootstrap interval)")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return save(fig, layout.figures(run_dir) / "stance_scores")
