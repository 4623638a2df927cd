"""20 Newsgroups, 4 categories: test accuracy beside scikit-learn's example "Classification of text
documents using sparse features" (bydate train/test, headers, footers and quotes removed).

Two feature sets, the same three classifiers with the example's settings:
- "example": the example's own TfidfVectorizer(sublinear_tf, max_df=0.5, min_df=5, English stop words);
- "stancelab": stancelab's English preparation (features/text/language.py) and TF-IDF with the same filters,
  computed through the cached-token engine (features/tfidf/token_counts.py).
Vectorizers are fit on the training messages only; the test messages are scored once.

Run: python -m experiments.benchmarks.news_classify
"""
from __future__ import annotations

import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC

from experiments.benchmarks.common import need, parser, save
from experiments.output.tables import markdown
from features.read.newsgroups import read_newsgroups
from features.text.language import TextSettings
from features.tfidf.token_counts import cached_vectorizer, corpus_counts
from features.tfidf.vectorize import FeatureSettings

CATEGORIES = ["alt.atheism", "talk.religion.misc", "comp.graphics", "sci.space"]
PUBLISHED = {"ComplementNB": 0.779, "LogisticRegression": 0.772, "LinearSVC": 0.752}
SOURCE = "scikit-learn example 'Classification of text documents using sparse features'"


def models(random_state: int = 0) -> dict:
    """The example's three classifiers with its hyperparameters."""
    return {"ComplementNB": ComplementNB(alpha=0.1),
            "LogisticRegression": LogisticRegression(C=5, max_iter=1000, random_state=random_state),
            "LinearSVC": LinearSVC(C=0.1, dual=False, max_iter=1000, random_state=random_state)}


def example_features(train: list[str], test: list[str]):
    """The example's vectorizer, fit on the training messages."""
    vec = TfidfVectorizer(sublinear_tf=True, max_df=0.5, min_df=5, stop_words="english")
    return vec.fit_transform(train), vec.transform(test)


def stancelab_features(train: list[str], test: list[str], cache_dir: str | None):
    """stancelab's English preparation and TF-IDF (same filters), fit on the training rows."""
    settings = FeatureSettings(word_ngram_range=(1, 1), min_df=5, max_df=0.5, sublinear_tf=True)
    counts = corpus_counts(train + test, TextSettings(language="en"), settings, cache_dir)
    vec = cached_vectorizer(settings, counts)
    return vec.fit_transform(counts.X[:len(train)]), vec.transform(counts.X[len(train):])


def main(argv=None) -> dict:
    args = parser(__doc__.splitlines()[0]).parse_args(argv)
    segments = read_newsgroups(need(args.data / "20newsgroups" / "20news-bydate.tar.gz"), CATEGORIES)
    train = [s for s in segments if s.split == "train"]
    test = [s for s in segments if s.split == "test"]
    y_train, y_test = np.array([s.label for s in train]), np.array([s.label for s in test])
    print(f"20 Newsgroups, {len(CATEGORIES)} categories: {len(train)} train, {len(test)} test messages")
    results = {}
    for name, featurize in (("example", example_features),
                            ("stancelab", lambda a, b: stancelab_features(a, b, None))):
        t = time.perf_counter()
        X_train, X_test = featurize([s.text for s in train], [s.text for s in test])
        results[name] = {"n_features": int(X_train.shape[1])}
        for model_name, model in models().items():
            y_pred = model.fit(X_train, y_train).predict(X_test)
            results[name][model_name] = round(float(accuracy_score(y_test, y_pred)), 4)
        results[name]["seconds"] = round(time.perf_counter() - t, 2)
    rows = [[m, f"{PUBLISHED[m]:.3f}", f"{results['example'][m]:.3f}", f"{results['stancelab'][m]:.3f}"]
            for m in PUBLISHED]
    rows.append(["n_features", "", results["example"]["n_features"], results["stancelab"]["n_features"]])
    md = markdown(["test accuracy", "published", "example features", "stancelab features"], rows, aligned=True)
    print(md)
    print(f"published: {SOURCE}")
    save(args.results, "news_classify", {"published": PUBLISHED, "source": SOURCE, "ours": results,
                                         "n_train": len(train), "n_test": len(test)}, md)
    return results


if __name__ == "__main__":
    main()
