"""The schema of a model card (model.json): every field `predict` uses, checked before the model is used.

The card's own hash is not recorded anywhere (the card records the model file's hash), so a hand-edited
card would otherwise be trusted as is: labels cut to five, `preprocess` removed, a temperature method
without its temperature. `check_card` refuses such a card in one line naming the card file and the field;
`check_labels` compares the card's labels with the classes the loaded model predicts.
"""
from __future__ import annotations

import numbers
from dataclasses import fields
from pathlib import Path

from features.read.encoding import CorpusError
from features.text.language import LANGUAGES, TextSettings

UNITS = ("sentence", "paragraph", "document")
METHODS = ("predict_proba", "softmax", "temperature_softmax")
RESTORE = "restore the model.json written with the model (or retrain)"


class CardError(CorpusError):
    """A model card that does not follow the schema; the message names the card and the field."""


def _is(kind):
    """A check that a value is of `kind` (bool is not accepted as a number, nor a number as a bool)."""
    def check(v):
        if kind is bool:
            return isinstance(v, bool)
        return isinstance(v, kind) and not isinstance(v, bool)
    return check


def _text_list(v) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


# preprocess.<key> -> (check, what is expected), from the fields of TextSettings (language is its own field)
def _type_name(f) -> str:
    return f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))


PREPROCESS = {f.name: ({"bool": _is(bool), "int": _is(int), "str": _is(str)}.get(_type_name(f), _text_list),
                       _type_name(f) if _type_name(f) in ("bool", "int", "str") else "a list of words")
              for f in fields(TextSettings) if f.name != "language"}


def _fail(path: Path, field: str, problem: str):
    raise CardError(f"{path}: field '{field}' {problem}; {RESTORE}")


def _need(card: dict, path: Path, field: str, kind: type, what: str):
    """card[field], which must be of `kind`."""
    if field not in card:
        _fail(path, field, "is missing")
    if not isinstance(card[field], kind):
        _fail(path, field, f"must be {what}, not {type(card[field]).__name__} {card[field]!r:.40}")
    return card[field]


def check_card(card: dict, path: str | Path) -> dict:
    """`card` when every field predict uses is present and well formed, else CardError naming the field.

    Illustration: check_card({**card, "labels": "deterrence"}, "m/model.json")
             -> CardError("m/model.json: field 'labels' must be a list of label names, not str 'deterrence'; …")
    """
    path = Path(path)
    labels = _need(card, path, "labels", list, "a list of label names")
    if len(labels) < 2 or not all(isinstance(x, str) and x for x in labels) or len(set(labels)) != len(labels):
        _fail(path, "labels", f"must list at least two distinct label names, not {labels!r:.60}")
    if (language := _need(card, path, "language", str, "a language code")) not in LANGUAGES:
        _fail(path, "language", f"must be one of {', '.join(LANGUAGES)}, not {language!r:.20}")
    preprocess = _need(card, path, "preprocess", dict, "a table of text preparation settings")
    for key, (ok, what) in PREPROCESS.items():
        if key not in preprocess:
            _fail(path, f"preprocess.{key}", "is missing")
        if not ok(preprocess[key]):
            _fail(path, f"preprocess.{key}", f"must be {what}, not {preprocess[key]!r:.40}")
    if unknown := sorted(set(preprocess) - set(PREPROCESS)):
        _fail(path, f"preprocess.{unknown[0]}", "is not a text preparation setting")
    unit = _need(card, path, "segments", dict, "a table with the segment unit").get("unit")
    if unit not in UNITS:
        _fail(path, "segments.unit", f"must be one of {', '.join(UNITS)}, not {unit!r}")
    probability = _need(card, path, "probability", dict, "a table with the probability method")
    if probability.get("method") not in METHODS:
        _fail(path, "probability.method", f"must be one of {', '.join(METHODS)}, not {probability.get('method')!r}")
    if probability["method"] != "predict_proba":
        t = probability.get("temperature")
        if not (isinstance(t, numbers.Real) and not isinstance(t, bool) and 0 < t < float("inf")):
            _fail(path, "probability.temperature", f"must be a positive number for method "
                                                   f"{probability['method']}, not {t!r}")
    if "class_offsets" in card:
        _check_offsets(card, path)
    return card


def _check_offsets(card: dict, path: Path) -> None:
    """class_offsets: one finite number per label, and a method that reads scores (not predict_proba)."""
    offsets = card["class_offsets"]
    if not isinstance(offsets, dict) or sorted(offsets) != sorted(card["labels"]):
        _fail(path, "class_offsets", f"must give one offset per label ({', '.join(card['labels'])}), not "
                                     f"{offsets!r:.60}")
    for label, value in offsets.items():
        if not (isinstance(value, numbers.Real) and not isinstance(value, bool) and abs(value) < float("inf")):
            _fail(path, f"class_offsets.{label}", f"must be a finite number, not {value!r:.40}")
    if card["probability"]["method"] == "predict_proba":
        _fail(path, "probability.method", "must be softmax or temperature_softmax with class_offsets")


def check_labels(card: dict, classes, path: str | Path) -> None:
    """The card's labels must be exactly the classes the model predicts (in any order).

    Illustration: check_labels({"labels": ["a", "b", "c"]}, ["a", "b"], "model.json")
             -> CardError("model.json: field 'labels' lists c, which the model does not predict …")
    """
    labels, classes = card["labels"], [str(c) for c in classes]
    known = set(classes)
    if extra := [lab for lab in labels if lab not in known]:
        _fail(Path(path), "labels", f"lists {_some(extra)}, which the model does not predict (it predicts "
                                    f"{_some(classes)})")
    if missing := [c for c in classes if c not in set(labels)]:
        _fail(Path(path), "labels", f"lacks {_some(missing)}, which the model predicts")


def _some(names: list[str], shown: int = 5) -> str:
    """The first names of a list and how many more (an edited card can list 100,000 labels: one line still).

    >>> _some(["a", "b", "c"], 2)
    'a, b and 1 more'
    """
    return ", ".join(names[:shown]) + (f" and {len(names) - shown} more" if len(names) > shown else "")
