"""The label shares of a whole corpus from its labels alone: the passages read, plus a random draw of the rest.

Targeted batches (uncertainty, census) make a labelled set that is not a sample of the corpus, and a model's
"classify and count" shares carry the model's errors. When the last batch is a random draw from the passages no
earlier batch read (`annotate sample --strategy random --exclude <every earlier label file>`), the corpus splits
into two strata: the passages read before the draw, whose labels are known, and the rest, whose shares the draw
estimates. So each label's count is (its count among the passages read) + (the rest's size x its share in the
draw), with a Wilson interval on that share (scipy's binomtest). Nothing is fitted.

    python -m experiments.annotate.estimate seeds/ungdc/labels.csv \\
        seeds/ungdc/sampling/batch20_random.sampling.json --n-corpus 17080
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from experiments.annotate.records import read_label_rows
from features.errors import CorpusError, UserError


class EstimateError(UserError):
    """The label file and the draw do not fit the design (a draw that is not random, or ids that disagree)."""


def stratified_counts(read: dict[str, int], drawn: dict[str, int], n_rest: int,
                      confidence: float = 0.95) -> dict[str, dict]:
    """Estimated count of each label: `read` counts of the passages read before the draw, `drawn` counts of a
    random draw from the `n_rest` passages not read, with a Wilson interval on the draw's share.

    >>> out = stratified_counts({"a": 10, "b": 0}, {"a": 0, "b": 100}, 1000)
    >>> out["a"]["count"], out["b"]["count"], round(out["a"]["high"], 1)
    (10.0, 1000.0, 47.0)
    """
    from scipy.stats import binomtest  # here: scipy.stats costs 0.4 s of import, the command only needs it

    n_drawn = sum(drawn.values())
    out = {}
    for label in sorted(set(read) | set(drawn)):
        k = drawn.get(label, 0)
        ci = binomtest(k, n_drawn).proportion_ci(confidence, method="wilson")
        base = read.get(label, 0)
        out[label] = {"read": base, "drawn": k, "share_in_draw": k / n_drawn, "count": base + n_rest * k / n_drawn,
                      "low": float(base + n_rest * ci.low), "high": float(base + n_rest * ci.high)}
    return out


def corpus_estimate(labels_file: str | Path, sampling_file: str | Path, n_corpus: int,
                    confidence: float = 0.95) -> dict:
    """The estimate for a corpus of `n_corpus` passages from a merged label file and the random draw's record.

    Illustration: corpus_estimate("seeds/ungdc/labels.csv", "seeds/ungdc/sampling/batch20_random.sampling.json",
                                  17080)["labels"]["deterrence"]["count"] -> 242.0
    """
    draw, label_of = read_draw(sampling_file), read_labels(labels_file)
    drawn_ids = set(draw["ids"])
    missing = sorted(drawn_ids - set(label_of))
    if missing:
        raise EstimateError(f"{labels_file}: {len(missing)} passage(s) of the draw have no label, e.g. {missing[0]}")
    # the passages read before the draw are those it excluded: every labelled id outside the draw, if the file
    # holds nothing labelled after it (a later batch would be counted as read before)
    before = [i for i in label_of if i not in drawn_ids]
    if len(before) != draw["n_excluded"]:
        raise EstimateError(f"{labels_file}: {len(before)} labelled passages outside the draw, but the draw "
                            f"excluded {draw['n_excluded']}; label the draw last, or merge only the files up to it")
    n_rest = n_corpus - len(before)
    if n_rest < len(drawn_ids):
        raise EstimateError(f"--n-corpus {n_corpus}: fewer unread passages ({n_rest}) than drawn ({len(drawn_ids)})")
    read, drawn = Counter(label_of[i] for i in before), Counter(label_of[i] for i in drawn_ids)
    return {"n_corpus": n_corpus, "n_read_before": len(before), "n_rest": n_rest, "n_drawn": len(drawn_ids),
            "confidence": confidence, "labels": stratified_counts(read, drawn, n_rest, confidence)}


def read_draw(path: str | Path) -> dict:
    """The record of a random draw (`annotate sample --strategy random`), checked: one line for any defect."""
    try:
        draw = json.loads(Path(path).read_text(encoding="utf-8"))
        strategy, ids, n_excluded = draw.get("strategy"), list(draw["ids"]), int(draw["n_excluded"])
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError, KeyError, TypeError,
            ValueError) as error:
        raise EstimateError(f"{path}: not a sampling record of `annotate sample` ({type(error).__name__}: "
                            f"{error})") from None
    if strategy != "random":
        raise EstimateError(f"{path}: strategy {strategy!r}; the estimate needs a random draw")
    return {"ids": ids, "n_excluded": n_excluded}


def read_labels(path: str | Path) -> dict[str, str]:
    """{id: label} of a merged label file (`annotate merge`: columns id and label at least), read by the
    project's label-file reader (`records.read_label_rows`: missing, binary or non-UTF-8 files named)."""
    try:
        rows = read_label_rows(path)
    except CorpusError as error:
        raise EstimateError(f"{path}: not a label file with columns id and label ({error})") from None
    if rows and "label" not in rows[0][1]:
        raise EstimateError(f"{path}:1: not a label file with columns id and label (no 'label' column)")
    return {row["id"].strip(): (row["label"] or "").strip() for _, row in rows}


def main(argv=None) -> int:
    """Print the estimate as a Markdown table (count and share of the corpus, with the interval)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels_file")
    parser.add_argument("sampling_file", help="the .sampling.json of the random draw")
    parser.add_argument("--n-corpus", type=int, required=True, help="passages in the corpus")
    args = parser.parse_args(argv)
    try:
        est = corpus_estimate(args.labels_file, args.sampling_file, args.n_corpus)
    except UserError as error:  # one line, exit status 2, as the stancelab command answers
        print(f"error: {error}", file=sys.stderr)
        return 2
    n, pct = est["n_corpus"], int(round(est["confidence"] * 100))
    print(f"{est['n_read_before']} passages read before the draw, {est['n_drawn']} drawn at random from the other "
          f"{est['n_rest']}; corpus {n}")
    print(f"| label | read before | in the draw | estimated count [{pct}% interval] | share of the corpus |")
    print("| --- | --- | --- | --- | --- |")
    for label, e in est["labels"].items():
        print(f"| {label} | {e['read']} | {e['drawn']} | {e['count']:.0f} [{e['low']:.0f}, {e['high']:.0f}] | "
              f"{e['count'] / n:.1%} [{e['low'] / n:.1%}, {e['high'] / n:.1%}] |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
