"""Counting in several processes gives the counts of one process, to the last index and in the same order."""
import itertools

import numpy as np
import pytest

from features.read.tables import TableSpec, iter_records
from features.text.language import TextSettings
from features.tfidf.token_counts import count_corpus, merge_blocks
from tests.conftest import shared_data

FR = TextSettings(lemmatize=True, keep_words=("ne", "pas", "aucun"))


def assert_same_counts(a, b):
    """Equal matrices entry by entry in stored order (the order TF-IDF norms add up), names and lengths."""
    assert a.X.shape == b.X.shape and a.n_word == b.n_word
    for part in ("indptr", "indices", "data"):
        np.testing.assert_array_equal(getattr(a.X, part), getattr(b.X, part))
    assert list(a.names) == list(b.names)
    np.testing.assert_array_equal(a.lengths, b.lengths)


@pytest.mark.parametrize("words,chars", [((1, 2), None), ((1, 1), (2, 4)), (None, (3, 5))])
def test_blocks_in_two_processes_equal_one_process_on_the_seeds(seed_segments, words, chars):
    texts = [s.text for s in seed_segments]
    one = count_corpus(texts, FR, words, chars)
    two = count_corpus(texts, FR, words, chars, n_jobs=2, min_block=10)
    assert_same_counts(one, two)
    assert one.X.nnz > 500  # real counts, not an empty corner case


def test_merging_uses_the_union_of_the_blocks_n_grams(seed_segments):
    texts = [s.text for s in seed_segments]
    half = len(texts) // 2
    first, second = (count_corpus(t, FR, (1, 1)) for t in (texts[:half], texts[half:]))
    merged = merge_blocks([first, second])
    assert set(merged.names) == set(first.names) | set(second.names)
    assert len(merged.names) < len(first.names) + len(second.names)  # shared words are one column
    assert_same_counts(merged, count_corpus(texts, FR, (1, 1)))


@pytest.mark.shared
def test_three_processes_on_un_passages_equal_one():
    path = shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv")
    texts = [r.text for r in itertools.islice(iter_records(path, TableSpec()), 3000)]
    en = TextSettings(language="en", lemmatize=True, drop_numbers=True, keep_words=("no", "not"))
    assert_same_counts(count_corpus(texts, en, (1, 2)), count_corpus(texts, en, (1, 2), n_jobs=3, min_block=500))
