"""A saved model's vocabularies as one array each, not one skops node per n-gram.

skops writes a dict value by value: each of a fitted vectorizer's `vocabulary_` entries becomes a node of the
file's schema that `skops.io.load` decodes and audits one at a time (the UN reference model's 42,885 word and
character n-grams: about 0.9 of its 1.3 CPU s of loading). `compact` returns a copy of the model whose large
vocabularies are stored as `TERMS`: the terms in feature order, UTF-8 joined by NUL, as a uint8 array, which
skops saves as one .npy member and reads back without pickle, no type beyond its defaults. `expand`, run by
`modelfile.load` after skops, puts back the very dict (`vocabulary_`, term -> feature index). A model file
saved before holds the dicts themselves and loads as it always did.
"""
from __future__ import annotations

import copy

import numpy as np

TERMS = "vocabulary_terms_"  # the attribute holding a vocabulary's terms in a saved model
MIN_TERMS = 100  # a smaller vocabulary (the cue counts' single entry) stays a dict: nothing to gain
SEPARATOR = "\x00"  # no n-gram holds it (a term that does keeps its dict)


def vectorizers(model) -> list:
    """Every step of a fitted pipeline, column transformer or feature union that has a `vocabulary_` or `TERMS`."""
    found, stack = [], [model]
    while stack:
        step = stack.pop()
        if hasattr(step, "vocabulary_") or hasattr(step, TERMS):
            found.append(step)
        stack += [s for _, s in getattr(step, "steps", [])]
        stack += [s for _, s, *_ in getattr(step, "transformers_", getattr(step, "transformer_list", []))]
    return found


def as_terms(vocabulary: dict) -> np.ndarray | None:
    """The terms of `vocabulary` in feature order as a uint8 array, or None when it cannot round-trip
    (indices not 0..n-1, a term that is no string or holds the separator, a small vocabulary).

    >>> as_terms({"b": 1, "a": 0} | {f"t{i}": i + 2 for i in range(98)}).tobytes()[:8]
    b'a\\x00b\\x00t0\\x00t'
    """
    n = len(vocabulary)
    terms = [None] * n
    for term, index in vocabulary.items():
        if not (isinstance(term, str) and isinstance(index, (int, np.integer)) and 0 <= index < n
                and terms[index] is None and SEPARATOR not in term):
            return None
        terms[index] = term
    if n < MIN_TERMS:
        return None
    return np.frombuffer(SEPARATOR.join(terms).encode("utf-8"), dtype=np.uint8)


def compact(model):
    """A deep copy of the fitted `model` whose large vocabularies are `TERMS` arrays (the model is untouched)."""
    model = copy.deepcopy(model)
    for step in vectorizers(model):
        terms = as_terms(getattr(step, "vocabulary_", {}))
        if terms is not None:
            del step.vocabulary_
            setattr(step, TERMS, terms)
    return model


def expand(model):
    """The loaded `model` with each `TERMS` array turned back into its `vocabulary_` dict, in place.

    Illustration: expand(compact(fitted))[0].named_transformers_["word"].vocabulary_ == fitted's, entry for entry
    """
    for step in vectorizers(model):
        terms = step.__dict__.pop(TERMS, None)
        if terms is not None:
            words = np.asarray(terms, dtype=np.uint8).tobytes().decode("utf-8").split(SEPARATOR)
            step.vocabulary_ = dict(zip(words, range(len(words)), strict=True))
    return model
