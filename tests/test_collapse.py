"""Repeated training rows fit once with their count as weight: the optimum of the repeated fit, on real text.

The corpus: the 35 labelled seed sentences, each repeated 1-6 times (seeded), three of them also under
another label, shuffled. Tolerances: a deterministic solver stops at its tolerance, and the collapsed and the
repeated objectives (equal as functions) are summed in another order, so the two fits agree to the solver's
tolerance, not to the last bit. Fit with tol=1e-10 the coefficients agree to 1e-9 (measured: 7e-12 for
logistic regression, 4e-12 for LinearSVC, whose coefficients are about 1; the optimum is unique, the losses
being L2-penalised and strictly convex); fit as the configs fit them (LinearSVC then differs by 3e-6), every
prediction is the same. The naive Bayes counts are sums: equal to 1e-12 (exact, but a pipeline does not
collapse for naive Bayes nor LinearSVC: measured slower, experiments/stance/collapse.py).
"""
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.naive_bayes import ComplementNB, MultinomialNB
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC
from threadpoolctl import threadpool_limits

from experiments.stance import collapse
from experiments.stance.collapse import CollapsingPipeline, collapsible, distinct_rows, plain, worth_collapsing
from experiments.stance.evaluate import headline_scorer
from experiments.stance.fitcache import FitCache
from experiments.stance.offsets import OffsetClassifier
from experiments.stance.pergroup import PerGroupClassifier, with_groups
from features.tfidf.feature_input import FeatureInput
from tests.stance_helpers import seeds_labelled

TIGHT = {"tol": 1e-10, "max_iter": 100_000}
FAMILIES = {  # each family as a config fits it, and fit to its optimum
    "logreg": (LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000, random_state=0),
               LogisticRegression(C=10.0, class_weight="balanced", random_state=0, **TIGHT)),
    "linear_svm": (LinearSVC(C=1.0, class_weight="balanced", max_iter=5000, random_state=0),
                   LinearSVC(C=1.0, class_weight="balanced", random_state=0, **TIGHT)),
    "complement_nb": (ComplementNB(alpha=0.5), ComplementNB(alpha=0.5)),
    "multinomial_nb": (MultinomialNB(alpha=0.5), MultinomialNB(alpha=0.5)),
}


@pytest.fixture(autouse=True)
def one_blas_thread():
    """As the stance step fits (experiments/stance/step.py): BLAS threads spinning on a busy machine make an
    lbfgs fit many times slower."""
    with threadpool_limits(limits=1):
        yield


@pytest.fixture(scope="module")
def seeds():
    """(config, prepared text of the seed sentences, their labels, their article)."""
    config, data = seeds_labelled()
    return config, data.features, data.y, data.column("doc")


