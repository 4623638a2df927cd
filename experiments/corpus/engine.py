"""Config -> the run's one `FeatureInput` (features/tfidf/feature_input.py); [features] engine says how it is made:

- "sklearn": the prepared text of every segment; every fit runs TfidfVectorizer over it;
- "cached": every segment tokenised and its n-grams counted once (cached on disk under [experiment]
  cache_dir); each fit only chooses the vocabulary and IDF on its training rows. Same matrices, same scores.
"""
from __future__ import annotations

from experiments.config.resolved import Config
from features.tfidf.feature_input import FeatureInput


def feature_input(config: Config, texts, reuse: FeatureInput | None = None) -> FeatureInput:
    """The feature input of `texts` with the config's [preprocess], [features] and engine settings.

    `reuse`: an input of the same texts whose prepared text or counts serve when the settings allow
    (a [selection] candidate that changes only [topics] or TF-IDF weights prepares nothing again).
    Illustration: feature_input(seeds_config, [s.text for s in segments]).X.shape -> (35, 2)  (engine "sklearn")
    """
    engine, cache = config.features.engine, config.experiment.cache_dir or None
    n_jobs = config.experiment.n_jobs
    if reuse is not None:
        return reuse.with_settings(config.preprocess, config.features, engine, cache, n_jobs)
    return FeatureInput.build(texts, config.preprocess, config.features, engine, cache, n_jobs)
