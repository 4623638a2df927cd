"""The group value of per-group models as the last column of the model input, and read back from it.

Kept apart from pergroup.py so that evaluate.py (which builds every candidate's input) and pergroup.py
(whose groups search their grids with evaluate's inner folds) import each other's pieces without a cycle.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp


def with_groups(X, groups: np.ndarray):
    """The model input with the group values appended as its last column (a sparse matrix gets each value's
    rank among the sorted values: a number, which stands for the group as well as its name).

    >>> with_groups(np.array([["a", "a"]], dtype=object), np.array(["LE MONDE"])).shape
    (1, 3)
    """
    groups = np.asarray(groups, dtype=object)
    if sp.issparse(X):
        codes = np.unique(groups.astype(str), return_inverse=True)[1].reshape(-1, 1)
        return sp.hstack([X, sp.csr_matrix(codes.astype(X.dtype))], format="csr")
    return np.column_stack([X, groups])


def group_column(X) -> np.ndarray:
    """The group values of a `with_groups` input, one per row."""
    return X[:, [-1]].toarray().ravel() if sp.issparse(X) else np.asarray(X, dtype=object)[:, -1]


def _rank(key: str) -> int | None:
    """The rank a sparse input's group code stands for ("1", "1.0" -> 1), None for any other key."""
    try:
        value = float(key)
    except ValueError:
        return None
    return int(value) if value.is_integer() and value >= 0 else None


def group_names(params, groups, sparse: bool):
    """Per-group best_params_ keyed by the groups' values: a sparse input carries each group as its rank
    among the sorted values (`with_groups`), which PerGroupClassifier records as "0", "1", ...

    >>> group_names({"1": {"clf__C": 1.0}, "0": {}}, np.array(["tax", "abortion"], dtype=object), True)
    {'tax': {'clf__C': 1.0}, 'abortion': {}}
    """
    if not sparse or groups is None or not isinstance(params, dict) or not params:
        return params
    names = [str(g) for g in np.unique(np.asarray(groups, dtype=object).astype(str))]
    ranks = {k: _rank(k) for k in params}
    if any(r is None or r >= len(names) for r in ranks.values()):  # not per-group parameters: left as they are
        return params
    return {names[ranks[k]]: v for k, v in params.items()}
