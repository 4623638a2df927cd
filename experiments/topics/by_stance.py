"""Topics x stance and topics over time: shares with bootstrap intervals, and typical passages.

- the share of each stance among a topic's labelled segments (segments labelled "" left out);
- the share of each topic among the segments of each decade or date ([topics] share_by);
- the most typical segments of each topic for each stance.
Intervals are percentile bootstrap intervals over segments ([topics] bootstrap_resamples, confidence,
seeded with the run's random_state). Resampling the n segments of a group with replacement and counting
their classes is drawing the counts from Multinomial(n, observed shares), which is what is drawn here:
the same interval without materialising n x resamples indices. Segments of one speech or article are
not independent, so on few documents these intervals are optimistic.
"""
from __future__ import annotations

import numpy as np

from experiments.output.shares import segment_values
from experiments.output.tables import write_markdown, write_rows
from experiments.topics.interpret import representativeness, shorten


def share_intervals(counts: np.ndarray, n_resamples: int, confidence: float, rng) -> tuple:
    """Shares of the classes in `counts` and their percentile bootstrap interval.

    >>> share_intervals(np.array([30, 10]), 1000, 0.95, np.random.default_rng(0))[0].tolist()
    [0.75, 0.25]
    """
    n = int(counts.sum())
    share = counts / max(n, 1)
    if n == 0 or n_resamples == 0:
        return share, share.copy(), share.copy()
    draws = rng.multinomial(n, share, size=n_resamples) / n
    alpha = (1 - confidence) / 2
    return share, np.quantile(draws, alpha, axis=0), np.quantile(draws, 1 - alpha, axis=0)


def shares_within(groups, members, group_order, member_order, n_resamples: int, confidence: float,
                  random_state: int) -> list[tuple]:
    """One row per (group, member): n of the group, member count, share, low, high.

    Members "" (unlabelled) are left out. Illustration: shares_within(clusters, stances, range(k), ["deterrence",
    ...], 1000, 0.95, 0) -> [(0, "deterrence", 120, 31, 0.2583, 0.1833, 0.3417), ...]
    """
    rng = np.random.default_rng(random_state)
    groups, members = np.asarray(groups, dtype=object), np.asarray(members, dtype=object)
    keep = members != ""
    rows = []
    for g in group_order:
        mine = members[keep & (groups == g)]
        counts = np.array([np.sum(mine == m) for m in member_order])
        share, low, high = share_intervals(counts, n_resamples, confidence, rng)
        rows += [(g, m, len(mine), int(c), round(float(s), 4), round(float(lo), 4), round(float(hi), 4))
                 for m, c, s, lo, hi in zip(member_order, counts, share, low, high, strict=True)]
    return rows


def typical_by_stance(score: np.ndarray, labels: np.ndarray, stances, n: int) -> list[tuple]:
    """(cluster, stance, rank, index) of the `n` most typical segments of each cluster and stance.

    `score`: how typical each segment is of its own cluster (interpret.representativeness).
    Illustration: typical_by_stance(score, labels, y, 2)[0] -> (0, "deterrence", 0, 412)
    """
    stances = np.asarray(stances, dtype=object)
    out = []
    for c in range(int(labels.max()) + 1):
        for s in sorted(set(stances[labels == c]) - {""}):
            idx = np.flatnonzero((labels == c) & (stances == s))
            best = idx[np.argsort(-np.round(score[idx], 12), kind="stable")][:n]
            out += [(c, s, r, int(i)) for r, i in enumerate(best)]
    return out


def write_by_stance(ref, t: dict, segments, stances, names: list[str], random_state: int, tables) -> dict:
    """topic_stance.csv, topic_stance_passages.csv/.md; returns what metrics.json keeps of them."""
    k = ref.shares.shape[1]
    order = sorted(set(stances) - {""})
    rows = shares_within(ref.labels, stances, range(k), order, t.bootstrap_resamples, t.confidence,
                         random_state)
    write_rows(tables / "topic_stance.csv", ["cluster", "label", "stance", "n_labelled", "count", "share",
                                             "low", "high"], [(r[0], names[r[0]], *r[1:]) for r in rows])
    score = representativeness(ref, False)
    passages = [(c, names[c], s, r, segments[i].id, shorten(segments[i].text))
                for c, s, r, i in typical_by_stance(score, ref.labels, stances, t.n_representative)]
    header = ["cluster", "label", "stance", "rank", "id", "text"]
    write_rows(tables / "topic_stance_passages.csv", header, passages)
    write_markdown(tables / "topic_stance_passages.md", header, passages)
    return {"stances": order, "share": [[r[4] for r in rows[c * len(order):(c + 1) * len(order)]]
                                        for c in range(k)]}


def write_over_time(ref, t: dict, segments, names: list[str], random_state: int, tables) -> list[str]:
    """topic_time_<by>.csv for "date" and "decade" (when they vary): each topic's share with intervals."""
    written = []
    for by in ("date", "decade"):
        keys = segment_values(segments, by)
        if by not in ("date", *t.share_by) or len(set(keys) - {""}) < 2:
            continue
        rows = shares_within(keys, [str(c) for c in ref.labels], sorted(set(keys) - {""}),
                             [str(c) for c in range(ref.shares.shape[1])], t.bootstrap_resamples,
                             t.confidence, random_state)
        write_rows(tables / f"topic_time_{by}.csv", [by, "cluster", "label", "n_segments", "count", "share",
                                                     "low", "high"],
                   [(r[0], int(r[1]), names[int(r[1])], *r[2:]) for r in rows])
        written.append(by)
    return written
