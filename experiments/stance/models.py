"""The stance models: TF-IDF then a linear classifier, hyperparameters and search grids from the config.

Every model is a scikit-learn `Pipeline(tfidf, clf)`, its vectorizer the one of the run's feature input
(TfidfVectorizer on prepared text, or CountTfidf on token counts); the saved final model is always the
scikit-learn one, so that it loads with skops with no trusted-type list (experiments/stance/final.py) but the
soft vote's own class (experiments/stance/softvote.py), trusted by its one name.
The vectorizer is inside the pipeline: whatever fits the pipeline (an outer training fold, an inner search
fold) fits the vocabulary and IDF on that data alone.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from experiments.config.model_sections import GRIDS

if TYPE_CHECKING:  # scikit-learn loads in the functions that build models: `stancelab check` reads GRIDS only
    from sklearn.pipeline import Pipeline


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


def classifier(name: str, config, random_state: int):
    """An unfitted classifier as the config sets it: a base model from its own section, or `soft_vote`, whose
    members are each built from their own sections.

    Illustration: classifier("soft_vote", seeds_config, 0).estimators
             -> [("logreg", LogisticRegression(…)), ("linear_svm", LinearSVC(…))]
    """
    if name != "soft_vote":
        return make_classifier(name, config.model_params(name), random_state)
    from experiments.stance.softvote import SoftVote  # here: it loads scikit-learn (see TYPE_CHECKING above)

    vote = config.soft_vote
    members = [(m, make_classifier(m, config.model_params(m), random_state)) for m in vote.members]
    return SoftVote(members, temperature=vote.temperature)


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

    >>> from experiments.config.model_sections import LogReg
    >>> param_grid("logreg", LogReg(C_grid=(0.1, 1.0)))
    {'clf__C': [0.1, 1.0]}
    """
    key, grid_key = GRIDS[name]
    grid = getattr(params, grid_key)
    return {f"clf__{key}": list(grid)} if grid else {}


def zipped_grid(config) -> dict[str, list]:
    """The soft vote's grid: setting i gives every member the i-th value of its own grid (a one-value grid
    repeats; a member with no grid keeps its section's value). Not the product of the members' grids: 3
    settings rather than 9 (or 81 with four members), each fitting every member.

    Illustration: zipped_grid(<config with logreg C_grid [1, 10], linear_svm C_grid [0.1, 1]>)
             -> {"clf__member_params": [{"logreg": {"C": 1.0}, "linear_svm": {"C": 0.1}},
                                        {"logreg": {"C": 10.0}, "linear_svm": {"C": 1.0}}]}
    """
    grids = {m: param_grid(m, config.model_params(m)) for m in config.soft_vote.members}
    grids = {m: (GRIDS[m][0], values) for m, g in grids.items() for values in g.values()}
    n = max((len(values) for _, values in grids.values()), default=0)
    if n == 0:
        return {}
    points = [{m: {key: values[i if len(values) > 1 else 0]} for m, (key, values) in grids.items()}
              for i in range(n)]  # equal lengths (or one value): checked with the config (checks.py)
    return {"clf__member_params": points}


def configured(name: str, config) -> tuple[object, dict]:
    """The classifier `name` as the config sets it and its search grid; with `[stance] class_offsets` it is
    wrapped in an OffsetClassifier (offsets tuned on its training rows' folds) and the grid reaches inside.

    Illustration: configured("logreg", <config with class_offsets = true>)
             -> (OffsetClassifier(LogisticRegression(C=10.0, …), …), {"clf__estimator__C": [1.0, 10.0, 100.0]})
    """
    seed = config.experiment.random_state
    clf = classifier(name, config, seed)
    grid = zipped_grid(config) if name == "soft_vote" else param_grid(name, config.model_params(name))
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
