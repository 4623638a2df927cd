"""Evaluation protocols -> train/test splits, and what to do when a class is too small for the folds.

Protocols (config [evaluation] protocols):
- `grouped_cv`: segments sharing a `group_column` value (the article by default) stay in one fold.
  Up to `max_leave_one_out_groups` groups: leave-one-group-out; more: StratifiedGroupKFold(n_splits).
- `repeated_cv`: RepeatedStratifiedKFold(n_splits, n_repeats); scores are averaged over repeats (± std).
- `fixed_split`: test rows are those whose `split_column` equals `test_value` (case, outer spaces and the
  spelling of a number aside: "TEST", " test"; 1 and 1.0), or the segments of the documents in
  `test_documents` (with or without .txt; a name matching none is an error); every other row trains, its
  inner folds (search, offsets) keeping the groups together as grouped_cv's do.

Small classes (stratified protocols need at least n_splits segments per class), `small_class`:
- `reduce_splits` (default): n_splits is lowered to the smallest class size; a class of one segment cannot
  be both trained on and tested, so it is left out of that protocol;
- `drop_class`: classes with fewer than n_splits segments are left out of that protocol;
- `error`: stop with a message naming the class.
Every such change is printed as a warning and recorded in metrics.json.

Identical prepared texts (`[evaluation] duplicates = "group"`, the default) stay together: the caller merges
them into one group for grouped_cv (experiments/stance/groups.py), and repeated_cv then draws
StratifiedGroupKFold folds over the texts, one seed per repeat, and a fixed split leaves out of training the
rows that repeat a test row's text (`training_rows`). Every plan counts the test rows whose text also trains
in their fold (`duplicates`).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from experiments.config.sections import Evaluation
from experiments.corpus.labelled import Labelled
from experiments.stance.groups import cross_fold_duplicates, text_keys, texts_within
from features.read.encoding import CorpusError


@dataclass
class Plan:
    """The splits of one protocol: (repeat, train indices, test indices), over the rows in `keep`."""

    protocol: str
    splitter: str
    keep: np.ndarray
    splits: list[tuple[int, np.ndarray, np.ndarray]]
    n_repeats: int = 1
    notes: list[str] = field(default_factory=list)
    groups: np.ndarray | None = None   # what the inner folds keep together (grouped_cv, fixed_split, duplicates)
    duplicates: int = 0                # test rows whose prepared text is also a training row of their fold
    n_folds: int = 0                   # the folds a run draws (`splits` is empty when counted, not drawn)


def small_classes(y: np.ndarray, n_splits: int, policy: str, protocol: str) -> tuple[np.ndarray, int, list[str]]:
    """Apply the small-class policy: (rows kept, n_splits to use, notes).

    Illustration: small_classes(np.array(["a"] * 5 + ["b"] * 2), 3, "reduce_splits", "repeated_cv")
             -> (all rows, 2, ["repeated_cv: class 'b' has 2 segments, fewer than n_splits=3; ..."])
    """
    labels, counts = np.unique(y, return_counts=True)
    small = {lab: int(c) for lab, c in zip(labels, counts, strict=True) if c < n_splits}
    if not small:
        return np.ones(len(y), bool), n_splits, []
    named = ", ".join(f"'{lab}' has {c} segment(s)" for lab, c in small.items())
    if policy == "error":
        raise CorpusError(f"{protocol}: class {named}, fewer than n_splits={n_splits}; lower [evaluation] "
                          "n_splits, label more segments, or set small_class = \"reduce_splits\"")
    drop = {lab for lab, c in small.items() if policy == "drop_class" or c < 2}
    keep = ~np.isin(y, list(drop))
    if policy == "reduce_splits":
        # int: a NumPy count would make every fold's repeat number NumPy too, which JSON cannot write
        n_splits = max(2, int(min(c for lab, c in zip(labels, counts, strict=True) if lab not in drop)))
    note = (f"{protocol}: class {named}, fewer than n_splits; small_class = {policy}: n_splits = {n_splits}"
            + (f", left out: {', '.join(sorted(drop))}" if drop else ""))
    warnings.warn(note, stacklevel=2)
    return keep, n_splits, [note]


def split_value(value) -> str:
    """A split value as a person reads it: case and outer spaces aside, a number in any spelling.

    >>> [split_value(v) for v in ("TEST", " test ", "1", "1.0", "01")]
    ['test', 'test', '1.0', '1.0', '1.0']
    """
    text = str(value).strip().casefold()
    try:
        return repr(float(text))
    except ValueError:
        return text


def test_mask(data: Labelled, ev: Evaluation) -> np.ndarray:
    """The test rows of a fixed split, by documents or by the split column.

    A split value that differs from `test_value` only by case, outer spaces or the spelling of a number
    ("TEST", " test", "1.0" for "1") marks a test row too, with a warning: read exactly, such rows trained the
    model the test rows score (a table written by hand or by another tool mixes spellings).
    """
    if ev.test_documents:
        return _document_mask(data, ev)
    values = data.column(ev.split_column, "[evaluation] split_column")
    exact = values == ev.test_value
    spelled, row_of = np.unique(values.astype(str), return_inverse=True)  # each spelling read once
    is_test = np.array([split_value(v) == split_value(ev.test_value) for v in spelled], dtype=bool)
    mask = is_test[row_of]
    where = f"{ev.split_column} = {ev.test_value!r}"
    if (mask != exact).any():
        other = sorted({str(v) for v in values[mask & ~exact]})
        warnings.warn(f"fixed_split: {int((mask & ~exact).sum())} row(s) whose {ev.split_column} is "
                      f"{', '.join(map(repr, other))} are test rows as {ev.test_value!r} (case, spaces or number "
                      "spelling aside)", stacklevel=1)  # one location (here): shown once a run
    if len(trained := sorted({split_value(v) for v in spelled[~is_test]})) > 1:  # train and dev, say
        warnings.warn(f"fixed_split: the rows whose {ev.split_column} is {', '.join(map(repr, trained))} all train "
                      f"the model (every value but {ev.test_value!r}); leave out the rows of a third part "
                      "(dev, validation) with [corpus] filter_column", stacklevel=1)
    return _both_sides(mask, where)


def training_rows(data: Labelled, ev: Evaluation, test: np.ndarray | None = None, keys=None) -> np.ndarray:
    """The rows a fixed split trains on (its own fit, its learning curve, the final model of final_fit = "train"):
    every row but the test rows and, with duplicates = "group", but the rows whose prepared text is also a test
    row's: identical texts stay on the test side, as grouped folds keep them in one fold.

    Illustration: training_rows(data, <evaluation with a fixed split>) -> mask of the training rows
    """
    test = test_mask(data, ev) if test is None else test
    if ev.duplicates != "group":
        return ~test
    keys = text_keys(data.features.prepared_text()) if keys is None else keys
    return ~test & ~np.isin(keys, keys[test])


def _document_mask(data: Labelled, ev: Evaluation) -> np.ndarray:
    """The segments of the `test_documents`, named with or without .txt; a name matching no labelled
    segment's document stops the run (a misspelt test document would silently leave the test set smaller)."""
    docs = data.column("doc")
    stems = np.array([str(d).removesuffix(".txt") for d in docs], dtype=object)
    names = {d.removesuffix(".txt") for d in ev.test_documents}
    unknown = sorted(names - set(stems))
    if unknown:
        raise CorpusError(f"[evaluation] test_documents {', '.join(map(repr, unknown))} match no labelled "
                          f"segment's document (e.g. {str(docs[0])!r}); name the documents as `stancelab "
                          "segments` prints them in its doc column")
    return _both_sides(np.isin(stems, list(names)), f"test_documents {sorted(names)}")


