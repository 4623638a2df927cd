"""The stance models: TF-IDF then a linear classifier, hyperparameters and search grids from the config.

Every model is a scikit-learn `Pipeline(tfidf, clf)`, its vectorizer the one of the run's feature input
(TfidfVectorizer on prepared text, or CountTfidf on token counts); the saved final model is always the
scikit-learn one, so that it loads with skops with no trusted-type list (experiments/stance/final.py).
The vectorizer is inside the pipeline: whatever fits the pipeline (an outer training fold, an inner search
fold) fits the vocabulary and IDF on that data alone.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # scikit-learn loads in the functions that build models: `stancelab check` reads GRIDS only
    from sklearn.pipeline import Pipeline

GRIDS = {"logreg": ("C", "C_grid"), "linear_svm": ("C", "C_grid"), "complement_nb": ("alpha", "alpha_grid"),
         "sgd": ("alpha", "alpha_grid")}  # model -> (searched hyperparameter, its grid key in the config)


def _class_weight(value: str):
    return None if value == "none" else value


def make_classifier(name: str, params, random_state: int):
    """An unfitted classifier from its config section (config.logreg, config.sgd, ...).

    Illustration: make_classifier("logreg", LogReg(C=10.0, class_weight="balanced", max_iter=2000), 0)
             -> LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000, random_state=0)
    """
    from sklearn.linear_model import LogisticRegression, SGDClassifier  # here: see TYPE_CHECKING above
    from sklearn.naive_bayes import ComplementNB
    from sklearn.svm import LinearSVC

    p = params
    if name == "logreg":
        return LogisticRegression(C=p.C, class_weight=_class_weight(p.class_weight), max_iter=p.max_iter,
                                  random_state=random_state)
    if name == "linear_svm":
        return LinearSVC(C=p.C, class_weight=_class_weight(p.class_weight), max_iter=p.max_iter,
                         random_state=random_state)
    if name == "complement_nb":
        return ComplementNB(alpha=p.alpha, norm=p.norm)
    if name == "sgd":
        return SGDClassifier(loss=p.loss, alpha=p.alpha, penalty=p.penalty, max_iter=p.max_iter,
                             tol=p.tol, class_weight=_class_weight(p.class_weight),
                             random_state=random_state)
    raise ValueError(f"unknown model {name!r}")


def make_pipeline(vectorizer, clf) -> Pipeline:
    """An unfitted vectorizer (`FeatureInput.vectorizer()`) then classifier, fit together on training data only.

    A CollapsingPipeline: repeated training rows are fit once, weighted, where that reaches the same optimum
    (experiments/stance/collapse.py).
    Illustration: make_pipeline(features.vectorizer(), LogisticRegression()).fit(features.rows(train).X, y_train)
    """
    from experiments.stance.collapse import CollapsingPipeline  # here: see TYPE_CHECKING above

    return CollapsingPipeline([("tfidf", vectorizer), ("clf", clf)])


def param_grid(name: str, params) -> dict[str, list]:
    """The grid of the nested search ({} when the config's grid is empty: no search).

    >>> from experiments.config.sections import LogReg
    >>> param_grid("logreg", LogReg(C_grid=(0.1, 1.0)))
    {'clf__C': [0.1, 1.0]}
    """
    key, grid_key = GRIDS[name]
    grid = getattr(params, grid_key)
    return {f"clf__{key}": list(grid)} if grid else {}


def configured(name: str, config) -> tuple[object, dict]:
    """The classifier `name` as the config sets it and its search grid; with `[stance] class_offsets` it is
    wrapped in an OffsetClassifier (offsets tuned on its training rows' folds) and the grid reaches inside.

    Illustration: configured("logreg", <config with class_offsets = true>)
             -> (OffsetClassifier(LogisticRegression(C=10.0, …), …), {"clf__estimator__C": [1.0, 10.0, 100.0]})
    """
    params, seed = config.model_params(name), config.experiment.random_state
    clf, grid = make_classifier(name, params, seed), param_grid(name, params)
    if not config.stance.class_offsets:
        return clf, grid
    from experiments.stance.offsets import OffsetClassifier  # here: it loads scikit-learn and SciPy

    labels = list(config.stance.headline_labels) or None
    wrapped = OffsetClassifier(clf, labels=labels, cv=config.evaluation.inner_splits, random_state=seed)
    return wrapped, {key.replace("clf__", "clf__estimator__", 1): values for key, values in grid.items()}


def with_search(pipeline: Pipeline, grid: dict, inner_cv, scorer, n_jobs: int = 1):
    """The pipeline wrapped in a grid search over `inner_cv` (a list of splits of the training data).

    The search refits the best setting on the whole training data it was given, and nothing else; a fit or
    score that fails raises (never scored 0.0).
    """
    if not grid:
        return pipeline
    from sklearn.model_selection import GridSearchCV  # here: see TYPE_CHECKING above

    return GridSearchCV(pipeline, grid, cv=inner_cv, scoring=scorer, n_jobs=n_jobs, refit=True,
                        error_score="raise")  # a failure is never a score of 0 the search could choose
