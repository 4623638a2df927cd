"""The stance step end to end on the real seeds, in fast settings: protocols, options, tables and figures."""
import csv
import json

import pytest

from experiments.run.runner import run
from tests.conftest import DOC_000, DOC_003
from tests.stance_helpers import CONFIG, seeds_config

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
        assert set(results) == {"logreg", "complement_nb", "majority", "keyword"}
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
