"""The stance step end to end on the real seeds, in fast settings: protocols, options, tables and figures."""
import csv
import json

import pytest

from experiments.run.runner import run
from experiments.stance import modelfile
from tests.conftest import DOC_000, DOC_003
from tests.stance_helpers import CONFIG, seeds_config, seeds_labelled

FAST = ["stance.models=[\"logreg\", \"complement_nb\"]", "stance.baselines=[\"majority\", \"keyword\"]",
        "stance.bootstrap_resamples=200", "evaluation.n_repeats=2", "evaluation.search=false",
        "stance.learning_curve_sizes=[0.5, 1.0]"]


def stance_run(tmp_path, *overrides):
    config = seeds_config(*FAST, *overrides)
    folder = run(config, str(CONFIG), tmp_path)
    return folder, json.loads((folder / "metrics.json").read_text())["stance"]


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    return stance_run(tmp_path_factory.mktemp("stance"))


def test_every_model_and_baseline_has_scores_with_intervals(default_run):
    _, stance = default_run
    for protocol in ("grouped_cv", "repeated_cv"):
        results = stance["protocols"][protocol]["results"]
        assert set(results) == {"logreg", "complement_nb", "selected", "majority", "keyword"}
        for r in results.values():
            for score in ("macro_f1", "accuracy", "balanced_accuracy"):
                s = r["scores"][score]
                assert s["ci_low"] <= s["value"] <= s["ci_high"]
            assert r["scores"]["per_class"]["reassurance"]["support"] == 12
    assert stance["protocols"]["repeated_cv"]["n_repeats"] == 2
    assert stance["headline_labels"] == ["deterrence", "escalation", "reassurance"]


def test_leave_one_article_out_reports_the_class_its_training_article_lacks(default_run):
    _, stance = default_run
    folds = stance["protocols"]["grouped_cv"]["results"]["logreg"]["folds"]
    # Article 000 has no reassurance sentence: the fold that trains on it cannot predict that class.
    assert [f["unseen_test_labels"] for f in folds] == [[], ["reassurance"]]


def test_tables_and_figures_are_written(default_run):
    folder, _ = default_run
    for name in ("scores", "per_class"):
        assert (folder / "tables" / f"{name}.csv").is_file()
        assert "\\toprule" in (folder / "tables" / f"{name}.tex").read_text()
        assert (folder / "tables" / f"{name}.md").read_text().startswith("| protocol |")
    with open(folder / "tables" / "learning_curve.csv", encoding="utf-8") as f:
        curve = list(csv.DictReader(f))
    assert {r["model"] for r in curve} == {"logreg", "complement_nb", "majority", "keyword"}
    for stem in ("confusion_grouped_cv", "f1_repeated_cv", "learning_curve", "top_ngrams"):
        assert (folder / "figures" / f"{stem}.png").stat().st_size > 1000
    assert (folder / "model.skops").is_file() and (folder / "model.json").is_file()


def test_fixed_split_by_documents(tmp_path):
    _, stance = stance_run(tmp_path, 'evaluation.protocols=["fixed_split"]',
                           f'evaluation.test_documents=["{DOC_000}.txt"]')
    p = stance["protocols"]["fixed_split"]
    assert p["n_tested"] == 11 and p["results"]["majority"]["scores"]["per_class"]["reassurance"]["support"] == 0


def test_none_left_out_and_per_group_models(tmp_path):
    _, stance = stance_run(tmp_path, "stance.keep_none=false", 'stance.per_group_column="doc"',
                           'evaluation.protocols=["repeated_cv"]', "stance.headline_labels=[]")
    assert stance["labels"] == ["deterrence", "escalation", "reassurance"] and stance["n_segments"] == 27
    result = stance["protocols"]["repeated_cv"]["results"]["logreg"]
    assert set(result["per_group"]) == {DOC_000, DOC_003}
    assert result["per_group"][DOC_003]["per_class"]["reassurance"]["support"] == 12


