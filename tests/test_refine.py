"""Naive-Bayes EM refinement of a partition (hard and soft), on 2,000 real AG News texts; [topics] refine."""
import warnings
from dataclasses import replace

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import normalized_mutual_info_score

from experiments.benchmarks.ag_news_cluster import FEATURES, read_ag_news
from experiments.config import schema as cfg
from experiments.config.schema import ConfigError
from experiments.config.sections import Topics
from experiments.output.methods import methods_paragraph
from experiments.topics.clustering import fit_partition
from experiments.topics.refine import refine_naive_bayes, refine_naive_bayes_soft
from features.text.language import TextSettings
from features.tfidf.token_counts import cached_vectorizer, corpus_counts
from tests.conftest import ROOT, shared_data

SEEDS_TOPICS = ROOT / "experiments" / "configs" / "seeds_topics.toml"


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


def test_the_topics_refine_setting_refines_every_seed_partition(ag2000):
    """[topics] refine in a run: fit_partition refines the method's partition; terms are the new clusters'."""
    X, y, _ = ag2000
    t = Topics(method="nmf", nmf_beta_loss="kullback-leibler", max_iter=50)  # 50 rounds: a start, and quick
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = fit_partition(X, t, 4, 0).labels
        part = fit_partition(X, replace(t, refine="soft_naive_bayes"), 4, 0)
    assert np.array_equal(part.labels, refine_naive_bayes_soft(X, start))
    assert normalized_mutual_info_score(y, part.labels) > normalized_mutual_info_score(y, start) + 0.04
    biggest = int(np.argmax(np.bincount(part.labels)))
    assert np.allclose(part.term_weights[biggest], X[part.labels == biggest].mean(axis=0))
    assert np.array_equal(part.shares.argmax(axis=1), part.labels)


def test_refine_is_checked_and_named_in_the_methods_paragraph():
    config = cfg.load(SEEDS_TOPICS, ["topics.method='nmf'", "topics.representation='tfidf'",
                                     "topics.refine='soft_naive_bayes'"])
    assert config.topics.refine == "soft_naive_bayes"
    assert "refined by soft naive-Bayes EM" in methods_paragraph(config)
    assert "refined" not in methods_paragraph(cfg.load(SEEDS_TOPICS))
    with pytest.raises(ConfigError, match="refine"):
        cfg.load(SEEDS_TOPICS, ["topics.refine='em'"])
