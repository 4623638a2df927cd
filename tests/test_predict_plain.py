"""The plain side of the predict benchmark builds the model card's features and classifier in plain scikit-learn."""
import copy
import json

import pytest
from sklearn.linear_model import LogisticRegression, SGDClassifier

from experiments.benchmarks import predict_plain
from tests.conftest import ROOT, SHARED_DATA, shared_data

UN_CARD = json.loads((ROOT / "results" / "ungdc_stance" / "model.json").read_text(encoding="utf-8"))
SEEDS_CARD = json.loads((ROOT / "results" / "seeds_stance" / "model.json").read_text(encoding="utf-8"))


def plain_card(card: dict) -> dict:
    """The card of the same model without cue counts or class offsets, its classifier an SGD one."""
    card = copy.deepcopy(card)
    card["features"]["cue_counts"] = False
    card.pop("class_offsets", None)
    card["model"], card["params"] = "sgd", SGDClassifier(alpha=0.001, loss="modified_huber", class_weight="balanced",
                                                         random_state=2029).get_params()
    return card


def test_the_un_card_gives_its_word_features_and_classifier():
    card = plain_card(UN_CARD)
    model = predict_plain.plain_pipeline(card)
    words, f = dict(model[0].transformer_list)["word"], card["features"]
    assert words.ngram_range == tuple(f["word_ngram_range"]) and words.min_df == f["min_df"]
    assert words.sublinear_tf is f["sublinear_tf"] and "the" in words.stop_words and "not" not in words.stop_words
    assert isinstance(model[-1], SGDClassifier) and model[-1].get_params() == card["params"]


def test_words_and_characters_and_logistic_regression_from_a_card():
    card = copy.deepcopy(SEEDS_CARD)
    card["features"].update(cue_counts=False, chars=True)
    card["model"], card["params"] = "logreg", LogisticRegression(C=10.0, max_iter=500).get_params()
    model = predict_plain.plain_pipeline(card)
    parts = dict(model[0].transformer_list)
    assert list(parts) == ["word", "char"] and parts["char"].analyzer == "char_wb"
    assert parts["char"].ngram_range == tuple(card["features"]["char_ngram_range"])
    assert "aucun" not in parts["word"].stop_words and "les" in parts["word"].stop_words  # French, negations kept
    assert isinstance(model[-1], LogisticRegression) and model[-1].C == 10.0


def test_features_plain_scikit_learn_cannot_build_are_refused():
    card = plain_card(UN_CARD)
    card["features"]["embeddings"] = "concat"
    with pytest.raises(SystemExit, match="TF-IDF n-gram and cue count models only"):
        predict_plain.plain_pipeline(card)
    with pytest.raises(SystemExit, match="give the cue lists"):  # cue counts need the config's cues
        predict_plain.plain_pipeline(UN_CARD)


def test_the_un_card_gives_the_same_cue_counters_as_the_saved_model():
    path = ROOT / "results" / "ungdc_stance" / "model.skops"
    model = predict_plain.plain_pipeline(UN_CARD, predict_plain.model_cues(path))
    parts = dict(model[0].transformer_list)
    cue_names = [f"cues_{label}" for label in ("deterrence", "escalation", "reassurance")]  # none has no cues
    assert list(parts) == ["word", "char", *cue_names] and parts["char"].analyzer == "char_wb"
    from experiments.stance import modelfile

    ours = modelfile.load(path)[0][0].named_transformers_
    for name in cue_names:  # the same cues (the saved model's may come in another order: the same matches)
        theirs, mine = (p.removeprefix(r"(?<!\w)(?=(?:").removesuffix("))").split("|")
                        for p in (parts[name].token_pattern, ours[name].token_pattern))
        assert sorted(theirs) == sorted(mine) and len(mine) > 10
    saved = modelfile.load(path)[0][-1]  # the classifier the run chose (the card names it and its settings)
    assert type(model[-1]) is type(saved) and model[-1].get_params() == saved.get_params()


def test_the_plain_model_trains_on_the_cards_labels_and_mostly_agrees(tmp_path):
    data = shared_data("ungdc").parent
    card = plain_card(UN_CARD)
    card["class_offsets"] = UN_CARD["class_offsets"]
    texts, y = predict_plain.labelled_passages(card, data)
    assert len(y) == card["training_data"]["n_segments"] and set(y) == set(card["labels"])
    import joblib

    from experiments.stance import modelfile
    from experiments.stance.predict import predict_chunk

    plain, offsets = joblib.load(predict_plain.train_plain(card, data, tmp_path / "plain.joblib"))
    assert offsets.tolist() == [card["class_offsets"][c] for c in plain.classes_]
    model, ours = modelfile.load(ROOT / "results" / "ungdc_stance" / "model.skops")
    seen = set(texts)
    unseen = [t for t in read_passages(data) if t not in seen][:400]
    agree = (plain.predict(unseen) == predict_chunk(model, ours, unseen, 1)[0]).mean()
    assert 0.6 < agree < 1.0  # the same labels learnt through a different text preparation (offsets aside:
    # the card's were chosen for its logistic regression's scores, not this SGD's)
    shifted = plain.classes_[(plain.decision_function(unseen) + offsets).argmax(axis=1)]
    assert (shifted != plain.predict(unseen)).any()  # the offsets move some labels
    rows = tmp_path / "rows.csv"
    predict_plain.write_rows(rows, [(str(i), t) for i, t in enumerate(unseen[:50])])
    (tmp_path / "plain.py").write_text(predict_plain.PLAIN_SCRIPT, encoding="utf-8")
    import subprocess
    import sys

    subprocess.run([sys.executable, tmp_path / "plain.py", tmp_path / "plain.joblib", rows, tmp_path / "out.csv"],
                   check=True)
    import csv

    with open(tmp_path / "out.csv", encoding="utf-8") as f:
        assert [r["label"] for r in csv.DictReader(f)] == shifted[:50].tolist()  # the script adds the offsets


def read_passages(data):
    import csv

    with open(data / predict_plain.PASSAGES, encoding="utf-8") as f:
        return [r["text"] for r in csv.DictReader(f)]


def test_distinct_speech_paragraphs():
    shared_data("ungdc", "speeches_2014_2024.tar.gz")
    rows = list(predict_plain.distinct_paragraphs(SHARED_DATA, 500))
    texts = [t for _, t in rows]
    assert len(rows) == 500 and len(set(texts)) == 500 and all(t == " ".join(t.split()) and t for t in texts)
    assert all(":" in i and i.split(":")[0].count("_") == 2 for i, _ in rows)
