"""Naive-Bayes EM refinement of a partition (hard and soft), on 2,000 real AG News texts."""
import numpy as np
import pytest
from sklearn.metrics import normalized_mutual_info_score

from experiments.benchmarks.ag_news_cluster import FEATURES, read_ag_news
from experiments.config.sections import Topics
from experiments.topics.clustering import fit_partition
from experiments.topics.refine import refine_naive_bayes, refine_naive_bayes_soft
from features.text.language import TextSettings
from features.tfidf.token_counts import cached_vectorizer, corpus_counts
from tests.conftest import shared_data


@pytest.fixture(scope="module")
def ag2000():
    texts, y = read_ag_news(shared_data("ag_news", "test.csv"))
    texts, y = texts[:2000], y[:2000]
    counts = corpus_counts(texts, TextSettings(language="en", keep_words=()), FEATURES, cache_dir=None)
    X = cached_vectorizer(FEATURES, counts).fit_transform(counts.X)
    t = Topics(method="nmf", nmf_beta_loss="kullback-leibler")
    return X, y, [fit_partition(X, t, 4, seed).labels for seed in (0, 1)]


def test_em_refinement_moves_nmf_topics_toward_the_classes(ag2000):
    """Labels only score: both EMs beat their NMF start (about 0.42 -> 0.50 hard, 0.48 soft)."""
    X, y, (start, _) = ag2000
    hard, soft = refine_naive_bayes(X, start), refine_naive_bayes_soft(X, start)
    nmi = {name: normalized_mutual_info_score(y, p) for name, p in
           {"nmf": start, "hard": hard, "soft": soft}.items()}
    assert nmi["nmf"] + 0.04 < min(nmi["hard"], nmi["soft"]), nmi
    assert np.bincount(soft, minlength=4).min() > 200  # four real clusters


def test_a_fitted_prior_lets_soft_em_empty_clusters(ag2000):
    """Why the soft EM's prior is uniform: with a fitted one, the large clusters absorb the others."""
    X, _, (start, _) = ag2000
    assert len(np.unique(refine_naive_bayes_soft(X, start, fit_prior=True))) < 4
    assert len(np.unique(refine_naive_bayes_soft(X, start))) == 4


def test_soft_em_is_a_fixed_point(ag2000):
    X, _, (start, _) = ag2000
    soft = refine_naive_bayes_soft(X, start)
    again = refine_naive_bayes_soft(X, soft, max_iter=100)
    assert (again == soft).mean() > 0.99
