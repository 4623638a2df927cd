"""The truncated SVD of every LSA in the project (topics, topic map, k sweep, diverse sampling), built here.

scikit-learn's TruncatedSVD (randomized, 5 power iterations) normalises the iterates with an LU factorisation
after each power iteration by default (`power_iteration_normalizer="auto"` is "LU" beyond 2 iterations). On a
float64 TF-IDF matrix of unit rows, whose leading singular values lie within a small factor of each other,
the iterates stay far from float64's limits without it: "none" keeps one QR at the end, gives the same
singular values to a tolerance checked on real text (tests/test_lsa.py), and costs less CPU: measured on the
17,080 UN passages (TF-IDF, 13,871 terms, 100 components) 1.3 against 1.5 CPU s on one BLAS thread, 4.1
against 4.4 on two (7-15% less, not the 2x first reported). float32 would not do: its 7 digits lose the
small components without normalisation.
"""
from __future__ import annotations

from sklearn.decomposition import TruncatedSVD

NORMALIZER = "none"   # between power iterations: none (one QR at the end) instead of scikit-learn's LU


def truncated_svd(n_components: int, random_state: int) -> TruncatedSVD:
    """An unfitted TruncatedSVD for LSA: randomized, seeded, without LU between power iterations.

    >>> truncated_svd(2, 0).power_iteration_normalizer
    'none'
    """
    return TruncatedSVD(n_components=n_components, random_state=random_state,
                        power_iteration_normalizer=NORMALIZER)
