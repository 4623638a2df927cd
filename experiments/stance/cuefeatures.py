"""Codebook cue counts beside the n-grams (`[features] cue_counts = true`): one feature per stance label, the
number of that label's `[keywords]` cues in the segment, as 1 + log(count) (0 without a cue).

The cues are the keyword baseline's (experiments/stance/cues.py, or the config's [keywords] lists), matched
as it matches them: at the start of a word, in lower case without accents, on the prepared character text.
Each count is a scikit-learn TfidfVectorizer whose token pattern is an empty look-ahead match of the cues
(every match is the empty token, its only vocabulary entry): built-in types only, so the saved model still
loads with skops and no trusted type, and `predict` counts the cues of new text the same way. The counts
need no fitting (fixed vocabulary, no IDF), so they learn nothing from any fold; their weights are learnt
by the classifier with the n-grams', on training rows only.
"""
from __future__ import annotations

import re

from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer

from experiments.stance.keyword import cue_forms
from features.tfidf.vectorize import CHAR_COLUMN

PREFIX = "cues_"  # the parts' names: "cues_deterrence", ...; their one feature is "cues_deterrence__"


def cue_token_pattern(cues) -> str | None:
    """A token pattern whose every match (empty) is one occurrence of a cue at the start of a word.

    >>> import re
    >>> len(re.findall(cue_token_pattern(["menace", "red line"]), "des menaces et une red line"))
    2
    """
    forms = cue_forms(cues)
    if not forms:
        return None
    return r"(?<!\w)(?=(?:" + "|".join(map(re.escape, forms)) + "))"


def cue_counter(cues) -> TfidfVectorizer:
    """One label's cue count as a one-column sparse matrix: 1 + log(count), 0 without a cue.

    >>> import numpy as np
    >>> cue_counter(["deter"]).fit_transform(np.array(["we deter; deterrence", "no"], dtype=object)).toarray().round(2)
    array([[1.69],
           [0.  ]])
    """
    return TfidfVectorizer(token_pattern=cue_token_pattern(cues), vocabulary={"": 0}, lowercase=True,
                           strip_accents="unicode", use_idf=False, norm=None, sublinear_tf=True)


def with_cue_counts(vectorizer: ColumnTransformer, cues: dict, labels) -> ColumnTransformer:
    """The n-gram vectorizer with one cue count per label of `labels` that has cues, read from the character column.

    Illustration: with_cue_counts(make_vectorizer(settings), config.keywords.cues(), ["deterrence", "none"])
             .transformers -> [("word", TfidfVectorizer(…), 0), ("cues_deterrence", TfidfVectorizer(…), 1)]
    """
    parts = [(f"{PREFIX}{label}", cue_counter(cues[label]), CHAR_COLUMN)
             for label in labels if cue_token_pattern(cues.get(label, ()))]
    return ColumnTransformer([*vectorizer.transformers, *parts], sparse_threshold=1.0)


def model_vectorizer(config, features):
    """The unfitted vectorizer of every stance model: the feature input's, with the cue counts when asked."""
    vectorizer = features.vectorizer()
    if not config.features.cue_counts:
        return vectorizer
    return with_cue_counts(vectorizer, config.keywords.cues(), config.stance.labels)
