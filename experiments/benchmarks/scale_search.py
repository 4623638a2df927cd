"""The scale benchmark's stance search, done two ways on the same texts, labels and folds.

The search: 8 settings (4 values of the model's hyperparameter x min_df 2 or 5) x 5 StratifiedGroupKFold folds,
scored by macro-F1 over the labels. The ways:
- stancelab: every segment prepared and counted once (features/tfidf/token_counts.py), then `CountTfidf` fits only
  the vocabulary filters and IDF on each training fold, kept in memory per fold and min_df (a FitCache as the
  pipeline's memory and the scorer's, as the stance step does) so that the 4 values of the hyperparameter share it;
- plain: what a researcher writes with scikit-learn alone: GridSearchCV(Pipeline(TfidfVectorizer, model),
  scoring="f1_macro") on the raw text, the vectorizer preparing the text itself (stancelab's preparation as its
  `preprocessor`, so that both ways see the same tokens).
Both must give equal scores on every fold of every setting (they fit the same vocabulary and IDF).

Imports sit inside the functions: each stage runs in a fresh process whose peak memory is reported, so a stage
loads only the libraries of the way it times (experiments/benchmarks/scale_stages.py).
"""
from __future__ import annotations

import hashlib
from functools import partial

import numpy as np

# 4 x 2 = 8 settings per model; min_df in the grid makes each way refit its vectorizer per setting.
# The linear SVM's and SGD's grids are the configs' default grids ([linear_svm] C_grid, [sgd] alpha_grid) with
# one more decade below, so that every model has 4 values.
GRIDS = {"logreg": {"clf__C": [0.1, 1.0, 10.0, 100.0], "min_df": [2, 5]},
         "complement_nb": {"clf__alpha": [0.01, 0.1, 0.3, 1.0], "min_df": [2, 5]},
         "linear_svm": {"clf__C": [0.01, 0.1, 1.0, 10.0], "min_df": [2, 5]},
         "sgd": {"clf__alpha": [1e-6, 1e-5, 1e-4, 1e-3], "min_df": [2, 5]}}
CLASSIFIER_PARAMS = {"logreg": {"C": 10.0, "class_weight": "balanced", "max_iter": 2000},
                     "complement_nb": {"alpha": 0.1, "norm": False},
                     "linear_svm": {"C": 1.0, "class_weight": "balanced", "max_iter": 5000},
                     "sgd": {"loss": "modified_huber", "alpha": 1e-4, "class_weight": "balanced", "max_iter": 1000,
                             "tol": 1e-4}}
N_SPLITS = 5


def classifier_params(model: str):
    """CLASSIFIER_PARAMS[model] as its config section (experiments/config/sections.py: LogReg, ComplementNB).

    Illustration: classifier_params("logreg").C -> 10.0
    """
    from experiments.config.model_sections import SGD, ComplementNB, LinearSVM, LogReg  # here: start-up time

    sections = {"logreg": LogReg, "complement_nb": ComplementNB, "linear_svm": LinearSVM, "sgd": SGD}
    return sections[model](**CLASSIFIER_PARAMS[model])


def text_settings():
    """The [preprocess] of experiments/configs/ungdc_stance.toml."""
    from features.text.language import TextSettings

    return TextSettings(language="en", lowercase=True, strip_accents=False, stop_words=True, lemmatize=True,
                        drop_numbers=True, min_token_length=2, keep_words=("no", "not", "never", "without", "nor"))


def feature_settings(min_df: int = 2):
    """The [features] of the same config: word 1-2-grams, sublinear TF."""
    from features.tfidf.vectorize import FeatureSettings

    return FeatureSettings(words=True, chars=False, word_ngram_range=(1, 2), min_df=min_df, sublinear_tf=True)


def search_folds(y, groups, random_state: int) -> list:
    """5 StratifiedGroupKFold folds (shuffled, seeded): the same list is handed to both ways."""
    from sklearn.model_selection import StratifiedGroupKFold

    cv = StratifiedGroupKFold(n_splits=N_SPLITS, shuffle=True, random_state=random_state)
    return list(cv.split(np.zeros(len(y)), y, groups))


def folds_digest(folds) -> str:
    """SHA-256 (16 hex digits) of the folds' test indices: equal digests, same folds.

    >>> folds_digest([(np.array([1]), np.array([0]))])
    '5feceb66ffc86f38'
    """
    return hashlib.sha256(",".join(" ".join(map(str, te)) for _, te in folds).encode()).hexdigest()[:16]


