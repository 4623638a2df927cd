"""Stance classification: a model over TF-IDF, evaluated without leakage.

The vectorizer sits inside the pipeline, so cross-validation fits it on the training folds only: a held-out
segment's words never enter the vocabulary or the IDF weights.
"""
from __future__ import annotations

import numpy as np
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline

from features.vectorize import FeatureSettings, make_vectorizer


def make_model(name: str, C: float, random_state: int):
    """An unfitted classifier by config name."""
    if name == "majority":
        return DummyClassifier(strategy="most_frequent")
    return LogisticRegression(C=C, max_iter=2000, random_state=random_state)


def make_pipeline(features: FeatureSettings, model) -> Pipeline:
    """Vectorizer then classifier: fit together, on training data only."""
    return Pipeline([("tfidf", make_vectorizer(features)), ("clf", model)])


def splitter(protocol: str, n_splits: int, random_state: int):
    """The cross-validation splitter of a protocol name."""
    if protocol == "leave_one_article_out":
        return LeaveOneGroupOut()
    if protocol == "stratified_kfold":
        return StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    raise ValueError(f"unknown protocol {protocol!r}")


def evaluate(pipeline, X, y, groups, protocol, n_splits, random_state, n_jobs=1) -> np.ndarray:
    """Out-of-fold predictions: each segment is predicted by a model that never saw it.

    Example: evaluate(pipe, X, y, docs, "leave_one_article_out", 3, 0) -> array(["none", …])
    """
    cv = splitter(protocol, n_splits, random_state)
    groups = groups if protocol == "leave_one_article_out" else None
    return cross_val_predict(pipeline, X, y, groups=groups, cv=cv, n_jobs=n_jobs)


def scores(y_true, y_pred, labels: list[str]) -> dict:
    """Accuracy, macro-F1 over `labels`, per-class F1, and the confusion matrix (rows: truth)."""
    per_class = f1_score(y_true, y_pred, labels=labels, average=None, zero_division=0)
    return {
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 6),
        "macro_f1": round(float(np.mean(per_class)), 6),
        "f1": {lab: round(float(v), 6) for lab, v in zip(labels, per_class)},
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
    }