def _both_sides(mask: np.ndarray, where: str) -> np.ndarray:
    """`mask`, unless it leaves no training row or no test row."""
    if mask.all() or not mask.any():
        raise CorpusError(f"[evaluation] fixed_split: {where} selects {int(mask.sum())} of {len(mask)} labelled "
                          "segments; need some for training and some for testing")
    return mask


def plan(protocol: str, data: Labelled, ev: Evaluation, random_state: int, groups: np.ndarray | None = None,
         draw: bool = True) -> Plan:
    """The splits of `protocol` on the labelled data (indices refer to all rows; `keep` says which are used).

    `groups`: the grouped_cv groups (experiments.stance.groups.cv_groups); default: the group_column values.
    `draw=False` (`stancelab check`): the folds are counted, not drawn (no scikit-learn loaded, `splits`
    empty), when that changes no figure and no message: every kept text lies within one unit the folds keep
    together (so `duplicates` is 0 whatever the folds) and the splitter takes the rows without a warning or
    an error (see `_splittable`). Otherwise they are drawn, and a check stops or warns as a run does.
    """
    keys = text_keys(data.features.prepared_text())
    if groups is None:
        groups = data.column(ev.group_column, "[evaluation] group_column")
    out, draw_splits, splittable = _plan(protocol, data, ev, random_state, groups, keys)
    units = np.arange(len(keys)) if out.groups is None else out.groups  # what the folds keep together
    if draw or out.splits or not (splittable and texts_within(keys[out.keep], units[out.keep])):
        out.splits = out.splits or draw_splits()
        out.duplicates = cross_fold_duplicates(keys, out.splits)
    return out


def _splittable(y: np.ndarray, n_splits: int, n_units: int) -> bool:
    """Whether a stratified splitter takes these rows silently: 2+ splits, every class and the units at least
    n_splits (scikit-learn warns below the first, stops below the others)."""
    return 2 <= n_splits <= min(n_units, *np.unique(y, return_counts=True)[1]) if len(y) else False


