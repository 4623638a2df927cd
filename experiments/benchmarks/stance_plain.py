"""The plain scikit-learn way of the stance-versus-plain benchmark, as a researcher would write it.

A Pipeline of a ColumnTransformer (word 1-3 and char_wb 2-5 TfidfVectorizers, the two text columns side by
side) and a LinearSVC, in a GridSearchCV over the same C grid, scored by the same macro-F1, on the same folds:
- grouped corpus (`un`): 5 outer StratifiedGroupKFold folds by country, each a GridSearchCV on 5 inner
  StratifiedGroupKFold folds of its training rows (nested cross-validation), then the final GridSearchCV on
  every row;
- fixed-split corpus (`five_targets`): per target, a GridSearchCV on 5 StratifiedKFold folds of the target's
  training rows, which predicts its test rows (its refit is the target's final model).
The text is prepared once, with stancelab's text preparation (the same input for both ways), and it reads
the same table. Only scikit-learn fits: no vectorizer fit is shared between grid points.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from experiments.benchmarks.stance_corpora import FEATURES, GRID, PREPROCESS, SEED, Corpus


def read_table(path: Path) -> list[dict]:
    """The benchmark table's rows, in file order."""
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def column(rows: list[dict], name: str) -> np.ndarray:
    """One column of the table's rows, as an object array."""
    return np.array([r[name] for r in rows], dtype=object)


def prepared(texts: list[str]) -> np.ndarray:
    """The two text columns both ways fit on (words, characters), prepared once with the corpus settings."""
    from features.text.language import TextSettings
    from features.tfidf.vectorize import vectorizer_input

    return vectorizer_input(texts, TextSettings(language="en", **{**PREPROCESS,
                                                                  "keep_words": tuple(PREPROCESS["keep_words"])}))


def pipeline():
    """ColumnTransformer(word TF-IDF on column 0, char_wb TF-IDF on column 1) then LinearSVC."""
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC

    common = {"lowercase": False, "min_df": FEATURES["min_df"], "sublinear_tf": FEATURES["sublinear_tf"]}
    word = TfidfVectorizer(analyzer="word", token_pattern=r"\S+", ngram_range=FEATURES["word_ngram_range"], **common)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=FEATURES["char_ngram_range"], **common)
    tfidf = ColumnTransformer([("word", word, 0), ("char", char, 1)], sparse_threshold=1.0)
    return Pipeline([("tfidf", tfidf), ("clf", LinearSVC(C=1.0, class_weight="balanced", max_iter=5000,
                                                          random_state=SEED))])


def search(X, y, folds, labels: list[str]):
    """GridSearchCV over C on `folds`, macro-F1 over `labels`, refit on all of (X, y)."""
    from sklearn.metrics import f1_score, make_scorer
    from sklearn.model_selection import GridSearchCV

    scorer = make_scorer(f1_score, labels=labels, average="macro", zero_division=0)
    return GridSearchCV(pipeline(), {"clf__C": GRID}, cv=folds, scoring=scorer).fit(X, y)


def group_folds(y, groups) -> list:
    """5 StratifiedGroupKFold folds (shuffled, seeded) of these rows, as (train, test) positions."""
    from sklearn.model_selection import StratifiedGroupKFold

    cv = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED)
    return list(cv.split(np.zeros(len(y)), y, groups))


def grouped(X, y, groups, labels: list[str]) -> dict:
    """Nested cross-validation by group, then the final search on every row."""

    def folds(index):
        return group_folds(y[index], groups[index])

    predicted, best, tests = np.empty(len(y), dtype=object), [], []
    for train, test in folds(np.arange(len(y))):
        fitted = search(X[train], y[train], folds(train), labels)
        predicted[test] = fitted.predict(X[test])
        best.append(fitted.best_params_["clf__C"])
        tests.append(test)
    final = search(X, y, folds(np.arange(len(y))), labels)
    return {"predicted": predicted, "best_C": best, "final_C": final.best_params_["clf__C"], "tests": tests}


def per_target(X, y, targets, split, labels: list[str]) -> dict:
    """One search per target on its training rows; it predicts the target's test rows."""
    from sklearn.model_selection import StratifiedKFold

    predicted, best = np.empty(len(y), dtype=object), {}
    test = split == "test"
    for target in sorted(set(targets)):
        train, held = np.flatnonzero((targets == target) & ~test), np.flatnonzero((targets == target) & test)
        folds = list(StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED).split(train, y[train]))
        fitted = search(X[train], y[train], folds, labels)
        predicted[held] = fitted.predict(X[held])
        best[target] = fitted.best_params_["clf__C"]
    return {"predicted": predicted, "best_C": best, "final_C": None, "tests": [np.flatnonzero(test)]}


def run(corpus: Corpus) -> dict:
    """The plain way on `corpus`: {id: predicted} of the tested rows, the C chosen, the test folds (by id)."""
    rows = read_table(corpus.table)
    ids = [r["id"] for r in rows]
    X, y = prepared([r["text"] for r in rows]), np.array([r["label"] for r in rows], dtype=object)
    labels = corpus.headline or corpus.labels
    if corpus.protocol == "grouped_cv":
        out = grouped(X, y, column(rows, "group"), labels)
    else:
        out = per_target(X, y, column(rows, corpus.per_group), column(rows, "split"), labels)
    tested = np.concatenate(out["tests"])
    return {"predicted": {ids[i]: str(out["predicted"][i]) for i in tested}, "best_C": out["best_C"],
            "final_C": out["final_C"], "test_folds": [sorted(ids[i] for i in t) for t in out["tests"]]}
