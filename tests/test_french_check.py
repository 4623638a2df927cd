"""The French check: 40 sentences written apart from the seeds, scored with a saved model and the keyword baseline."""
import json

from sklearn.metrics import f1_score

from experiments.benchmarks import french_check
from features.read.documents import read_folder
from features.text.segments import segment_documents
from tests.conftest import ROOT, SEEDS

RUN = ROOT / "results" / "seeds_stance"


def test_the_sentences_are_balanced_and_none_is_a_seed_sentence():
    ids, texts, labels = french_check.read_sentences()
    assert len(set(ids)) == len(ids) == 40
    assert {lab: labels.count(lab) for lab in set(labels)} == {"deterrence": 10, "escalation": 10,
                                                               "reassurance": 10, "none": 10}
    seed_texts = {s.text.strip().lower() for s in segment_documents(read_folder(SEEDS))}
    assert not seed_texts & {t.strip().lower() for t in texts}


def test_the_check_scores_the_saved_model_and_the_keyword_baseline(tmp_path):
    result = french_check.check(RUN, n_resamples=200, random_state=0)
    card = json.loads((RUN / "model.json").read_text())
    assert result["model_sha256"] == card["model_sha256"] and result["n_sentences"] == 40
    truth = [p["label"] for p in result["predictions"]]
    head = ["deterrence", "escalation", "reassurance"]
    for name in ("model", "keyword"):
        predicted = [p[name] for p in result["predictions"]]
        assert set(predicted) <= set(card["labels"])
        expected = f1_score(truth, predicted, labels=head, average="macro", zero_division=0)
        scores = result["scores"][name]["macro_f1"]
        assert abs(scores["value"] - expected) < 1e-6 and scores["ci_low"] <= scores["value"] <= scores["ci_high"]
    # the codebook's cues find the plainest sentences: "aucun changement" is a reassurance cue
    by_id = {p["id"]: p for p in result["predictions"]}
    assert by_id["fr21"]["keyword"] == "reassurance"
    french_check.main([str(RUN), "--results", str(tmp_path)])
    assert "| model |" in (tmp_path / "french_check" / "table.md").read_text()
