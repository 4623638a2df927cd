"""Clustering methods on the TF-IDF of the real seed sentences: every method, seeded, shapes that hold."""
import numpy as np
import pytest

from experiments.config.sections import Topics
from experiments.topics.clustering import fit_partition, n_lsa_components
from features.text.language import TextSettings
from features.tfidf.vectorize import FeatureSettings, make_vectorizer, vectorizer_input


def settings(**overrides) -> Topics:
    """The [topics] defaults with some keys changed."""
    return Topics(**overrides)


@pytest.fixture(autouse=True)
def one_thread():
    """As the topics step does: small fits on a busy machine are slowed down by idle OpenMP threads."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield


@pytest.fixture(scope="module")
def seeds_tfidf(seed_segments):
    X = vectorizer_input([s.text for s in seed_segments], TextSettings(lemmatize=True))
    vec = make_vectorizer(FeatureSettings(word_ngram_range=(1, 1)))
    return vec.fit_transform(X), vec.get_feature_names_out()


@pytest.mark.parametrize("t", [
    settings(method="kmeans", representation="tfidf"),
    settings(method="kmeans", representation="lsa", n_components=10),
    settings(method="minibatch_kmeans", representation="lsa", n_components=10, batch_size=16),
    settings(method="agglomerative", representation="tfidf", linkage="average", metric="cosine"),
    settings(method="agglomerative", representation="lsa", n_components=10),
    settings(method="nmf", representation="tfidf"),
], ids=["kmeans-tfidf", "kmeans-lsa", "minibatch-lsa", "agglo-cosine", "agglo-ward-lsa", "nmf"])
def test_every_method_partitions_the_seed_sentences(seeds_tfidf, t):
    X, names = seeds_tfidf
    part = fit_partition(X, t, 4, random_state=0)
    assert part.labels.shape == (35,) and set(part.labels) <= set(range(4)) and len(set(part.labels)) >= 2
    assert part.term_weights.shape == (4, len(names))
    assert np.allclose(part.shares.sum(axis=1), 1.0)
    assert np.array_equal(part.shares.argmax(axis=1), part.labels)
    again = fit_partition(X, t, 4, random_state=0)
    assert np.array_equal(part.labels, again.labels)  # the seed is the only source of randomness


def test_lsa_size_is_clipped_on_a_small_corpus(seeds_tfidf):
    X, _ = seeds_tfidf
    assert n_lsa_components(X, 100) == 34
    part = fit_partition(X, settings(representation="lsa", n_components=100), 3, 0)
    assert part.X_fit.shape == (35, 34)
    assert np.allclose(np.linalg.norm(part.X_fit, axis=1), 1.0)  # normalised LSA rows


def test_agglomerative_refuses_a_large_corpus(seeds_tfidf):
    from experiments.config.schema import ConfigError

    with pytest.raises(ConfigError, match="agglomerative_max_samples"):
        fit_partition(seeds_tfidf[0], settings(method="agglomerative", agglomerative_max_samples=10), 3, 0)
