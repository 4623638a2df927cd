"""Cross-validation groups: the column that keeps related segments in one fold, guarded and described.

`[evaluation] group_column` defaults to `group`: the corpus's own `[corpus] group_column` when set, else the
document. A grouping that groups nothing stops the run before any fit (exit 2): every group a single
segment while the corpus declares a grouping (a config copied from an article-folder corpus still naming
`doc`), or a group column that is the segment id itself; any other column of one value per segment (a row
number) runs with a warning that the folds keep nothing together. Identical prepared texts in a training and a test
fold leak the answer; `[evaluation] duplicates` decides: "group" (default) puts segments with identical
texts in one group, "drop" keeps the first of them, "keep" leaves them and only counts them.
"""
from __future__ import annotations

import warnings

import numpy as np

from experiments.config.resolved import Config
from features.errors import ConfigError


def text_keys(X) -> np.ndarray:
    """One key per row of the prepared text (FeatureInput.prepared_text): identical keys = identical texts.

    >>> text_keys(np.array([["a b", "a"], ["a b", "a"], ["c", "c"]], dtype=object)).tolist()
    ['a b\\x1fa', 'a b\\x1fa', 'c\\x1fc']
    """
    return np.array(["\x1f".join(map(str, row)) for row in np.asarray(X, dtype=object)], dtype=object)


def first_of_each_text(keys: np.ndarray) -> np.ndarray:
    """Mask keeping the first row of every prepared text (duplicates = "drop").

    >>> first_of_each_text(np.array(["a", "b", "a"], dtype=object)).tolist()
    [True, True, False]
    """
    _, first = np.unique(keys, return_index=True)
    mask = np.zeros(len(keys), bool)
    mask[first] = True
    return mask


def texts_within(keys, units) -> bool:
    """Whether every text key occurs in one unit only (a group, or a row when units are row numbers): folds
    that keep units together then never put a text in both training and test.

    >>> texts_within(["x", "y", "x"], ["a", "b", "a"]), texts_within(["x", "y", "x"], ["a", "b", "c"])
    (True, False)
    """
    unit_of = {}
    return all(unit_of.setdefault(key, unit) == unit for key, unit in zip(keys, units, strict=True))


def joined_groups(keys: np.ndarray, groups: np.ndarray, n_groups: int) -> list[int]:
    """The component of each group (0..n_groups-1) when groups sharing a key are joined: union-find over the
    rows, each group pointing at the smallest group it is joined to.

    A few lines instead of SciPy's `connected_components`: importing scipy.sparse and csgraph cost `stancelab
    check` 0.22 s, and a Python loop over the rows is fast enough (random keys and 200 groups: 1.2 ms of CPU for
    5,056 rows, 31 ms for 100,000).
    >>> joined_groups(np.array([0, 1, 0, 2]), np.array([0, 1, 2, 3]), 4)
    [0, 1, 0, 3]
    """
    parent = list(range(n_groups))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # halve the path: later lookups are short
            x = parent[x]
        return x

    group_of_key: dict[int, int] = {}
    for key, group in zip(keys.tolist(), groups.tolist(), strict=True):
        a, b = root(group_of_key.setdefault(key, group)), root(group)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return [root(x) for x in range(n_groups)]


