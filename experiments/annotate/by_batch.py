"""Scores of a saved stance run, split by the annotation batch of each passage: is a change of score the model or
the passages that were added?

A run scores every labelled passage out of fold (`tables/predictions.csv`); a labels file built from batches
(`stancelab annotate merge`) names each passage's batch. Batches drawn to find hard or rare cases (uncertainty,
target) score lower than a random batch, so a set that grows by such batches can score lower as a whole while
the model does better on the passages it had before. This reads both files, fits nothing, and scores each part
with the run's own scorer and bootstrap (`experiments.stance.bootstrap.score_table`, the run's seed).

    python -m experiments.annotate.by_batch results/ungdc_stance seeds/ungdc/labels.csv --split 12 --pool 1,20
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

from experiments.api import load_run
from experiments.stance.bootstrap import score_table
from features.errors import UserError


def batch_number(batch: str) -> int:
    """The number a batch name starts with (0 when it has none).

    >>> batch_number("13_target_deterrence"), batch_number("2"), batch_number("pilot")
    (13, 2, 0)
    """
    head = batch.split("_")[0]
    return int(head) if head.isdigit() else 0


def read_predictions(run_dir: Path, model: str, protocol: str) -> tuple[list[str], dict, np.ndarray]:
    """(ids, {id: true label}, predictions as an array of repeats x ids) of one model under one protocol.

    Read as text (ids stay strings, whatever they look like), from a run folder `load_run` has checked."""
    by_repeat: dict[int, dict[str, str]] = {}
    truth: dict[str, str] = {}
    with open(run_dir / "tables" / "predictions.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["model"] == model and row["protocol"] == protocol:
                by_repeat.setdefault(int(row["repeat"]), {})[row["id"]] = row["predicted"]
                truth[row["id"]] = row["label"]
    if not truth:
        raise SystemExit(f"{run_dir}: no predictions of model {model!r} under {protocol!r}")
    ids = sorted(truth)
    return ids, truth, np.array([[by_repeat[r][i] for i in ids] for r in sorted(by_repeat)], dtype=object)


def part_scores(ids, truth, y_pred, keep, metrics: dict, config: dict) -> dict:
    """Headline macro-F1 and per-class F1 (with the run's bootstrap interval) of the passages `keep` marks."""
    s = config["stance"]
    rows = np.array([keep(i) for i in ids])
    table = score_table([truth[i] for i, k in zip(ids, rows, strict=True) if k], y_pred[:, rows], metrics["labels"],
                        metrics["headline_labels"], s["bootstrap_resamples"], s["confidence"],
                        config["experiment"]["random_state"])
    return {"n": int(rows.sum()), "macro_f1": table["macro_f1"],
            "f1": {lab: table["per_class"][lab]["f1"] for lab in metrics["headline_labels"]},
            "support": {lab: table["per_class"][lab]["support"] for lab in metrics["labels"]}}


def by_batch(run_dir: str | Path, labels_file: str | Path, model: str = "selected", protocol: str = "grouped_cv",
             split: int | None = None, pool: tuple[int, ...] = ()) -> dict[str, dict]:
    """Scores of each batch, of all passages, (with `split`) of batches <= split and > split, and (with `pool`)
    of the batches numbered in `pool` together (e.g. the randomly drawn ones: the corpus as it comes).

    Illustration: by_batch("results/ungdc_stance", "seeds/ungdc/labels.csv", split=12)["batches 1-12"]["n"] -> 1832
    """
    run = load_run(run_dir, as_frame=False)  # a damaged or incomplete run folder is refused in one line
    metrics, config = run.metrics["stance"], run.config
    with open(labels_file, encoding="utf-8", newline="") as f:
        batch = {row["id"]: row["batch"] for row in csv.DictReader(f)}
    ids, truth, y_pred = read_predictions(run.path, model, protocol)
    parts = {f"batch {b}": (lambda i, b=b: batch.get(i) == b)
             for b in sorted({batch[i] for i in ids if i in batch}, key=lambda b: (batch_number(b), b))}
    parts["all"] = lambda i: True
    if split is not None:
        parts[f"batches 1-{split}"] = lambda i: i in batch and batch_number(batch[i]) <= split
        parts[f"batches {split + 1}-"] = lambda i: i in batch and batch_number(batch[i]) > split
    if pool:
        parts[f"batches {', '.join(map(str, pool))}"] = lambda i: i in batch and batch_number(batch[i]) in pool
    return {name: part_scores(ids, truth, y_pred, keep, metrics, config) for name, keep in parts.items()}


def main(argv=None) -> int:
    """Print the scores by batch as a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir")
    parser.add_argument("labels_file")
    parser.add_argument("--model", default="selected")
    parser.add_argument("--protocol", default="grouped_cv")
    parser.add_argument("--split", type=int, default=None, help="also pool batches <= SPLIT and > SPLIT")
    parser.add_argument("--pool", type=lambda v: tuple(int(b) for b in v.split(",")), default=(),
                        help="also pool the batches of these numbers, e.g. 1,20 (the random draws)")
    args = parser.parse_args(argv)
    try:
        table = by_batch(args.run_dir, args.labels_file, args.model, args.protocol, args.split, args.pool)
    except UserError as error:  # one line, exit status 2, as the stancelab command answers
        print(f"error: {error}", file=sys.stderr)
        return 2
    stances = list(table["all"]["f1"])
    print("| passages | n | macro-F1 [95% interval] | " + " | ".join(f"{lab} F1" for lab in stances) + " |")
    print("| --- " * (3 + len(stances)) + "|")
    for name, part in table.items():
        m = part["macro_f1"]
        f1 = " | ".join(f"{v['value']:.3f}" for v in part["f1"].values())
        print(f"| {name} | {part['n']} | {m['value']:.3f} [{m['ci_low']:.3f}, {m['ci_high']:.3f}] | {f1} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