def _plan(protocol: str, data: Labelled, ev: Evaluation, random_state: int, groups: np.ndarray, keys):
    """(the plan, its `splits` empty but for fixed_split; a function drawing them; whether `_splittable`)."""
    if protocol == "fixed_split":
        test = test_mask(data, ev)
        train, idx = training_rows(data, ev, test, keys), np.arange(len(data.y))
        copies = int((~test & ~train).sum())
        notes = [f"fixed_split: {copies} training segment(s) whose prepared text is also a test segment's left out "
                 "of training ([evaluation] duplicates = \"group\")"] if copies else []
        for note in notes:
            warnings.warn(note, stacklevel=3)
        # its inner folds (search, offsets) keep the groups together, as a refit final model's do
        return (Plan(protocol, "fixed", train | test, [(0, idx[train], idx[test])], notes=notes, groups=groups,
                     n_folds=1), None, True)
    if protocol == "grouped_cv":
        if len(set(groups)) < 2:
            raise CorpusError(f"grouped_cv: the labelled segments have a single {ev.group_column} value; "
                              "grouped cross-validation needs at least two groups")
        if len(set(groups)) <= ev.max_leave_one_out_groups:
            keep = np.ones(len(groups), bool)
            return (Plan(protocol, f"LeaveOneGroupOut({ev.group_column})", keep, [], groups=groups,
                         n_folds=len(set(groups))), lambda: _leave_one_group_out(data.y, groups), True)
    keep, n_splits, notes = small_classes(data.y, ev.n_splits, ev.small_class, protocol)
    idx, y = np.flatnonzero(keep), data.y[keep]
    if protocol == "grouped_cv":
        n_splits = min(n_splits, len(set(groups[keep])))  # never more folds than groups
        return (Plan(protocol, f"StratifiedGroupKFold({n_splits}, {ev.group_column})", keep, [], 1, notes,
                     groups=groups, n_folds=n_splits),
                lambda: _group_folds(idx, y, groups[keep], n_splits, [random_state]),
                _splittable(y, n_splits, len(set(groups[keep]))))
    if protocol == "repeated_cv":
        return _repeated(idx, y, keys, keep, n_splits, ev, random_state, notes)
    raise ValueError(f"unknown protocol {protocol!r}")


def _repeated(idx, y, keys, keep, n_splits, ev: Evaluation, random_state: int, notes):
    """repeated_cv as `_plan` returns it; when some prepared texts repeat (duplicates = "group"), identical
    texts stay in one fold: StratifiedGroupKFold over the texts, seed random_state + repeat."""
    if ev.duplicates == "group" and len(set(keys[keep])) < len(idx):
        seeds = range(random_state, random_state + ev.n_repeats)
        return (Plan("repeated_cv", f"RepeatedStratifiedGroupKFold({n_splits}x{ev.n_repeats}, identical texts "
                     "together)", keep, [], ev.n_repeats, notes, groups=keys, n_folds=n_splits * ev.n_repeats),
                lambda: _group_folds(idx, y, keys[keep], n_splits, seeds),
                _splittable(y, n_splits, len(set(keys[keep]))))
    return (Plan("repeated_cv", f"RepeatedStratifiedKFold({n_splits}x{ev.n_repeats})", keep, [], ev.n_repeats, notes,
                 n_folds=n_splits * ev.n_repeats),
            lambda: _repeated_folds(idx, y, n_splits, ev.n_repeats, random_state), _splittable(y, n_splits, len(y)))


# scikit-learn's splitters load in the functions below, where folds are drawn: `stancelab check` counts them
def _leave_one_group_out(y, groups) -> list:
    """One fold per group (LeaveOneGroupOut reads only the length of X)."""
    from sklearn.model_selection import LeaveOneGroupOut

    return [(0, tr, te) for tr, te in LeaveOneGroupOut().split(y, y, groups)]


def _group_folds(idx, y, groups, n_splits, seeds) -> list:
    """StratifiedGroupKFold folds of the rows `idx`, one repeat per seed (the repeat numbered from 0)."""
    from sklearn.model_selection import StratifiedGroupKFold

    splits = []
    for r, seed in enumerate(seeds):
        cv = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
        splits += [(r, idx[tr], idx[te]) for tr, te in cv.split(idx, y, groups)]
    return splits


def _repeated_folds(idx, y, n_splits, n_repeats, random_state) -> list:
    """RepeatedStratifiedKFold folds of the rows `idx`, numbered by repeat."""
    from sklearn.model_selection import RepeatedStratifiedKFold

    cv = RepeatedStratifiedKFold(n_splits=n_splits, n_repeats=n_repeats, random_state=random_state)
    return [(k // n_splits, idx[tr], idx[te]) for k, (tr, te) in enumerate(cv.split(idx, y))]
