"""Vocabularies saved as term arrays: the same model back, byte-identical predictions, older files still load."""
import csv
import shutil

import numpy as np
import pytest
import skops.io as sio

from experiments.stance import modelfile, vocabfile
from experiments.stance.predict import predict_chunk
from tests.conftest import ROOT, shared_data

RESULTS = ROOT / "results"


def vocabularies(model) -> list[dict]:
    return [step.vocabulary_ for step in vocabfile.vectorizers(model)]


def test_the_un_model_saved_with_term_arrays_predicts_byte_for_byte_the_same(tmp_path):
    model, card = modelfile.load(RESULTS / "ungdc_stance" / "model.skops")
    fields = {k: v for k, v in card.items() if k not in ("format", "model_file", "model_sha256", "libraries")}
    path, _ = modelfile.save(model, tmp_path / "model.skops", fields)
    raw = sio.load(path, trusted=[])  # what skops alone gives: the large vocabularies as uint8 term arrays
    arrays = [getattr(s, vocabfile.TERMS) for s in vocabfile.vectorizers(raw) if hasattr(s, vocabfile.TERMS)]
    assert len(arrays) == 2 and all(a.dtype == np.uint8 for a in arrays)  # words and characters; cue counts: dicts
    again, _ = modelfile.load(path)
    assert vocabularies(again) == vocabularies(model) and vocabularies(model)  # every vectorizer's, entry for entry
    assert vocabfile.vectorizers(model)[0].vocabulary_ is not vocabfile.vectorizers(again)[0].vocabulary_
    with open(shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv"), encoding="utf-8") as f:
        texts = [r["text"] for _, r in zip(range(300), csv.DictReader(f), strict=False)]
    before, after = predict_chunk(model, card, texts), predict_chunk(again, card, texts)
    assert list(before[0]) == list(after[0]) and np.array_equal(before[1], after[1]) and before[2] == after[2]


@pytest.mark.parametrize("run", ["seeds_stance", "ungdc_stance", "ungdc_stance_embed"])
def test_committed_model_files_with_vocabulary_dicts_still_load(run, tmp_path):
    for name in ("model.skops", "model.json"):
        shutil.copy(RESULTS / run / name, tmp_path / name)
    model, _ = modelfile.load(tmp_path / "model.skops")
    assert all(len(v) for v in vocabularies(model)) and vocabularies(model)


def test_what_cannot_round_trip_stays_a_dict():
    big = {f"t{i}": i for i in range(200)}
    assert vocabfile.as_terms(big) is not None
    assert vocabfile.as_terms({**big, "t5": 500}) is None  # an index beyond the terms
    assert vocabfile.as_terms({**big, "a\x00b": 200}) is None  # a term holding the separator
    assert vocabfile.as_terms({f"t{i}": i for i in range(10)}) is None  # small: kept as it is
    terms = vocabfile.as_terms({"é ç": 1, "": 0, **{f"x{i}": i + 2 for i in range(150)}})
    back = terms.tobytes().decode("utf-8").split(vocabfile.SEPARATOR)
    assert back[:3] == ["", "é ç", "x0"] and len(back) == 152  # the empty term and accents survive
