"""Reading the scale benchmark's measurements: tables of times and memory, log-log slopes, the both-ways
comparison of the stance search and the targets, each met, not met or not measured.
"""
from __future__ import annotations

import numpy as np

from experiments.benchmarks.scale_search import same_scores
from experiments.benchmarks.scale_stages import EXPERIMENT, PLAIN, STAGES
from experiments.output.tables import markdown


def slope(sizes, values, min_size: int = 10_000) -> float | None:
    """Least-squares slope of log(value) on log(size) over sizes >= min_size (1: linear growth).

    Sizes below min_size are left out: there the interpreter and imports (a fixed cost) dominate.
    >>> slope([10_000, 100_000], [2.0, 20.0])
    1.0
    """
    pairs = [(s, v) for s, v in zip(sizes, values, strict=True) if s >= min_size and v]
    if len(pairs) < 2:
        return None
    x, y = np.log10([p[0] for p in pairs]), np.log10([p[1] for p in pairs])
    return round(float(np.polyfit(x, y, 1)[0]), 2)


def measured(done: dict, stage: str, key: str) -> tuple[list[int], list[float]]:
    """(sizes, values) of one stage where it ran."""
    pairs = [(int(n), r[key]) for n, r in done[stage].items() if "not_run" not in r]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def stage_table(done: dict, sizes: list[int]) -> str:
    """Size x stage: "seconds s / peak MB", or why not run; with the log-log slopes of time and memory."""
    rows = []
    for stage in STAGES:
        cells = [f"{r['seconds']:.2f} s / {r['peak_mb']:.0f} MB" if "not_run" not in r else r["not_run"]
                 for r in (done[stage][str(n)] for n in sizes)]
        slopes = [slope(*measured(done, stage, key)) for key in ("seconds", "peak_mb")]
        rows.append([stage, *cells, *["-" if s is None else f"{s:.2f}" for s in slopes]])
    return markdown(["stage", *[f"{n:,} segments" for n in sizes], "time slope", "memory slope"], rows, aligned=True)


def comparison(done: dict) -> dict:
    """Per size, model and plain way: both sides' seconds and best macro-F1, equal or not, the speed ratio."""
    out = {}
    for n, ours in done["stance_cv"].items():
        for way, stage in PLAIN.items():
            plain = done[stage].get(n, {"not_run": ""})
            if "not_run" in ours or "not_run" in plain:
                continue
            for model, a in ours["models"].items():
                b = plain["models"][model]
                out[f"{n} {model} {way}"] = {
                    "size": int(n), "model": model, "way": way, "settings": a["settings"], "folds": a["folds"],
                    "stancelab_seconds": round(a["seconds"], 2), "plain_seconds": round(b["seconds"], 2),
                    "stancelab_best_f1": a["best_score"], "plain_best_f1": b["best_score"],
                    "equal": same_scores(a, b), "ratio": round(b["seconds"] / a["seconds"], 2)}
    return out


WAY_NAMES = {"plain": "Pipeline(TfidfVectorizer) preparing the text", "hoisted": "same, text prepared once outside"}


def comparison_table(cmp: dict) -> str:
    """The both-ways table: sizes, models, plain way, scores side by side, equal or not, speed ratio."""
    rows = [[f"{c['size']:,}", c["model"], WAY_NAMES[c["way"]], f"{c['settings']} x {c['folds']}",
             f"{c['stancelab_best_f1']:.4f}", f"{c['plain_best_f1']:.4f}", "yes" if c["equal"] else "NO",
             f"{c['stancelab_seconds']:.1f}", f"{c['plain_seconds']:.1f}", f"{c['ratio']:.2f}x"] for c in cmp.values()]
    return markdown(["segments", "model", "plain way", "settings x folds", "stancelab macro-F1", "plain macro-F1",
                     "equal (every fold)", "stancelab s", "plain s", "speed ratio"], rows, aligned=True)


def full_path(done: dict, n: str = "100000") -> float | None:
    """Seconds of read + tokenise + vectorise + cluster + the stance searches at n segments (None if one is missing).

    The stance stage's own counting is left out: an experiment tokenises once, in the tokenise stage.
    Illustration: full_path({"read": {"100000": {"seconds": 1}}, ..., "stance_cv": {"100000": {"search_seconds": 50}}})
             -> 67.0
    """
    at = {stage: done[stage].get(n, {"not_run": "size not in --sizes"}) for stage in EXPERIMENT}
    if any("not_run" in r for r in at.values()):
        return None
    return round(sum(r["search_seconds" if stage == "stance_cv" else "seconds"] for stage, r in at.items()), 1)


def targets(done: dict, cmp: dict) -> dict:
    """The issue's targets, each met, not met, or not measured (None), with the figure judged.

    The ratio target is judged against the plain way; the hoisted way's ratios are reported beside it.
    """
    full = full_path(done)
    big = [c for c in cmp.values() if c["settings"] >= 8 and c["folds"] >= 5]
    largest = max((c["size"] for c in big), default=None)
    ratios = {way: {c["model"]: c["ratio"] for c in big if c["size"] == largest and c["way"] == way} for way in PLAIN}
    slopes = {stage: {key: slope(*measured(done, stage, key)) for key in ("seconds", "peak_mb")} for stage in STAGES}
    known = [s for d in slopes.values() for s in d.values() if s is not None]
    return {"full_experiment_100k_seconds": full, "full_experiment_100k_met": None if full is None else full < 120,
            "ratio_size": largest, "ratios": ratios,
            "ratio_met": {way: {m: r >= 3 for m, r in r_.items()} for way, r_ in ratios.items()},
            "all_scores_equal": all(c["equal"] for c in cmp.values()) if cmp else None,
            "slopes": slopes, "linear_met": (max(known) <= 1.1) if known else None}


def targets_text(t: dict) -> str:
    """The targets as lines of text, saying which were met."""
    word = lambda ok: "not measured" if ok is None else ("met" if ok else "NOT met")  # noqa: E731
    full = t["full_experiment_100k_seconds"]
    lines = [f"- 100k segments, read + tokenise + vectorise + cluster + stance searches (stancelab way, all models, "
             f"tokenised once): {'-' if full is None else f'{full:.1f} s'} (target < 120 s): "
             f"{word(t['full_experiment_100k_met'])}"]
    for way, ratios in t["ratios"].items():
        for model, ratio in ratios.items():
            judged = f"(target >= 3x): {word(t['ratio_met'][way][model])}" if way == "plain" else "(for comparison)"
            lines.append(f"- speed ratio at {t['ratio_size']:,} segments, {model}, 8 settings x 5 folds, against "
                         f"{WAY_NAMES[way]}: {ratio:.2f}x {judged}")
    worst = max(((s, st, k) for st, d in t["slopes"].items() for k, s in d.items() if s is not None), default=None)
    lines.append(f"- linear growth (every log-log slope over sizes >= 10k at most 1.10): {word(t['linear_met'])}"
                 + (f"; steepest {worst[0]:.2f} ({worst[1]} {'time' if worst[2] == 'seconds' else 'memory'})"
                    if worst else ""))
    lines.append(f"- all ways gave equal scores on every fold: {word(t['all_scores_equal'])}")
    return "\n".join(lines)