def repeat_rows(n: int, y: np.ndarray, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(row positions with repeats, their labels): each row 1-6 times, three rows also under another label."""
    rng = np.random.default_rng(seed)
    rows = np.repeat(np.arange(n), rng.integers(1, 7, n))
    labels = y[rows].astype(object)
    others = sorted(set(y))
    for r in rng.choice(n, 3, replace=False):  # one more copy of r under the next label
        rows = np.append(rows, r)
        labels = np.append(labels, others[(others.index(y[r]) + 1) % len(others)])
    order = rng.permutation(len(rows))
    return rows[order], labels[order]


@pytest.fixture(scope="module")
def repeated(seeds):
    _, features, y, _ = seeds
    rows, y_rep = repeat_rows(len(y), y)
    return features, features.X[rows], y_rep, rows


def pipelines(features, clf):
    return (CollapsingPipeline([("tfidf", features.vectorizer()), ("clf", clone(clf))]),
            Pipeline([("tfidf", features.vectorizer()), ("clf", clone(clf))]))


def test_the_distinct_pairs_of_the_repeated_seeds(repeated):
    features, X, y, _ = repeated
    firsts, counts = distinct_rows(features.vectorizer().fit_transform(X), y)
    pairs = {(tuple(X[i]), y[i]) for i in range(len(y))}
    assert len(firsts) == len(pairs) == 35 + 3 < len(y) == counts.sum()
    assert {(tuple(X[i]), y[i]) for i in firsts} == pairs


@pytest.mark.parametrize("family", ["logreg"])
def test_collapsed_fit_reaches_the_repeated_fit_optimum(repeated, family, monkeypatch):
    features, X, y, _ = repeated
    seen = []
    monkeypatch.setattr(collapse, "distinct_rows", lambda Xt, y_: seen.append(distinct_rows(Xt, y_)) or seen[-1])
    configured, tight = FAMILIES[family]
    collapsed, plain_fit = (p.fit(X, y) for p in pipelines(features, tight))
    assert len(seen[0][0]) < len(y)  # the classifier was fit on the distinct rows
    np.testing.assert_allclose(collapsed[-1].coef_, plain_fit[-1].coef_, rtol=0, atol=1e-9)
    collapsed, plain_fit = (p.fit(X, y) for p in pipelines(features, configured))
    assert list(collapsed.predict(features.X)) == list(plain_fit.predict(features.X))


@pytest.mark.parametrize("family", ["linear_svm", "complement_nb", "multinomial_nb"])
def test_exact_but_slower_weighted_fits_are_not_collapsed(repeated, family):
    """The weighted fit reaches the repeated optimum, but was measured slower: a pipeline fits every row."""
    features, X, y, _ = repeated
    Xt = features.vectorizer().fit_transform(X)
    firsts, counts = distinct_rows(Xt, y)
    clf = FAMILIES[family][1]
    attribute = "coef_" if family == "linear_svm" else "feature_log_prob_"
    weighted = clone(clf).fit(Xt[firsts], y[firsts], sample_weight=counts.astype(float))
    np.testing.assert_allclose(getattr(weighted, attribute), getattr(clone(clf).fit(Xt, y), attribute), rtol=0,
                               atol=1e-9 if family == "linear_svm" else 1e-12)
    assert collapsible(clf) and not worth_collapsing(clf)


@pytest.mark.parametrize("family", ["logreg", "linear_svm"])
def test_the_weights_matter_balanced_classes_included(repeated, family):
    """The distinct rows fit without their counts give another model: the equality above is not trivial."""
    features, X, y, _ = repeated
    clf = FAMILIES[family][1]
    firsts, _ = distinct_rows(features.vectorizer().fit_transform(X), y)
    repeated_fit = Pipeline([("tfidf", features.vectorizer()), ("clf", clone(clf))]).fit(X, y)
    vectorizer = repeated_fit[0]  # the same features, so that only the rows' weights differ
    unweighted = clone(clf).fit(vectorizer.transform(X[firsts]), y[firsts])
    assert np.abs(unweighted.coef_ - repeated_fit[-1].coef_).max() > 1e-3


def test_the_vectorizer_sees_every_row(repeated):
    features, X, y, _ = repeated
    collapsed = CollapsingPipeline([("tfidf", features.vectorizer()), ("clf", FAMILIES["logreg"][0])]).fit(X, y)
    every_row = features.vectorizer().fit(X)
    firsts, _ = distinct_rows(every_row.transform(X), y)
    distinct_only = features.vectorizer().fit(X[firsts])
    word = lambda v: v.named_transformers_["word"].idf_  # noqa: E731
    np.testing.assert_array_equal(word(collapsed[0]), word(every_row))
    assert not np.array_equal(word(collapsed[0]), word(distinct_only))  # document frequencies count repeats


def test_the_grid_search_scores_are_the_repeated_ones(seeds, repeated):
    config = seeds[0]
    features, X, y, _ = repeated
    folds = list(StratifiedKFold(3, shuffle=True, random_state=0).split(X, y))
    clf = FAMILIES["logreg"][0]
    results = []
    for pipe in pipelines(features, clf):
        cache = FitCache()
        pipe.set_params(memory=cache)
        search = GridSearchCV(pipe, {"clf__C": [1.0, 10.0, 100.0]}, cv=folds,
                              scoring=headline_scorer(list(config.stance.headline_labels), cache)).fit(X, y)
        results.append([search.cv_results_[f"split{k}_test_score"] for k in range(3)])
    np.testing.assert_array_equal(results[0], results[1])


def test_per_group_models_collapse_alike(seeds, repeated):
    """One model per article, each searching its own grid on its own inner folds: the same choices and labels."""
    config, _, _, docs = seeds
    features, X, y, rows = repeated
    X_groups = with_groups(X, docs[rows])
    fitted = [PerGroupClassifier(pipe, {"clf__C": [0.1, 1.0, 10.0]}, 2, list(config.stance.headline_labels), 0)
              .fit(X_groups, y) for pipe in pipelines(features, FAMILIES["logreg"][0])]
    assert fitted[0].best_params_ == fitted[1].best_params_ and len(fitted[0].models_) == 2
    everything = with_groups(features.X, docs)
    assert list(fitted[0].predict(everything)) == list(fitted[1].predict(everything))


def test_counts_input_collapses_alike(seeds, repeated, tmp_path):
    """Engine "cached": the rows are n-gram counts and the vectorizer CountTfidf; the same predictions."""
    features = seeds[1]
    _, _, y, rows = repeated
    counted = FeatureInput.build(features.texts, features.text, features.features, "cached", str(tmp_path))
    X_counts = counted.X[rows]
    collapsed, plain_fit = pipelines(counted, FAMILIES["logreg"][0])
    collapsed.fit(X_counts, y), plain_fit.fit(X_counts, y)
    assert list(collapsed.predict(counted.X)) == list(plain_fit.predict(counted.X))


@pytest.mark.parametrize("clf", [SGDClassifier(random_state=0), LogisticRegression(solver="saga"),
                                 OffsetClassifier(LogisticRegression())], ids=["sgd", "saga", "offsets"])
def test_order_dependent_fits_are_not_collapsed(repeated, clf):
    features, X, y, _ = repeated
    assert not collapsible(clf) and not worth_collapsing(clf)
    if isinstance(clf, SGDClassifier):  # fit as a Pipeline fits it: to the last bit
        collapsed, plain_fit = (p.fit(X, y) for p in pipelines(features, clf))
        np.testing.assert_array_equal(collapsed[-1].coef_, plain_fit[-1].coef_)


def test_without_repeats_the_fit_is_the_pipeline_fit_to_the_last_bit(seeds):
    _, features, y, _ = seeds
    for family in FAMILIES:
        collapsed, plain_fit = (p.fit(features.X, y) for p in pipelines(features, FAMILIES[family][0]))
        attribute = "feature_log_prob_" if family.endswith("nb") else "coef_"
        np.testing.assert_array_equal(getattr(collapsed[-1], attribute), getattr(plain_fit[-1], attribute))


def test_a_saved_model_is_a_plain_pipeline(repeated):
    features, X, y, _ = repeated
    fitted = CollapsingPipeline([("tfidf", features.vectorizer()), ("clf", ComplementNB())]).fit(X, y)
    saved = plain(fitted)
    assert type(saved) is Pipeline and saved[-1] is fitted[-1]
    assert list(saved.predict(X)) == list(fitted.predict(X))
