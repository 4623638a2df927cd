"""Seeded random and stratified draws of passages to label, and the split of a draw between annotators.

A draw is reproduced exactly from (corpus in file order, excluded ids, strategy, n, seed): the pool is the
file-order indices of the records not yet labelled, and one `numpy.random.default_rng(seed)` makes every
random choice, through `rng.choice(pool, size, replace=False)` only. Ids come out in draw order.

Example (batch 1 of the UN set): random_draw(records, 300, 2026) ->
    [indices of YEM_46_1991_14, MNG_38_1983_21, ...]  (rng.choice(len(records), 300, replace=False))
"""
from __future__ import annotations

import numpy as np

from features.read.encoding import CorpusError


def unlabelled_pool(records: list[dict], exclude=frozenset()) -> np.ndarray:
    """File-order indices of the records whose id is not in `exclude`.

    >>> unlabelled_pool([{"id": "a"}, {"id": "b"}, {"id": "c"}], {"b"})
    array([0, 2])
    """
    return np.array([i for i, r in enumerate(records) if r["id"] not in exclude], dtype=np.int64)


def _check_size(n: int, available: int, what: str) -> None:
    if n < 1:
        raise CorpusError(f"--n {n}: ask for at least one passage")
    if n > available:
        raise CorpusError(f"--n {n}: only {available} unlabelled passages in {what}; lower --n")


def random_draw(records: list[dict], n: int, seed: int, exclude=frozenset()) -> list[int]:
    """`n` indices drawn uniformly without replacement from the unlabelled pool, in draw order.

    With nothing excluded the pool is range(len(records)), so this is rng.choice(len(records), n).
    Illustration: random_draw(un_records, 300, 2026)[:1] -> [index of "YEM_46_1991_14"]
    """
    pool = unlabelled_pool(records, exclude)
    _check_size(n, len(pool), "the corpus")
    rng = np.random.default_rng(seed)
    return pool[rng.choice(len(pool), size=n, replace=False)].tolist()


def strata(records: list[dict], column: str) -> list[str]:
    """The sorted distinct values of a metadata column (as text): the strata of a stratified draw.

    Illustration: strata(un_records, "mentions_deterrence") -> ["0", "1"]
    """
    if column not in records[0]:
        known = ", ".join(k for k in records[0] if k != "text")
        raise CorpusError(f"[annotate] stratify_by = {column!r}: no such column; the records have {known}")
    return sorted({str(r[column]) for r in records})


def equal_quotas(n: int, n_strata: int) -> list[int]:
    """n split as evenly as possible; the first strata (sorted order) take the remainder.

    >>> equal_quotas(301, 2)
    [151, 150]
    """
    return [n // n_strata + (k < n % n_strata) for k in range(n_strata)]


def stratified_draw(records: list[dict], n: int, seed: int, column: str, exclude=frozenset()) -> list[int]:
    """Equal numbers from each value of `column`, strata in sorted order, one rng for all of them.

    A stratum is a documented sampling design (e.g. the `mentions_deterrence` flag enriches a rare class):
    it decides which passages are read, never which label they get.
    Illustration: stratified_draw(un_records, 300, 2027, "mentions_deterrence", batch1_ids)[:2]
             -> [index of "MHL_61_2006_8", index of "USA_14_1959_37"]
    """
    values = strata(records, column)
    rng = np.random.default_rng(seed)
    drawn: list[int] = []
    for value, quota in zip(values, equal_quotas(n, len(values)), strict=True):
        pool = np.array([i for i, r in enumerate(records)
                         if str(r[column]) == value and r["id"] not in exclude], dtype=np.int64)
        _check_size(quota, len(pool), f"stratum {column}={value}")
        drawn += rng.choice(pool, size=quota, replace=False).tolist()
    return drawn


def split_between(ids: list, n_annotators: int, how: str = "alternate") -> list[list]:
    """Share a draw between annotators: `alternate` deals positions in turn (even -> first, odd -> second),
    `blocks` gives consecutive blocks (first half -> first annotator).

    Illustration: split_between([1, 2, 3, 4], 2, "alternate") -> [[1, 3], [2, 4]]
             split_between([1, 2, 3, 4], 2, "blocks") -> [[1, 2], [3, 4]]
    """
    if how == "alternate":
        return [list(ids[k::n_annotators]) for k in range(n_annotators)]
    if how == "blocks":
        return [list(part) for part in np.array_split(np.asarray(ids, dtype=object), n_annotators)]
    raise ValueError(f"unknown split {how!r}; use alternate or blocks")


def second_pass_draw(labelled_ids, fraction: float, seed: int) -> list[str]:
    """A seeded random share of the labelled ids, for a second annotator who does not see the first labels.

    The ids are sorted first, so the draw does not depend on the order of the label files; then
    rng.choice(len(ids), round(fraction * len(ids)), replace=False), in draw order.
    Illustration: second_pass_draw(ids_of_batches_1_and_2, 0.1, 2028)[:2] -> ["IRN_63_2008_16", "IDN_14_1959_8"]
    """
    ordered = sorted(set(labelled_ids))
    if not 0 < fraction <= 1:
        raise CorpusError(f"--fraction {fraction}: a share of the labelled passages must be above 0 and at most 1 "
                          "(0.1: one in ten)")
    n = round(fraction * len(ordered))
    if n < 1:
        raise CorpusError(f"--fraction {fraction}: {fraction} of the {len(ordered)} labelled passages is none; "
                          "raise --fraction")
    rng = np.random.default_rng(seed)
    return [ordered[i] for i in rng.choice(len(ordered), size=n, replace=False)]
