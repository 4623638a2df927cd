"""The [features] settings: what the TF-IDF vectorizers count (features/tfidf/vectorize.py builds them).

Apart from the vectorizers so that loading a config reads these settings without importing scikit-learn
(`stancelab check` and `--help` start in a fraction of a second).
"""
from __future__ import annotations

from dataclasses import dataclass

from features.embed.columns import MODES
from features.settings import setting


@dataclass(frozen=True)
class FeatureSettings:
    """TF-IDF settings; also the typed [features] section of a config, its constraints in the field metadata.

    `engine` says how the matrices are computed, not what they are: "sklearn" (TfidfVectorizer over the
    prepared text) or "cached" (n-grams counted once, features/tfidf/token_counts.py); same matrices.
    Illustration: FeatureSettings(min_df=2).limit -> None  (max_features 0: no limit)
    """

    words: bool = setting(True)
    chars: bool = setting(False)
    word_ngram_range: tuple[int, int] = setting((1, 2), min=1, max=10)  # a text of n words has up to n(n+1)/2 n-grams
    char_ngram_range: tuple[int, int] = setting((3, 5), min=1, max=20)
    min_df: int = setting(1, min=1)
    max_df: float = setting(1.0, min=0.0, max=1.0)
    max_features: int = setting(0, min=0)  # 0: no limit
    sublinear_tf: bool = setting(True)
    engine: str = setting("sklearn", choices=("sklearn", "cached"))
    embeddings: str = setting("none", choices=MODES)  # sentence vectors (optional extra)
    embedding_weight: float = setting(1.0, min=0.0)  # the vectors' weight beside the TF-IDF rows (norm 1)
    # stance models only, 1 + log(count), beside the n-grams (experiments/stance/cuefeatures.py)
    cue_counts: bool = setting(False)

    @property
    def limit(self) -> int | None:
        """max_features as scikit-learn takes it (None: no limit)."""
        return self.max_features or None
