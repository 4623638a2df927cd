"""A caveats paragraph written from a run's metrics.json: what a reader should know before quoting a score.

Each check reads only saved numbers (groups, per-class support, scores with intervals, corpus shares), so the
paragraph can be rebuilt for any saved run without refitting:
- few groups in grouped cross-validation (each fold trains on few groups),
- models whose headline score is below a baseline's (named, with both scores and intervals),
- classes with fewer examples than folds, and folds whose test labels were unseen in training,
- labelled training passages inside the corpus the final model labels (`[stance] share_by`).
"""
from __future__ import annotations

FEW_GROUPS = 5  # below this many groups, each training fold sees too few groups to generalise from
HEADLINE = "macro_f1"


def sig(x: float) -> str:
    """A number to 3 significant digits, as the report prints scores.

    >>> sig(0.080268), sig(0.6277), sig(12.345), sig(0.0)
    ('0.0803', '0.628', '12.3', '0')
    """
    return f"{x:.3g}"


def _score(name: str, result: dict) -> str:
    """A candidate's headline score, with its interval when the run computed one (bootstrap_resamples > 0).

    >>> _score("logreg", {"scores": {"macro_f1": {"value": 0.41234}}})
    'logreg 0.412'
    """
    s = result["scores"][HEADLINE]
    interval = f" [{sig(s['ci_low'])}, {sig(s['ci_high'])}]" if s.get("ci_low") is not None else ""
    return f"{name} {sig(s['value'])}{interval}"


def _few_groups(protocol: str, p: dict, below_all: bool) -> str:
    g = p.get("groups") or {}
    if not g or g["n_groups"] >= FEW_GROUPS:
        return ""
    unit = {"doc": "article"}.get(g["column"], g["column"])
    scheme = f"leave-one-{unit}-out" if "LeaveOneGroupOut" in p.get("splitter", "") else f"{protocol}"
    train = "one" if g["n_groups"] == 2 else f"{g['n_groups'] - 1}"
    return (f"Under {protocol}, {scheme} on {g['n_groups']} {unit}s trains each fold on {train} {unit}"
            f"{'s' * (train != 'one')} only (the largest holds {g['largest_share']:.0%} of the labelled segments)"
            + (", a likely reason every model scores below the best baseline there." if below_all else
               "; its scores say little about new " + unit + "s."))


def _below_baseline(protocol: str, p: dict) -> tuple[str, bool]:
    """Models whose headline score is below the best baseline's, and whether that is every model."""
    results = p["results"]
    baselines = {k: r for k, r in results.items() if r.get("kind") == "baseline"}
    models = {k: r for k, r in results.items() if r.get("kind") != "baseline"}
    if not baselines or not models:
        return "", False
    best = max(baselines, key=lambda k: baselines[k]["scores"][HEADLINE]["value"])
    top = baselines[best]["scores"][HEADLINE]["value"]
    below = [k for k in models if models[k]["scores"][HEADLINE]["value"] < top]
    if not below:
        return "", False
    every = len(below) == len(models)
    who = "every model" if every else _join([_score(k, models[k]) for k in below])
    return (f"Under {protocol}, {who} scores below the {_score(best, baselines[best])} baseline"
            + (f" ({_join([_score(k, models[k]) for k in below])})" if every else "") + ".", every)


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _small_classes(protocol: str, p: dict) -> str:
    """Classes with fewer examples than folds, and folds that tested a label never seen in training."""
    any_result = next(iter(p["results"].values()))
    folds = [f for f in any_result.get("folds", []) if f.get("repeat", 0) == 0]
    support = {c: x["support"] for c, x in any_result["scores"]["per_class"].items()}
    small = [f"{c} ({n})" for c, n in support.items() if n < len(folds)]
    unseen = sum(bool(f.get("unseen_test_labels")) for f in any_result.get("folds", []))
    parts = [f"{_join(small)} {'has' if len(small) == 1 else 'have'} fewer examples than its {len(folds)} folds"
             ] if small else []
    verb = "holds" if unseen == 1 else "hold"
    parts += [f"{unseen} of {len(any_result['folds'])} test folds {verb} a label absent from its training fold"
              ] if unseen else []
    return f"Under {protocol}, " + "; ".join(parts) + "." if parts else ""


def _shares(shares: dict) -> str:
    n, inside = shares.get("n_segments", 0), shares.get("n_labelled_in_corpus", 0)
    if not inside:
        return ""
    return (f"The predicted corpus shares count {inside} of {n} segments ({inside / n:.0%}) that the final "
            "model was trained on, so those shares partly repeat the annotations.")


def caveats(metrics: dict) -> str:
    """The caveats paragraph of a run ('' when there is nothing to say or no stance step).

    Illustration: caveats(seeds_stance_metrics)
             -> "Under grouped_cv, leave-one-article-out on 2 articles trains each fold on one article only ..."
    """
    stance = metrics.get("stance")
    if not isinstance(stance, dict) or "protocols" not in stance:
        return ""
    found = []
    below = {protocol: _below_baseline(protocol, p) for protocol, p in stance["protocols"].items()}
    for protocol, p in stance["protocols"].items():
        # few groups explain "every model below a baseline" only when the models beat it under another protocol
        only_here = below[protocol][1] and not all(every for _, every in below.values())
        found += [_few_groups(protocol, p, only_here), below[protocol][0], _small_classes(protocol, p)]
        leaks = (p.get("duplicates") or {}).get("test_rows_with_training_duplicate", 0)
        found += [f"Under {protocol}, {leaks} test segments have an identical prepared text in their training "
                  "fold."] if leaks else []
        found += [f"Under {protocol}: {note}" for note in p.get("notes", [])]
    found += list(stance.get("notes", [])) + [_shares(stance.get("corpus_shares") or {})]
    return " ".join(filter(None, found))
