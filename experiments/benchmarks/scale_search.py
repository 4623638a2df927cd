"""The scale benchmark's stance search, done three ways on the same data and the same folds.

The search: 8 settings (4 of the model's hyperparameter x min_df 2 or 5) x 5 StratifiedGroupKFold folds, with
the project's GridSearchCV and macro-F1 scorer (experiments/stance/models.py, experiments/stance/evaluate.py). The ways:
- stancelab: every segment prepared and counted once (features/tfidf/token_counts.py), then `CountTfidf` fits only
  the vocabulary filters and IDF on each training fold, that fit kept in memory per fold and min_df (a
  FitCache as the pipeline's memory, as the stance step does) so that the 4 values of C share it;
- plain: the plain scikit-learn way from raw text, Pipeline(TfidfVectorizer, model) in GridSearchCV, the
  vectorizer doing stancelab's text preparation itself (its `preprocessor`), as a researcher would write it;
- hoisted: the same, but handed the prepared text, computed once outside the pipeline. Only the splitting
  and n-gram counting are repeated per fit: a conservative comparison that already has half of the saving.
All three must give equal scores on every fold of every setting (they fit the same vocabulary and IDF).

Imports sit inside the functions: the benchmark runs each stage in a fresh process and reports its peak
memory, so a stage loads only the libraries of the way it times (experiments/benchmarks/scale_stages.py).
"""
from __future__ import annotations

import hashlib
import time
from functools import partial

import numpy as np

STANCE_LABELS = ["deterrence", "escalation", "reassurance", "none"]
# 4 x 2 = 8 settings per model; min_df in the grid makes each way refit its vectorizer per setting.
GRIDS = {"logreg": {"clf__C": [0.1, 1.0, 10.0, 100.0], "min_df": [2, 5]},
         "complement_nb": {"clf__alpha": [0.01, 0.1, 0.3, 1.0], "min_df": [2, 5]}}
CLASSIFIER_PARAMS = {"logreg": {"C": 10.0, "class_weight": "balanced", "max_iter": 2000},
                     "complement_nb": {"alpha": 0.1, "norm": False}}


def classifier_params(model: str):
    """CLASSIFIER_PARAMS[model] as its config section (experiments/config/sections.py: LogReg, ComplementNB).

    Illustration: classifier_params("logreg").C -> 10.0
    """
    from experiments.config.sections import ComplementNB, LogReg  # imported when used: start-up time

    return {"logreg": LogReg, "complement_nb": ComplementNB}[model](**CLASSIFIER_PARAMS[model])


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
    """5 StratifiedGroupKFold folds, the nested search's own (experiments.stance.evaluate.inner_splits)."""
    from experiments.stance.evaluate import inner_splits

    return inner_splits(y, groups, 5, random_state)


def folds_digest(folds) -> str:
    """SHA-256 (16 hex digits) of the folds' test indices: equal digests, same folds.

    >>> folds_digest([(np.array([1]), np.array([0]))])
    '5feceb66ffc86f38'
    """
    return hashlib.sha256(",".join(" ".join(map(str, te)) for _, te in folds).encode()).hexdigest()[:16]


def search(pipeline, grid: dict, X, y, folds, n_jobs: int):
    """The project's GridSearchCV (experiments.stance.models.with_search) with its macro-F1 scorer, fitted."""
    from experiments.stance.evaluate import headline_scorer
    from experiments.stance.models import with_search

    return with_search(pipeline, grid, folds, headline_scorer(STANCE_LABELS), n_jobs).fit(X, y)


def count_texts(texts, n_jobs: int = 1):
    """stancelab's tokenising, once per experiment: the word 1-2-gram counts of every segment."""
    from features.tfidf.token_counts import count_corpus

    return count_corpus(texts, text_settings(), (1, 2), n_jobs=n_jobs)


def stancelab_search(counts, y, groups, model: str, n_jobs: int, random_state: int):
    """Search with `CountTfidf` over counts made once (`count_texts`), as the stance step searches.

    Like experiments/stance/step.py, the pipeline keeps its fitted vectorizer in memory (FitCache), keyed on
    the fold's rows and the vectorizer's settings: each (fold, min_df) is fitted once, not once per C.
    """
    from sklearn.pipeline import Pipeline

    from experiments.stance.fitcache import FitCache
    from experiments.stance.models import make_classifier
    from features.tfidf.token_counts import cached_vectorizer

    grid = {("tfidf__word__min_df" if k == "min_df" else k): v for k, v in GRIDS[model].items()}
    pipe = Pipeline([("tfidf", cached_vectorizer(feature_settings(), counts)),
                     ("clf", make_classifier(model, classifier_params(model), random_state))])
    fitted = search(pipe.set_params(memory=FitCache()), grid, counts.X, y, search_folds(y, groups, random_state),
                    n_jobs)
    fitted.best_estimator_.set_params(memory=None)  # the fitted model holds no cache
    return fitted


