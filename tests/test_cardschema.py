"""Model cards are checked against their schema before the model is used: an edited card gives one line
naming the card file and the field, exit 2 (before: tracebacks, exit 1, or predictions under wrong labels)."""
import json
import shutil

import pytest

from experiments.cli import main
from experiments.stance.cardschema import CardError, check_card
from tests.conftest import ROOT

MODEL = ROOT / "results" / "seeds_stance" / "model.skops"
CARD = json.loads(MODEL.with_suffix(".json").read_text(encoding="utf-8"))


def edited(**changes):
    card = json.loads(json.dumps(CARD))
    for key, value in changes.items():
        if value is None:
            del card[key]
        else:
            card[key] = value
    return card


CASES = {
    "labels edited to 5 entries": (edited(labels=[*CARD["labels"], "bluff"]), "labels",
                                   "lists bluff, which the model does not predict"),
    "labels as a string": (edited(labels="deterrence,escalation,reassurance,none"), "labels", "must be a list"),
    "no preprocess": (edited(preprocess=None), "preprocess", "is missing"),
    "probability 'temperature' as a string": (edited(probability="temperature"), "probability", "must be a table"),
    "temperature method without T": (edited(probability={"method": "temperature_softmax"}),
                                     "probability.temperature", "must be a positive number"),
    "a preprocess value of the wrong type": (edited(preprocess={**CARD["preprocess"], "lemmatize": "yes"}),
                                             "preprocess.lemmatize", "must be bool"),
    "an unknown segment unit": (edited(segments={"unit": "page"}), "segments.unit", "must be one of"),
    "class offsets for some labels only": (edited(class_offsets={"deterrence": 0.4}), "class_offsets",
                                           "must give one offset per label"),
    "a class offset that is not a number": (
        edited(class_offsets={**{lab: 0.0 for lab in CARD["labels"]}, "deterrence": "high"},
               probability={"method": "temperature_softmax", "temperature": 1.0}),
        "class_offsets.deterrence", "must be a finite number"),
}


@pytest.mark.parametrize("name", CASES)
def test_an_edited_card_is_refused_naming_the_field(name, tmp_path, capsys):
    card, field, cause = CASES[name]
    shutil.copy(MODEL, tmp_path / "model.skops")
    (tmp_path / "model.json").write_text(json.dumps(card), encoding="utf-8")
    table = tmp_path / "new.csv"
    table.write_text("id,text\n1,La dissuasion nucléaire reste la garantie ultime.\n", encoding="utf-8")
    out = tmp_path / "pred.csv"
    assert main(["predict", str(tmp_path / "model.skops"), str(table), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: {tmp_path / 'model.json'}: field '{field}' "), err
    assert cause in err and not out.exists()


def test_the_saved_cards_follow_the_schema():
    for path in sorted((ROOT / "results").glob("*/model.json")):
        check_card(json.loads(path.read_text(encoding="utf-8")), path)
    with pytest.raises(CardError, match="field 'labels' must list at least two distinct"):
        check_card(edited(labels=["none", "none"]), "model.json")