def count_texts(texts, n_jobs: int = 1):
    """stancelab's tokenising, once per experiment: the word 1-2-gram counts of every segment."""
    from features.tfidf.token_counts import count_corpus

    return count_corpus(texts, text_settings(), (1, 2), n_jobs=n_jobs)


def stancelab_search(counts, y, folds, model: str, n_jobs: int, random_state: int):
    """The project's GridSearchCV (experiments.stance.models.with_search) with `CountTfidf` over counts made
    once (`count_texts`), its fitted vectorizer and held-out matrices kept per fold and min_df (FitCache)."""
    from sklearn.pipeline import Pipeline

    from experiments.stance.evaluate import headline_scorer
    from experiments.stance.fitcache import FitCache
    from experiments.stance.models import make_classifier, with_search
    from features.tfidf.token_counts import cached_vectorizer

    grid = {("tfidf__word__min_df" if k == "min_df" else k): v for k, v in GRIDS[model].items()}
    cache = FitCache()
    pipe = Pipeline([("tfidf", cached_vectorizer(feature_settings(), counts)),
                     ("clf", make_classifier(model, classifier_params(model), random_state))], memory=cache)
    scorer = headline_scorer(sorted(set(y)), cache)
    fitted = with_search(pipe, grid, folds, scorer, n_jobs).fit(counts.X, y)
    fitted.best_estimator_.set_params(memory=None)  # the fitted model holds no cache
    return fitted


def plain_preprocessor():
    """The plain way's TfidfVectorizer `preprocessor`: stancelab's preparation of one text, picklable.

    >>> plain_preprocessor()("The nuclear weapons.")
    'nuclear weapon'
    """
    from features.text.language import prepare_text

    return partial(prepare_text, settings=text_settings())


def plain_vectorizer(min_df: int = 2):
    """TfidfVectorizer with the benchmark's settings, preparing each text itself (stancelab's preparation)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(preprocessor=plain_preprocessor(), token_pattern=r"\S+", lowercase=False,
                           ngram_range=(1, 2), min_df=min_df, sublinear_tf=True)


def plain_classifier(model: str, random_state: int):
    """The same classifier as stancelab's, written directly.

    >>> plain_classifier("sgd", 0).get_params()["loss"]
    'modified_huber'
    """
    from sklearn.linear_model import LogisticRegression, SGDClassifier
    from sklearn.naive_bayes import ComplementNB
    from sklearn.svm import LinearSVC

    if model == "complement_nb":
        return ComplementNB(**CLASSIFIER_PARAMS[model])
    kind = {"logreg": LogisticRegression, "linear_svm": LinearSVC, "sgd": SGDClassifier}[model]
    return kind(**CLASSIFIER_PARAMS[model], random_state=random_state)


def plain_search(texts, y, folds, model: str, n_jobs: int, random_state: int):
    """GridSearchCV(Pipeline(TfidfVectorizer, model), scoring="f1_macro") on the raw texts, fitted."""
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import Pipeline

    grid = {("tfidf__min_df" if k == "min_df" else k): v for k, v in GRIDS[model].items()}
    pipe = Pipeline([("tfidf", plain_vectorizer()), ("clf", plain_classifier(model, random_state))])
    return GridSearchCV(pipe, grid, cv=folds, scoring="f1_macro", n_jobs=n_jobs,
                        error_score="raise").fit(np.array(texts, dtype=object), y)


def search_summary(fitted, folds) -> dict:
    """What the comparison needs from a fitted search: every fold's score of every setting, the best one.

    Illustration: search_summary(fitted, folds)["settings"] -> 8
    """
    res = fitted.cv_results_
    split = np.array([res[f"split{i}_test_score"] for i in range(len(folds))]).T  # settings x folds
    return {"settings": len(res["params"]), "folds": len(folds), "folds_digest": folds_digest(folds),
            "split_scores": split.tolist(), "best_score": float(fitted.best_score_),
            "best_index": int(fitted.best_index_)}


def same_scores(a: dict, b: dict, tol: float = 1e-9) -> bool:
    """True when both searches used the same folds and every setting scored the same on each fold.

    >>> same_scores({"folds_digest": "x", "split_scores": [[0.5]]}, {"folds_digest": "x", "split_scores": [[0.5]]})
    True
    """
    return (a["folds_digest"] == b["folds_digest"]
            and np.allclose(a["split_scores"], b["split_scores"], rtol=0, atol=tol))
