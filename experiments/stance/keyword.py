"""The codebook keyword baseline: a segment gets the label whose cues (from the config) occur most in it.

Cues and segments are compared in one normal form (`normalise`); a cue matches at the start of a word.
The cue lists come from the config, written from seeds/CODEBOOK.md (experiments/stance/cues.py), never
from the data. Its own module because its classifier is a scikit-learn estimator: the choice of baselines
(experiments/stance/baselines.py) is read without loading scikit-learn (`stancelab check`).
"""
from __future__ import annotations

import re

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from features.text.language import TextSettings, prepare_chars, strip_accents


def normalise(text: str) -> str:
    """The form cues and segments are compared in: lower case, elisions dropped, no accents, single spaces.

    >>> normalise("L’arme nucléaire")
    'arme nucleaire'
    """
    return strip_accents(prepare_chars([text], TextSettings(language="fr"))[0])


def cue_forms(cues) -> list[str]:
    """The distinct normalised cues, longest first (so a longer cue wins over its prefix), ties in alphabetical
    order: a set's order follows the per-process string hash seed, and the pattern is saved inside the model.

    >>> cue_forms(["Menace", "menacé", "red line", "alerte"])
    ['red line', 'alerte', 'menace']
    """
    return sorted({normalise(c) for c in cues if normalise(c)}, key=lambda form: (-len(form), form))


def cue_pattern(cues: list[str]) -> re.Pattern | None:
    """One regex matching any cue at the start of a word (so "menace" also finds "menaces").

    >>> cue_pattern(["menace"]).findall("des menaces voilees")
    ['menace']
    """
    forms = cue_forms(cues)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + ")") if forms else None


class KeywordClassifier(ClassifierMixin, BaseEstimator):
    """The label whose cues occur most often in a segment; ties go to the cue that comes last.

    Codebook rule 3 ("take the claim the segment ends on") motivates the tie break. A segment with no cue
    gets `default_label` (`none`); if that label is not among the training labels (none left out), the
    training majority. `fit` learns nothing else: the cues are fixed by the config. X holds the segments'
    prepared text in column `column` (the stance step gives `FeatureInput.char_text()` as one column).

    Illustration: KeywordClassifier({"reassurance": ["aucune preuve"]}).fit(X, y).predict(
                 np.array([["aucune preuve de préparatifs"]], dtype=object)) -> ["reassurance"]
    """

    def __init__(self, cues: dict | None = None, default_label: str = "none", column: int = 0):
        self.cues = cues
        self.default_label = default_label
        self.column = column

    def fit(self, X, y):
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        values, counts = np.unique(y, return_counts=True)
        self.fallback_ = self.default_label if self.default_label in self.classes_ else values[np.argmax(counts)]
        self.patterns_ = {lab: p for lab, cues in (self.cues or {}).items()
                          if lab in self.classes_ and (p := cue_pattern(cues)) is not None}
        return self

    def predict(self, X):
        texts = np.asarray(X, dtype=object)[:, self.column]
        return np.array([self._label(normalise(t)) for t in texts], dtype=self.classes_.dtype)

    def _label(self, text: str) -> str:
        best, best_key = self.fallback_, (0, -1)
        for label, pattern in self.patterns_.items():
            hits = [m.start() for m in pattern.finditer(text)]
            key = (len(hits), max(hits, default=-1))  # most cues, then the latest cue
            if hits and key > best_key:
                best, best_key = label, key
        return best
