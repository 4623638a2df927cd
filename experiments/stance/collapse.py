"""Identical training rows fit once, weighted by their count: the same optimum, at a fraction of the cost.

A corpus may hold the same segment many times (a passage quoted in several speeches, boilerplate, a benchmark
made by repeating rows). The classifiers of `COLLAPSIBLE` minimise a sum over the training rows of a per-row
loss plus a penalty that does not depend on the rows, so k identical rows with the same label weigh exactly
what one row of sample weight k weighs: fitting the distinct (row, label) pairs with their counts as
`sample_weight` has the same objective, hence the same optimum.
- LogisticRegression (deterministic solvers only): scikit-learn scales the loss by the sum of the sample
  weights, which the counts keep equal to the number of rows; liblinear's C_i = C x weight likewise.
- LinearSVC: liblinear's C_i = C x weight; the squared hinge makes the primal optimum unique. Exact, but not
  done (`worth_collapsing`): measured slower.
- ComplementNB, MultinomialNB: the class and feature counts are sums of weighted rows. Exact, but not done:
  their fit is one pass over the rows, which is what finding the repeated rows costs.
`class_weight="balanced"` reads the weighted class counts (scikit-learn >= 1.7's compute_class_weight takes the
sample weights), which are the repeated rows' counts. SGD is left out: its epochs visit rows in a shuffled
order, so a weighted row is not the same path as k rows. So is any wrapper (OffsetClassifier cuts its own folds
of the rows it is given).

Only the classifier sees the collapsed rows. The vectorizer is fit on the training rows as they are (its
document frequencies count every document), and every held-out row is predicted and scored: `CollapsingPipeline`
fits its transformers as a Pipeline does (the run's FitCache included), then its classifier on the distinct
rows of their output. With no repeated row the classifier is fit exactly as a Pipeline fits it.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import ComplementNB, MultinomialNB
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

COLLAPSIBLE = (LogisticRegression, LinearSVC, ComplementNB, MultinomialNB)
WORTH = (LogisticRegression,)  # where collapsing was not measured slower (worth_collapsing)
STOCHASTIC_SOLVERS = ("sag", "saga")  # their result depends on the order rows are visited in


def collapsible(clf) -> bool:
    """Whether fitting `clf` on distinct rows weighted by their counts reaches the repeated rows' optimum.

    >>> collapsible(LogisticRegression()), collapsible(LogisticRegression(solver="saga")), collapsible("passthrough")
    (True, False, False)
    """
    if type(clf) not in COLLAPSIBLE:  # exact types: a subclass may fit otherwise
        return False
    return not (isinstance(clf, LogisticRegression) and clf.solver in STOCHASTIC_SOLVERS)


def worth_collapsing(clf) -> bool:
    """Whether CollapsingPipeline collapses the rows for `clf`: exact (`collapsible`) and not measured slower.

    experiments/benchmarks/collapse_speed.py (UN passages, 10 copies on average), CPU s of the nested search
    collapsed against repeated: complement NB 6.07 / 4.20 (its fit is one pass over the rows, as cheap as
    finding the repeated ones); LinearSVC 161 / 115 (liblinear's dual coordinate descent converges more slowly
    with weighted rows); logistic regression 59.1 / 60.5.
    >>> worth_collapsing(LogisticRegression()), worth_collapsing(LinearSVC()), collapsible(LinearSVC())
    (True, False, True)
    """
    return collapsible(clf) and type(clf) in WORTH


def row_keys(Xt) -> list[bytes]:
    """One byte string per row of a feature matrix, equal for equal rows (stored entries in the same order).

    Rows are compared as stored: two rows equal as vectors but stored in another order (never so for the same
    text through the same vectorizer) stay apart, which costs speed only, never exactness.
    >>> keys = row_keys(sp.csr_matrix([[0.0, 1.5], [0.0, 1.5], [1.5, 0.0]]))
    >>> keys[0] == keys[1], keys[0] == keys[2]
    (True, False)
    """
    if not sp.issparse(Xt):
        return [row.tobytes() for row in np.ascontiguousarray(Xt)]
    X = sp.csr_matrix(Xt)
    indices, data = X.indices.tobytes(), X.data.tobytes()  # two buffers: one slice of each per row
    isize, dsize = X.indices.dtype.itemsize, X.data.dtype.itemsize
    bounds = X.indptr.tolist()
    return [indices[a * isize:b * isize] + data[a * dsize:b * dsize]
            for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def distinct_rows(Xt, y) -> tuple[np.ndarray, np.ndarray]:
    """(position of the first of each distinct (row, label) pair, in first-seen order; how many times it occurs).

    The same row under two labels is two pairs: each keeps its own rows' weight.
    >>> X = sp.csr_matrix([[1.0, 0.0], [0.0, 2.0], [1.0, 0.0], [1.0, 0.0]])
    >>> distinct_rows(X, np.array(["a", "b", "a", "b"]))
    (array([0, 1, 3]), array([2, 1, 1]))
    """
    slots: dict = {}
    firsts: list[int] = []
    counts: list[int] = []
    for i, key in enumerate(zip(row_keys(Xt), np.asarray(y).tolist(), strict=True)):
        slot = slots.setdefault(key, len(firsts))
        if slot == len(firsts):
            firsts.append(i)
            counts.append(0)
        counts[slot] += 1
    return np.asarray(firsts, dtype=np.int64), np.asarray(counts, dtype=np.int64)


class CollapsingPipeline(Pipeline):
    """A Pipeline whose classifier, when `worth_collapsing`, is fit on the distinct rows of its transformers' output,
    each weighted by its count. Transform, predict and scoring are the Pipeline's own, on every row.

    Saved models are plain Pipelines (`plain`): skops loads those with no trusted type.
    Illustration: CollapsingPipeline([("tfidf", TfidfVectorizer()), ("clf", LogisticRegression())]).fit(texts, y)
             -> the same coefficients as Pipeline(...).fit(texts, y), the classifier fit once per distinct text
    """

    def fit(self, X, y=None, **params):
        """Fit the transformers on every row of X, then the classifier on the distinct (row, label) pairs."""
        clf = self._final_estimator
        if params or y is None or not worth_collapsing(clf):  # fit parameters would have to be collapsed too
            return super().fit(X, y, **params)
        # The transformers fit by a Pipeline of the same steps (the same calls, the same FitCache entries),
        # its last step left out.
        front = Pipeline([*self.steps[:-1], (self.steps[-1][0], "passthrough")], memory=self.memory)
        Xt = front.fit_transform(X, y)
        self.steps[:-1] = front.steps[:-1]
        fit_distinct(clf, Xt, np.asarray(y))
        return self


def fit_distinct(clf, Xt, y: np.ndarray, rows: tuple | None = None):
    """`clf` fit on the distinct (row, label) pairs of (Xt, y) weighted by their counts (`rows`: their
    `distinct_rows`, when already known); with nothing repeated, fit on (Xt, y) as a Pipeline fits it.

    >>> X = sp.csr_matrix([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    >>> fit_distinct(LogisticRegression(C=100.0), X, np.array(["a", "a", "b"])).predict(X).tolist()
    ['a', 'a', 'b']
    """
    firsts, counts = distinct_rows(Xt, y) if rows is None else rows
    if len(firsts) == len(y):  # nothing repeated: the Pipeline's own fit of the classifier
        return clf.fit(Xt, y)
    return clf.fit(Xt[firsts], y[firsts], sample_weight=counts.astype(np.float64))


def plain(model):
    """A CollapsingPipeline as the scikit-learn Pipeline of the same (fitted) steps; anything else as it is.

    >>> type(plain(CollapsingPipeline([("clf", LogisticRegression())]))).__name__
    'Pipeline'
    """
    if not isinstance(model, CollapsingPipeline):
        return model
    return Pipeline(model.steps, memory=model.memory, verbose=model.verbose, transform_input=model.transform_input)


def collapsing(model):
    """A Pipeline as a CollapsingPipeline of the same steps (for refits of a saved model's procedure)."""
    if type(model) is not Pipeline:
        return model
    return CollapsingPipeline(model.steps, memory=model.memory, verbose=model.verbose,
                              transform_input=model.transform_input)