def stancelab_way(texts, y, groups, model: str, n_jobs: int, random_state: int):
    """From raw text: count once, then search."""
    return stancelab_search(count_texts(texts, n_jobs), y, groups, model, n_jobs, random_state)


def plain_preprocessor():
    """The plain way's TfidfVectorizer `preprocessor`: stancelab's preparation of one text, picklable.

    >>> plain_preprocessor()("The nuclear weapons.")
    'nuclear weapon'
    """
    from features.text.language import prepare_text

    return partial(prepare_text, settings=text_settings())


def plain_search(X, y, groups, model: str, n_jobs: int, random_state: int, preprocessor=None):
    """Pipeline(TfidfVectorizer, model) in GridSearchCV over X (raw text with a preprocessor, or prepared)."""
    from sklearn.pipeline import Pipeline

    from experiments.stance.models import make_classifier
    from features.tfidf.vectorize import word_vectorizer

    vectorizer = word_vectorizer(feature_settings()).set_params(preprocessor=preprocessor)
    grid = {("tfidf__min_df" if k == "min_df" else k): v for k, v in GRIDS[model].items()}
    pipe = Pipeline([("tfidf", vectorizer), ("clf", make_classifier(model, classifier_params(model), random_state))])
    return search(pipe, grid, np.array(X, dtype=object), y, search_folds(y, groups, random_state), n_jobs)


def plain_way(texts, y, groups, model: str, n_jobs: int, random_state: int):
    """The plain way from raw text: the vectorizer prepares each text inside every fit."""
    return plain_search(texts, y, groups, model, n_jobs, random_state, plain_preprocessor())


def hoisted_way(texts, y, groups, model: str, n_jobs: int, random_state: int):
    """The plain way handed stancelab's prepared text (prepared once, outside the pipeline)."""
    from features.text.language import prepare

    return plain_search(prepare(texts, text_settings()), y, groups, model, n_jobs, random_state)


WAYS = {"stancelab": stancelab_way, "plain": plain_way, "hoisted": hoisted_way}


def search_summary(fitted, folds) -> dict:
    """What the comparison needs from a fitted search: every fold's score of every setting, the best one.

    Illustration: search_summary(fitted, folds)["settings"] -> 8
    """
    res = fitted.cv_results_
    split = np.array([res[f"split{i}_test_score"] for i in range(len(folds))]).T  # settings x folds
    return {"settings": len(res["params"]), "folds": len(folds), "folds_digest": folds_digest(folds),
            "split_scores": split.tolist(), "mean_scores": res["mean_test_score"].tolist(),
            "best_score": float(fitted.best_score_), "best_index": int(fitted.best_index_)}


def same_scores(a: dict, b: dict) -> bool:
    """True when both searches used the same folds and every setting scored exactly the same on each fold.

    >>> same_scores({"folds_digest": "x", "split_scores": [[0.5]]}, {"folds_digest": "x", "split_scores": [[0.5]]})
    True
    """
    return a["folds_digest"] == b["folds_digest"] and a["split_scores"] == b["split_scores"]


def compare_ways(texts, y, groups, model: str = "logreg", n_jobs: int = 1, random_state: int = 2029) -> dict:
    """All three ways in this process on the same data and folds: scores, times, equality, speed ratios.

    Illustration: compare_ways(texts, y, groups)["equal"] -> True
    """
    from threadpoolctl import threadpool_limits

    out = {}
    with threadpool_limits(limits=1):  # as the stance step: BLAS threads only fight each other here
        for name, way in WAYS.items():
            t = time.perf_counter()
            fitted = way(texts, y, groups, model, n_jobs, random_state)
            out[name] = {**search_summary(fitted, search_folds(y, groups, random_state)),
                         "seconds": time.perf_counter() - t}
    out["equal"] = all(same_scores(out["stancelab"], out[w]) for w in ("plain", "hoisted"))
    out["ratio"] = {w: out[w]["seconds"] / out["stancelab"]["seconds"] for w in ("plain", "hoisted")}
    return out
