"""Macro-F1 of every model under every evaluation protocol, as grouped bars: the headline stance figure.

Read from metrics.json only. A score saved as a number is drawn as a bar; one saved as {mean, std}
(several seeds) gets an error bar of ± one standard deviation. Colours and hatches follow
`experiments.output.figures.style`, so the models stay apart in colour-blind reading and in grey print.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from experiments.output.figures.base import STYLE, figure, read_run, save, series_style
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


@figure
def stance_scores(run_dir: Path) -> list[Path]:
    """Grouped bars: one group per protocol, one bar per model (the baseline included)."""
    metrics, _ = read_run(run_dir)
    protocols, models, mean, std = macro_f1_table(by_protocol(metrics.get("stance", {})))
    if not models:
        return []
    width = 0.8 / len(models)
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(3.4, 2.4))
        x = np.arange(len(protocols))
        for j, model in enumerate(models):
            ax.bar(x + (j - (len(models) - 1) / 2) * width, mean[:, j], width, yerr=std[:, j] if std.any() else None,
                   label=model, capsize=2, **series_style(j))
        ax.set_xticks(x, [p.replace("_", " ") for p in protocols])
        ax.set_ylim(0, 1), ax.set_ylabel("macro-F1 (out of fold)")
        ax.legend(loc="upper left", ncols=min(len(models), 3))
        return save(fig, layout.figures(run_dir) / "stance_scores")
