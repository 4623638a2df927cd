"""Predicted stance share of a whole corpus (experiments/stance/corpus_shares.py), on the real seeds."""
import csv
import io

import pytest

from experiments.config import schema as cfg
from experiments.corpus.data import load_segments
from experiments.corpus.engine import feature_input
from experiments.stance.corpus_shares import corpus_shares
from experiments.stance.predict import predict
from tests.conftest import ROOT
from tests.stance_helpers import CONFIG, seeds_config, train_seed_model


def test_shares_count_the_predictions_stancelab_predict_makes(tmp_path):
    model = train_seed_model(tmp_path)
    config = seeds_config('stance.share_by=["doc", "source"]')
    segments = load_segments(config)
    features = feature_input(config, [s.text for s in segments])
    out = corpus_shares(config, segments, features, {s.id for s in segments[:10]}, tmp_path, log=lambda m: None)
    assert out["n_segments"] == len(segments) and out["n_labelled_in_corpus"] == 10
    predicted = {r["id"]: r["predicted"] for r in csv.DictReader(open(tmp_path / "tables" / "corpus_predictions.csv"))}
    buffer = io.StringIO()
    predict(str(model), [str(ROOT / "seeds")], buffer)
    buffer.seek(0)
    assert predicted == {r["id"]: r["label"] for r in csv.DictReader(buffer)}
    rows = list(csv.DictReader(open(tmp_path / "tables" / "stance_share_doc.csv")))
    for doc in {s.doc for s in segments}:
        mine = [r for r in rows if r["doc"] == doc]
        n = sum(s.doc == doc for s in segments)
        assert {int(r["n_segments"]) for r in mine} == {n}
        assert sum(float(r["share"]) for r in mine) == pytest.approx(1.0, abs=1e-5)
        for r in mine:
            k = sum(predicted[s.id] == r["label"] for s in segments if s.doc == doc)
            assert float(r["share"]) == round(k / n, 6)
    assert abs(sum(out["overall"].values()) - 1) < 1e-5


def test_share_by_must_name_a_column_the_corpus_has():
    with pytest.raises(cfg.ConfigError, match=r"\[stance\] share_by: 'country' is not one of doc, date"):
        cfg.load(CONFIG, ['stance.share_by=["country"]'])
