"""The saved stance model: a skops file of scikit-learn types only, beside a JSON card that describes it.

`model.skops` holds the fitted Pipeline(tfidf, clf). It loads with `skops.io.load(path, trusted=[TRUSTED])`
(skops.io imported by experiments/stance/skopsio.py): no type beyond skops' defaults is needed but the soft vote's
own class (experiments/stance/softvote.py, trusted by its one name), whose module is the only project code that
runs at load time. Each large vocabulary is saved as one array of its terms (experiments/stance/vocabfile.py: a
dict is one skops node per n-gram, slow to load); `load` turns it back into the vectorizer's `vocabulary_`. The
text preparation (`features.text.language.prepare`) runs outside the model; its settings are in the card, which
also names the labels, the feature settings, how probabilities are computed, a SHA-256 of the training data and of
the model file, and the library versions. `load` refuses a file whose hash does not match its card, and a card that
does not follow the schema of experiments/stance/cardschema.py (checked before any use).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from experiments.run import manifest
from experiments.stance import modelbytes, vocabfile
from experiments.stance.cardschema import check_card, check_labels
from experiments.stance.skopsio import skops_io
from features.atomic import atomic_write, write_text
from features.errors import PARSE_LIMITS, parse_reason
from features.read.encoding import CorpusError
from features.read.paths import not_a_file
from features.text.language import TextSettings

CARD_FORMAT = "stancelab-stance-model/1"


class ModelFileError(CorpusError):
    """A model file or card that cannot be used; the message names the file and what to do."""


def card_path(model_path: str | Path) -> Path:
    """The card beside a model file: model.skops -> model.json."""
    return Path(model_path).with_suffix(".json")


def training_hash(ids, texts, labels) -> str:
    """SHA-256 of the training data as "id<TAB>label<TAB>text" lines, in order.

    >>> training_hash(["a:0:0"], ["Texte."], ["none"])[:16]
    '00a4c843a72a3414'
    """
    h = hashlib.sha256()
    for i, t, y in zip(ids, texts, labels, strict=True):
        h.update(f"{i}\t{y}\t{t}\n".encode("utf-8"))
    return h.hexdigest()


def save(model, path: str | Path, card: dict) -> tuple[Path, Path]:
    """Write the model with skops and its card (with the model file's SHA-256 added)."""
    from experiments.stance.collapse import plain  # scikit-learn: not at import (`stancelab check`)

    path = Path(path)
    model = plain(model)  # a CollapsingPipeline is saved as the Pipeline of its steps: skops trusts no project class
    with atomic_write(path, "wb") as f:  # the same model gives the same bytes (experiments/stance/modelbytes.py)
        f.write(modelbytes.canonical(skops_io().dumps(vocabfile.compact(model))))
    card = {"format": CARD_FORMAT, **card, "model_file": path.name, "model_sha256": manifest.sha256(path),
            "libraries": manifest.versions()}
    write_text(card_path(path), json.dumps(card, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n")
    return path, card_path(path)


def read_card(path: str | Path) -> dict:
    """The card of a model file, checked for presence, format and the model file's hash."""
    path, cpath = Path(path), card_path(path)
    if what := not_a_file(path):
        raise ModelFileError(f"{path}: {what}; give the model.skops file a stance run wrote")
    if what := not_a_file(cpath):
        if what != "no such file":
            raise ModelFileError(f"{cpath}: {what}; give the model card written with the model")
        raise ModelFileError(f"{path}: no model card {cpath.name} beside it; keep the .json written with the model")
    try:
        card = json.loads(cpath.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, *PARSE_LIMITS) as err:  # JSONDecodeError is a ValueError
        raise ModelFileError(f"{cpath}: not a valid JSON card ({parse_reason(err)})") from None
    if not isinstance(card, dict) or card.get("format") != CARD_FORMAT:
        raise ModelFileError(f"{cpath}: not a stancelab model card (format {CARD_FORMAT} expected)")
    check_card(card, cpath)
    if card.get("model_sha256") != manifest.sha256(path):
        raise ModelFileError(f"{path}: SHA-256 differs from its card; the file was changed or belongs to "
                             "another card: retrain or restore it")
    return card


def load(path: str | Path):
    """(model, card) from a model file written by `save`, loaded with no trusted type but the soft vote's.

    Illustration: load("results/seeds_stance/model.skops")[1]["labels"] -> ["deterrence", "escalation", …]
    """
    card = read_card(path)
    sio = skops_io()  # here, not at the top: a command that never loads a model does not pay skops' import
    from skops.io.exceptions import UntrustedTypesFoundException

    from experiments.stance.softvote import TRUSTED  # here: it loads scikit-learn, as the model does anyway

    try:
        # refuses any type beyond skops' defaults but the soft vote's (the file is read once); vocabularies saved
        # as arrays put back
        model = vocabfile.expand(sio.load(path, trusted=[TRUSTED]))
    except UntrustedTypesFoundException:
        untrusted = [t for t in sio.get_untrusted_types(file=path) if t != TRUSTED]
        raise ModelFileError(f"{path}: holds types that are not trusted ({', '.join(untrusted)}); refusing "
                             "to load it") from None
    except Exception as err:  # skops raises many kinds for a damaged zip; all mean the same to the user
        raise ModelFileError(f"{path}: cannot be read as a skops model ({type(err).__name__}: {err})") from None
    check_labels(card, getattr(model, "classes_", []), card_path(path))
    return model, card


def text_settings(card: dict) -> TextSettings:
    """The text preparation the model was trained with."""
    p = dict(card["preprocess"], keep_words=tuple(card["preprocess"]["keep_words"]))
    return TextSettings(language=card["language"], **p)
