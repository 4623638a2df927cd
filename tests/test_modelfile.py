"""The saved model: skops with no trusted types, a card that describes it, refusal of a tampered file."""
import copy
import json
import subprocess
import sys
import zipfile

import pytest
import skops.io as sio

from experiments.stance import modelbytes, modelfile, vocabfile
from experiments.stance.predict import predict_chunk
from features.read.documents import read_folder
from features.text.segments import segment_documents
from tests.conftest import ROOT, SEEDS
from tests.stance_helpers import train_seed_model


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    return train_seed_model(tmp_path_factory.mktemp("model"))


def test_the_model_loads_with_skops_and_no_trusted_types(saved):
    assert sio.get_untrusted_types(file=saved) == []
    model = sio.load(saved, trusted=[])
    assert [type(step).__name__ for step in model.named_steps.values()] == ["ColumnTransformer",
                                                                            "LogisticRegression"]


def test_the_card_names_labels_settings_hashes_and_versions(saved):
    card = json.loads(saved.with_suffix(".json").read_text())
    assert card["labels"] == ["deterrence", "escalation", "reassurance", "none"]
    assert card["model_sha256"] == modelfile.manifest.sha256(saved)
    assert len(card["training_data"]["sha256"]) == 64 and card["training_data"]["n_segments"] == 35
    assert card["preprocess"]["lemmatize"] is True and card["language"] == "fr"
    assert card["features"]["chars"] is True and card["segments"]["unit"] == "sentence"
    assert card["libraries"]["scikit-learn"] and card["probability"] == {"method": "predict_proba"}
    assert card["best_params"] and set(card["best_params"]) == {"clf__C"}


def test_a_changed_model_file_is_refused(saved, tmp_path):
    copy = tmp_path / "model.skops"
    copy.write_bytes(saved.read_bytes() + b"\0")
    (tmp_path / "model.json").write_text(saved.with_suffix(".json").read_text())
    with pytest.raises(modelfile.ModelFileError, match="SHA-256 differs from its card"):
        modelfile.load(copy)
    (tmp_path / "model.json").unlink()
    with pytest.raises(modelfile.ModelFileError, match="no model card model.json beside it"):
        modelfile.load(copy)


def test_a_model_without_predict_proba_gets_a_fitted_temperature(tmp_path):
    path = train_seed_model(tmp_path, "linear_svm")
    model, card = modelfile.load(path)
    assert not hasattr(model, "predict_proba")
    assert card["probability"]["method"] == "temperature_softmax" and 0.05 <= card["probability"]["temperature"] <= 20


def test_the_same_model_gives_the_same_file_bytes(saved, tmp_path):
    """skops names objects by their memory address and dates zip members: a copy of the model (other objects,
    other addresses) saved later gives the same bytes, and the file loads to a model that predicts the same."""
    model, card = modelfile.load(saved)
    other = copy.deepcopy(model)  # the objects a second process would hold: same model, other ids
    raw = [sio.dumps(vocabfile.compact(model)), sio.dumps(vocabfile.compact(other))]
    assert raw[0] != raw[1]  # what a rerun used to write
    assert modelbytes.canonical(raw[0]) == modelbytes.canonical(raw[1]) == saved.read_bytes()
    card_fields = {k: v for k, v in card.items() if k not in ("format", "model_file", "model_sha256", "libraries")}
    assert modelfile.save(other, tmp_path / "model.skops", card_fields)[0].read_bytes() == saved.read_bytes()
    with zipfile.ZipFile(saved) as z:
        assert {info.date_time for info in z.infolist()} == {modelbytes.EPOCH}
        # deflated: smaller than skops's stored members, read back above and below all the same
        assert {info.compress_type for info in z.infolist()} == {zipfile.ZIP_DEFLATED}
        assert sum(i.compress_size for i in z.infolist()) < sum(i.file_size for i in z.infolist()) / 2
        assert sorted(z.namelist()) == z.namelist()
    # trained again in two fresh processes, as a rerun of the command is (other addresses for every object, None
    # included): the same bytes. (A process that ran other tests first may share some values by chance, e.g. a
    # string interned earlier: the promise is about reruns of a command, each a fresh process.)
    code = ("import sys, pathlib; from tests.stance_helpers import train_seed_model; "
            "train_seed_model(pathlib.Path(sys.argv[1]))")
    for name in ("first", "second"):
        subprocess.run([sys.executable, "-c", code, str(tmp_path / name)], cwd=ROOT, check=True, timeout=300)
    for suffix in (".skops", ".json"):
        assert (tmp_path / "first" / "model").with_suffix(suffix).read_bytes() == \
            (tmp_path / "second" / "model").with_suffix(suffix).read_bytes()
    texts = [s.text for s in segment_documents(read_folder(SEEDS))]
    reloaded = vocabfile.expand(sio.loads(saved.read_bytes(), trusted=[]))
    original, again = predict_chunk(model, card, texts), predict_chunk(reloaded, card, texts)
    assert list(original[0]) == list(again[0]) and (original[1] == again[1]).all() and original[2] == again[2]


def test_a_model_holding_an_untrusted_type_is_refused_naming_it(saved, tmp_path):
    """skops refuses it at load (the file is read once); the message names the type."""
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    from features.text.language import prepare_text

    model, card = modelfile.load(saved)
    tainted = Pipeline([("prepare", FunctionTransformer(prepare_text)), *model.steps])
    path = tmp_path / "model.skops"
    path.write_bytes(sio.dumps(tainted))
    card = {**card, "model_sha256": modelfile.manifest.sha256(path)}
    (tmp_path / "model.json").write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(modelfile.ModelFileError, match=r"not trusted \(features\.text\.language\.prepare_text"):
        modelfile.load(path)


def test_a_collapsing_pipeline_is_saved_as_the_scikit_learn_pipeline_of_its_steps(saved, tmp_path):
    """make_pipeline's CollapsingPipeline (a project class skops would refuse) saved directly, as a script may."""
    from experiments.stance.collapse import CollapsingPipeline, collapsing

    model, card = modelfile.load(saved)
    wrapped = collapsing(model)
    assert isinstance(wrapped, CollapsingPipeline)
    path = modelfile.save(wrapped, tmp_path / "model.skops", {k: v for k, v in card.items()
                                                              if k not in ("model_file", "model_sha256")})[0]
    assert sio.get_untrusted_types(file=path) == []
    again, again_card = modelfile.load(path)
    texts = [s.text for s in segment_documents(read_folder(SEEDS), "sentence")]
    before, after = predict_chunk(model, card, texts), predict_chunk(again, again_card, texts)
    assert type(again).__name__ == "Pipeline" and list(before[0]) == list(after[0]) and len(set(before[0])) > 1