def merge_duplicates(groups: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Groups joined wherever two of them share a prepared text (connected components); names kept.

    >>> [str(g) for g in merge_duplicates(np.array(["a", "b", "c"]), np.array(["x", "y", "x"]))]
    ['a', 'b', 'a']
    """
    names, g = np.unique(np.asarray(groups, dtype=str), return_inverse=True)
    _, k = np.unique(keys, return_inverse=True)
    component = joined_groups(k, g, len(names))
    first = {}
    for i, c in enumerate(component):  # names are sorted: a component keeps its first name
        first.setdefault(c, names[i])
    return np.array([first[component[i]] for i in g], dtype=object)


def check_grouping(groups: np.ndarray, ids: list[str], config: Config) -> None:
    """Stop (ConfigError, exit 2) when grouped CV would group nothing; the message names both keys."""
    ev_col, corpus_col = config.evaluation.group_column, config.corpus.group_column
    if len(set(groups)) < len(groups):
        return
    if corpus_col and ev_col not in ("group", corpus_col):
        raise ConfigError(f"[evaluation] group_column = {ev_col!r} puts every segment in a group of its own while "
                          f"[corpus] group_column = {corpus_col!r} groups them: set [evaluation] group_column = "
                          f"\"group\" (or {corpus_col!r})")
    if all(str(g) == i for g, i in zip(groups, ids, strict=True)):
        raise ConfigError(f"[evaluation] group_column = {ev_col!r} is the segment id (every segment its own group) "
                          f"and [corpus] group_column = {corpus_col!r} declares no grouping: grouped_cv would "
                          "group nothing; set [corpus] group_column (the article, the author) or use "
                          "protocols = [\"repeated_cv\"]")
    # a column of its own per segment (a row number, a unique key), or one labelled segment per group: the folds
    # are then stratified folds under another name, which the user is told rather than shown "grouped" scores
    warnings.warn(f"grouped_cv: every one of the {len(groups)} labelled segments has a {group_column_name(config)} "
                  "value of its own: the folds keep no segments together; name in [corpus] group_column the "
                  "column related segments share (article, author, country)", stacklevel=3)


def warn_blank_groups(data, config: Config, groups: np.ndarray) -> None:
    """Warn when labelled segments have no value in the grouping column: without it a segment falls back to its
    document (under `group_column = "group"`: a table row is then a group of its own) or, named directly, joins
    one group of all blanks; either way grouped_cv does not group those rows as the user meant. `groups`: the
    column's values as cv_groups read them (under "group", the document stands in for a blank: read the field)."""
    ev_col, corpus_col = config.evaluation.group_column, config.corpus.group_column
    name = corpus_col if ev_col == "group" else ev_col
    if not name:  # the document itself: never blank
        return
    raw = [s.group for s in data.segments] if ev_col == "group" else groups
    blank = [s.id for s, v in zip(data.segments, raw, strict=True) if not str(v).strip()]
    if blank:
        then = "each is grouped by its own document instead" if ev_col == "group" else "they form one group"
        warnings.warn(f"grouped_cv: {len(blank)} of the {len(raw)} labelled segments have no {name!r} value "
                      f"({', '.join(blank[:3])}{', ...' if len(blank) > 3 else ''}): {then}; fill the column "
                      "or leave those rows out", stacklevel=3)


def describe(groups: np.ndarray, column: str) -> dict:
    """The grouping as reported: column, number of groups, the largest group and its share of segments.

    >>> describe(np.array(["a", "a", "b"]), "doc")
    {'column': 'doc', 'n_groups': 2, 'largest': 'a', 'largest_share': 0.666667}
    """
    names, counts = np.unique(np.asarray(groups, dtype=str), return_counts=True)
    top = int(np.argmax(counts))
    return {"column": column, "n_groups": int(len(names)), "largest": str(names[top]),
            "largest_share": round(float(counts[top] / counts.sum()), 6)}


def cross_fold_duplicates(keys: np.ndarray, splits) -> int:
    """Test rows, summed over folds, whose prepared text also occurs among that fold's training rows.

    >>> cross_fold_duplicates(np.array(["a", "b", "a"]), [(0, np.array([0, 1]), np.array([2]))])
    1
    """
    return int(sum(np.isin(keys[test], keys[train]).sum() for _, train, test in splits))


def group_column_name(config: Config) -> str:
    """The column the groups come from, as reported ("group" resolved to the corpus's column or "doc").

    >>> from types import SimpleNamespace
    >>> from experiments.config.sections import Corpus, Evaluation
    >>> group_column_name(SimpleNamespace(evaluation=Evaluation(), corpus=Corpus(path="seeds")))
    'doc'
    """
    col = config.evaluation.group_column
    return (config.corpus.group_column or "doc") if col == "group" else col


def cv_groups(data, config: Config, check: bool = True) -> np.ndarray:
    """The groups grouped CV and the inner folds use: the group column, checked, identical texts joined.

    Illustration: cv_groups(seeds_data, seeds_config) -> array(["000_109b279601610553", ...]) (the article)
    """
    ev = config.evaluation
    groups = data.column(ev.group_column, "[evaluation] group_column")
    if check:
        check_grouping(groups, [s.id for s in data.segments], config)
        warn_blank_groups(data, config, groups)
    if ev.duplicates == "group" and len(groups):
        groups = merge_duplicates(groups, text_keys(data.features.prepared_text()))
    return groups
