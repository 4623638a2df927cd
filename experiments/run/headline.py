"""The one-line headline of a saved run, read from its metrics.json: what `stancelab runs` and `compare` show.

A stance run's headline is the `selected` model's headline score on its first protocol (else the best
model's), with its interval; a topics run's, the mean silhouette over seeds and the agreement of the seeds'
partitions. Nothing is recomputed: a run folder is read as it was saved.
"""
from __future__ import annotations


def best_model(protocol: dict) -> tuple[str, dict] | None:
    """The model (not baseline) whose headline score one protocol reports, and its scores: `selected` when the
    run has it (the model chosen on inner folds: an honest estimate), else the highest-scoring model (a choice
    made on the test folds, so optimistic; runs saved before `selected` existed).

    >>> best_model({"results": {"svm": {"kind": "model", "scores": {"macro_f1": {"value": 0.4}}},
    ...                         "selected": {"kind": "model", "scores": {"macro_f1": {"value": 0.3}}}}})[0]
    'selected'
    """
    results = protocol.get("results", {})
    if "macro_f1" in results.get("selected", {}).get("scores", {}):
        return "selected", results["selected"]["scores"]
    models = [(name, r["scores"]) for name, r in sorted(results.items())
              if r.get("kind") == "model" and "macro_f1" in r.get("scores", {})]
    if not models:
        return None
    return max(models, key=lambda item: item[1]["macro_f1"]["value"])


def interval(score: dict) -> str:
    """A score with its interval, to 3 significant digits: "0.381 [0.342, 0.420]".

    >>> interval({"value": 0.38123, "ci_low": 0.3421, "ci_high": 0.42})
    '0.381 [0.342, 0.42]'
    """
    text = f"{score['value']:.3g}"
    if "ci_low" in score and "ci_high" in score:
        text += f" [{score['ci_low']:.3g}, {score['ci_high']:.3g}]"
    return text


def stance_headline(stance: dict) -> str:
    """"macro-F1 0.381 [0.342, 0.42] (linear_svm, grouped_cv)" for the first protocol that has a model."""
    for name, protocol in stance.get("protocols", {}).items():
        if best := best_model(protocol):
            model, scores = best
            return f"macro-F1 {interval(scores['macro_f1'])} ({model}, {name})"
    return "no model scored"


def topics_headline(topics: dict) -> str:
    """"k = 6, silhouette 0.109 ± 0.0155, ARI between seeds 0.219" from a topics step's metrics."""
    parts = [f"k = {topics.get('n_clusters', '?')}"]
    silhouette = topics.get("internal", {}).get("silhouette") or {}
    if isinstance(silhouette.get("mean"), float):
        parts.append(f"silhouette {silhouette['mean']:.3g} ± {silhouette['std']:.3g}")
    ari = topics.get("stability", {}).get("pairwise_ari") or {}
    if isinstance(ari.get("mean"), float):  # None (saved NaN) with one seed: no pair to compare
        parts.append(f"ARI between seeds {ari['mean']:.3g}")
    return ", ".join(parts)


def headline(metrics: dict) -> str:
    """The headline of a run: its stance step's, else its topics step's (selection: the chosen setting too).

    >>> headline({"topics": {"n_clusters": 4}})
    'k = 4'
    """
    out = []
    if "stance" in metrics:
        out.append(stance_headline(metrics["stance"]))
    if "topics" in metrics:
        out.append(topics_headline(metrics["topics"]))
    if "selection" in metrics:
        out.append(f"chosen: {metrics['selection'].get('chosen', '?')}")
    return "; ".join(out) or "no step"
