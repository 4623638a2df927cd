"""LSA without LU between power iterations: the spectrum of scikit-learn's default on real UN passages."""
import csv
import itertools

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from features.tfidf.lsa import truncated_svd
from tests.conftest import shared_data

N_PASSAGES, N_COMPONENTS = 2000, 100  # a few CPU seconds


def un_tfidf():
    """TF-IDF (sublinear, unit rows) of the first UN passages that mention nuclear weapons."""
    with open(shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv"), encoding="utf-8", newline="") as f:
        texts = [row["text"] for row in itertools.islice(csv.DictReader(f), N_PASSAGES)]
    return TfidfVectorizer(sublinear_tf=True, min_df=2).fit_transform(texts)


def test_the_spectrum_is_scikit_learns_default_one():
    """Before: TruncatedSVD's default LU normalisation, about twice the CPU for the same singular values."""
    X = un_tfidf()
    new = truncated_svd(N_COMPONENTS, 7).fit(X)
    old = TruncatedSVD(N_COMPONENTS, random_state=7).fit(X)  # power_iteration_normalizer "auto": LU here
    assert old.power_iteration_normalizer == "auto" and new.power_iteration_normalizer == "none"
    np.testing.assert_allclose(new.singular_values_, old.singular_values_, rtol=1e-7)  # measured: 7e-9 at most
    np.testing.assert_allclose(new.explained_variance_ratio_, old.explained_variance_ratio_, rtol=1e-6)
    # the same subspace: each new component lies in the span of the old ones (projection norm 1)
    inside = np.linalg.norm(new.components_ @ old.components_.T, axis=1)
    np.testing.assert_allclose(inside, 1.0, atol=1e-8)
