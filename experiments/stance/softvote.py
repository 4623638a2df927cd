"""`SoftVote`: the average of its members' class probabilities (the `soft_vote` model, `[soft_vote] members`).

Each member is a configured classifier (logistic regression, linear SVM, ...) fit on the same rows. A member with
`predict_proba` gives it; a member without (LinearSVC, hinge SGD) gives softmax(decision_function / temperature),
the temperature fixed by the config: no extra fit, nothing chosen on a test row. The prediction is the class
of highest mean probability.

Why our own class rather than scikit-learn's VotingClassifier: soft voting there needs every member's
`predict_proba` (LinearSVC has none; CalibratedClassifierCV would add fits and fitted parts skops does not
trust), and its `named_estimators_` is a Bunch skops would have to trust. This class holds only lists, a dict
and scikit-learn estimators, so skops loads it when trusted by its one name (`TRUSTED`, experiments/stance/
modelfile.py), nothing else beyond skops' defaults.

Explanations (top n-grams, a prediction's n-grams) read the first member's weights (`explained_member`): one
linear model's weights, stated as such in the model card, rather than an average of weights on different scales.
"""
from __future__ import annotations

import numpy as np
from scipy.special import softmax
from sklearn.base import BaseEstimator, ClassifierMixin, clone

from experiments.stance.probability import decision_matrix

TRUSTED = "experiments.stance.softvote.SoftVote"  # skops' name of this class: the one type a model load trusts


def member_proba(member, X, temperature: float) -> np.ndarray:
    """(n, n_classes) probabilities of one fitted member: predict_proba, else softmax(decision / temperature).

    >>> from sklearn.svm import LinearSVC
    >>> svm = LinearSVC(random_state=0).fit([[0.0], [1.0], [2.0]], ["a", "b", "c"])
    >>> member_proba(svm, np.array([[2.0]]), 1.0).sum().round(6)
    np.float64(1.0)
    """
    if hasattr(member, "predict_proba"):
        return member.predict_proba(X)
    return softmax(decision_matrix(member.decision_function(X)) / temperature, axis=1)


class SoftVote(ClassifierMixin, BaseEstimator):
    """The mean of the members' class probabilities; `member_params` {member name: {param: value}} is what the
    nested search sets (experiments/stance/models.py), applied to clones of the members at fit.

    Illustration: SoftVote([("logreg", LogisticRegression()), ("linear_svm", LinearSVC())]).fit(X, y)
                  .predict_proba(X_test).sum(axis=1) -> ones
    """

    def __init__(self, estimators=(), member_params=None, temperature: float = 1.0):
        self.estimators = estimators
        self.member_params = member_params
        self.temperature = temperature

    def fit(self, X, y):
        """Fit a clone of every member (with its `member_params`) on all of (X, y)."""
        if len(self.estimators) < 1:
            raise ValueError("SoftVote needs at least one member")
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        params = self.member_params or {}
        self.estimators_ = [(name, clone(member).set_params(**params.get(name, {})).fit(X, y))
                            for name, member in self.estimators]
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Mean of the members' probabilities, columns in `classes_` (every member saw the same classes)."""
        return np.mean([member_proba(member, X, self.temperature) for _, member in self.estimators_], axis=0)

    def predict_log_proba(self, X) -> np.ndarray:
        """Log of `predict_proba`: the class scores per-class offsets shift (experiments/stance/probability.py)."""
        with np.errstate(divide="ignore"):  # a class no member gives any probability: -inf, never chosen
            return np.log(self.predict_proba(X))

    def predict(self, X) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def explained_member(self):
        """The fitted member whose weights explain the predictions: the first one."""
        return self.estimators_[0][1]