def test_fixed_split_never_fits_on_test_rows(tmp_path):
    """Before: the final model was refit on all 35 labelled sentences (test article included) and the learning
    curve ran repeated CV over all of them."""
    folder, stance = stance_run(tmp_path, 'evaluation.protocols=["fixed_split"]',
                                'stance.learning_curve_protocol="repeated_cv"',
                                f'evaluation.test_documents=["{DOC_000}.txt"]')
    card = json.loads((folder / "model.json").read_text())
    assert card["training_data"]["n_segments"] == 24 and card["training_data"]["rows"].startswith("train")
    assert stance["final_model"]["n_segments"] == 24
    curve = stance["learning_curve"]
    assert (curve["protocol"], curve["n_segments"]) == ("repeated_cv", 24)
    assert curve["rows"] == "the fixed split's training rows"
    with open(folder / "tables" / "learning_curve.csv", encoding="utf-8") as f:
        assert max(int(r["n_train"]) for r in csv.DictReader(f)) < 24  # folds of the 24 training sentences only


def test_final_fit_none_skips_the_refit_and_all_is_explicit(tmp_path):
    folder, stance = stance_run(tmp_path / "none", 'stance.final_fit="none"')
    assert stance["final_model"]["model"] is None and not (folder / "model.skops").exists()
    folder, stance = stance_run(tmp_path / "all", 'evaluation.protocols=["fixed_split"]', 'stance.final_fit="all"',
                                f'evaluation.test_documents=["{DOC_000}.txt"]')
    assert stance["final_model"]["n_segments"] == 35 and stance["final_model"]["rows"].startswith("all")


def test_selected_model_is_chosen_on_inner_folds_and_can_be_the_final_model(tmp_path):
    """Before: no row but the individual models (choosing the best row is choosing on test), no "best"."""
    folder, stance = stance_run(tmp_path, 'stance.final_model="best"', 'evaluation.protocols=["grouped_cv"]')
    for protocol in ("grouped_cv",):
        result = stance["protocols"][protocol]["results"]["selected"]
        assert result["kind"] == "model" and {f["best_params"]["clf"] for f in result["folds"]} <= {"logreg",
                                                                                                   "complement_nb"}
    with open(folder / "tables" / "scores.csv", encoding="utf-8") as f:
        assert {r["model"] for r in csv.DictReader(f)} >= {"logreg", "complement_nb", "selected"}
    card = json.loads((folder / "model.json").read_text())
    assert card["model"] == "selected" and card["best_params"]["clf"] in ("logreg", "complement_nb")


def test_fixed_split_final_model_is_the_model_the_split_scored(tmp_path):
    """Before: the same search was run a second time on the same 24 training sentences for the final model."""
    folder, stance = stance_run(tmp_path, 'evaluation.protocols=["fixed_split"]', 'stance.final_model="best"',
                                f'evaluation.test_documents=["{DOC_000}.txt"]')
    card = json.loads((folder / "model.json").read_text())
    assert card["training_data"]["rows"].endswith("the fixed split's own fit, not refit")
    assert card["training_data"]["n_segments"] == 24 and card["best_params"]["clf"] in ("logreg", "complement_nb")
    chosen = stance["protocols"]["fixed_split"]["results"]["selected"]["folds"][0]["best_params"]
    assert card["best_params"] == chosen
    model, _ = modelfile.load(folder / "model.skops")
    _, data = seeds_labelled(*FAST)
    test = data.column("doc") == DOC_000
    with open(folder / "tables" / "predictions.csv", encoding="utf-8") as f:
        scored = {r["id"]: r["predicted"] for r in csv.DictReader(f) if r["model"] == "selected"}
    ids = [s.id for s, t in zip(data.segments, test, strict=True) if t]
    assert list(model.predict(data.features.X[test])) == [scored[i] for i in ids]


def test_no_learning_curve_unless_asked(tmp_path):
    config = seeds_config(*FAST[:-1], 'evaluation.protocols=["grouped_cv"]', 'stance.models=["logreg"]',
                          'stance.learning_curve_sizes=[]')
    folder = run(config, str(CONFIG), tmp_path)
    stance = json.loads((folder / "metrics.json").read_text())["stance"]
    assert stance["learning_curve"]["protocol"] is None
    with open(folder / "tables" / "learning_curve.csv", encoding="utf-8") as f:
        assert list(csv.DictReader(f)) == []
    assert not (folder / "figures" / "learning_curve.png").exists()
