"""The model fits a stance config asks for, estimated before any work: the settings that multiply (folds,
repeats, models, grid values, inner folds, learning-curve sizes) are each bounded by their own maximum, and
their product is bounded here, so that a config that would fit models for days is refused in one line.

The estimate is an upper bound on the folds a grouped_cv can draw (leave-one-group-out up to
max_leave_one_out_groups groups) and counts one fit per grid value and inner fold, plus the refit.
"""
from __future__ import annotations

from experiments.config.model_sections import GRIDS

MAX_FITS = 1_000_000  # about a week of fits of a second each: no study needs more on one machine


def max_folds(evaluation, protocols) -> int:
    """The most outer folds of these protocols.

    >>> from experiments.config.sections import Evaluation
    >>> max_folds(Evaluation(), ("grouped_cv", "repeated_cv"))  # 10 groups left out one at a time, 3 x 5
    25
    """
    e = evaluation
    counts = {"grouped_cv": max(e.n_splits, e.max_leave_one_out_groups), "repeated_cv": e.n_splits * e.n_repeats,
              "fixed_split": 1}
    return sum(counts[p] for p in protocols)


def fits_per_fold(config) -> int:
    """The fits of every [stance] model in one outer fold: its grid times the inner folds, plus its refit."""
    total = 0
    for name in config.stance.models:
        members = config.soft_vote.members if name == "soft_vote" else (name,)  # a soft vote zips its grids
        grid = max(len(getattr(config.model_params(m), GRIDS[m][1])) for m in members)
        total += grid * config.evaluation.inner_splits + 1 if config.evaluation.search and grid > 1 else 1
    return total


def model_fits(config) -> int:
    """The estimated model fits of a stance run: its protocols' folds, and its learning curve's.

    Illustration: model_fits(load("experiments/configs/seeds_stance.toml")) -> 2380  (its learning curve: 1,680)
    """
    s, e = config.stance, config.evaluation
    per_fold = fits_per_fold(config)
    fits = max_folds(e, e.protocols) * per_fold
    if s.learning_curve_sizes:
        protocol = s.learning_curve_protocol or e.protocols[0]
        fits += len(s.learning_curve_sizes) * max_folds(e, (protocol,)) * per_fold
    return fits


def clusterings(config) -> int:
    """The estimated clustering starts of a topics run: every seed's k-means starts, for the chosen k and for
    each k of the sweep, and each [selection] candidate's.

    Illustration: clusterings(load("experiments/configs/seeds_topics.toml")) -> 300
    """
    t = config.topics
    n_k = 1 + (t.k_max - t.k_min + 1 if t.k_max > t.k_min else 0)
    starts = t.n_seeds * t.n_init * n_k
    if config.selection is not None:
        starts += len(config.selection.candidates) * config.selection.n_seeds * t.n_init
    return starts
