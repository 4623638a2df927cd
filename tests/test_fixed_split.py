"""The fixed split on real UN passages: its test rows, however their split value is spelt, never train; its inner
folds keep a country together; a test document that names nothing stops the run."""
import csv
import json

import pytest

from experiments.corpus.data import load_segments
from experiments.corpus.engine import feature_input
from experiments.corpus.labelled import load_labelled
from experiments.run.runner import run
from experiments.stance import splits
from experiments.stance.check import plan_lines
from experiments.stance.fitcache import FitCache
from experiments.stance.groups import cv_groups
from experiments.stance.step import candidates, run_protocol
from features.read.encoding import CorpusError
from tests.conftest import DOC_000
from tests.stance_helpers import UN_CONFIG, seeds_labelled, un_config, un_table

LABELS = ["escalation", "reassurance", "none"]
FAST = ['evaluation.protocols=["fixed_split"]', 'corpus.split_column="split"', 'stance.models=["logreg"]',
        'stance.final_model="logreg"', 'stance.baselines=["majority"]', "stance.bootstrap_resamples=0",
        "stance.learning_curve_sizes=[]", "stance.share_by=[]", "experiment.n_jobs=1"]


@pytest.fixture(scope="module")
def un_split(tmp_path_factory):
    """240 labelled UN passages; every fourth country's are test rows, their split written "test", "TEST" or
    " Test " (a hand-edited table), the others' "train". Returns (table, the ids of the test rows)."""
    folder = tmp_path_factory.mktemp("fixed")
    table = un_table(folder, {label: label for label in LABELS}, 240)
    rows = list(csv.DictReader(open(table, encoding="utf-8")))
    countries = sorted({r["country"] for r in rows})
    test_countries = set(countries[::4])
    spellings = ["test", "TEST", " Test "]
    for i, r in enumerate(rows):
        r["split"] = spellings[i % 3] if r["country"] in test_countries else "train"
    with open(table, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    ids = {"_".join(r[c] for c in ("country", "session", "year", "para_idx"))
           for r in rows if r["country"] in test_countries}
    return table, ids


def _labelled(table, *overrides):
    config = un_config(table, LABELS, *FAST, *overrides)
    segments = load_segments(config)
    return config, load_labelled(config, segments, feature_input(config, [s.text for s in segments]))


def test_split_values_spelt_otherwise_are_test_rows_and_never_train_the_saved_model(un_split, tmp_path):
    """Before: only the rows spelt exactly "test" were test rows; "TEST" and "Test" rows trained the final model."""
    table, test_ids = un_split
    config, data = _labelled(table)
    with pytest.warns(UserWarning, match=r"row\(s\) whose split is 'TEST', 'Test' are test rows as 'test'"):
        mask = splits.test_mask(data, config.evaluation)
    assert {s.id for s, m in zip(data.segments, mask, strict=True) if m} == test_ids
    n_train = len(data.y) - len(test_ids)
    plan = plan_lines(config)  # `stancelab check`: the plan names the rows the run then uses
    assert any(line.startswith("fixed_split: ") and f"({n_train} training, {len(test_ids)} test)" in line
               for line in plan)
    assert f"final model: logreg, final_fit = train ({n_train} rows: the fixed split's training rows)" in plan
    folder = run(config, str(UN_CONFIG), tmp_path)
    card = json.loads((folder / "model.json").read_text())
    assert card["training_data"]["n_segments"] == n_train
    with open(folder / "tables" / "predictions.csv", encoding="utf-8") as f:
        assert {r["id"] for r in csv.DictReader(f)} == test_ids


def test_numbers_mark_test_rows_in_any_spelling():
    values = ["1", "1.0", " 01", "0", "0.0", "10"]
    assert [splits.split_value(v) == splits.split_value("1") for v in values] == [True, True, True, False,
                                                                                   False, False]


def test_the_fixed_splits_inner_folds_keep_a_country_together(un_split):
    """Before: the search's inner folds were stratified over the training rows alone, a country's passages on
    both sides of them (the final model a refit would make searched on grouped folds)."""
    table, _ = un_split
    config, data = _labelled(table, 'stance.models=["logreg"]', "evaluation.inner_splits=3")
    groups = cv_groups(data, config, check=False)
    kept = {}
    run_protocol("fixed_split", config, data, candidates(config, data.features), LABELS, lambda _: None, FitCache(),
                 groups, kept)
    search = kept["logreg"][0]
    folds = getattr(search, "folds", None) or search.cv
    train = ~splits.test_mask(data, config.evaluation)
    countries = data.column("country")[train]
    assert len(folds) == 3
    for inner_train, inner_test in folds:
        assert not set(countries[inner_train]) & set(countries[inner_test])


def test_a_test_document_that_names_no_document_stops():
    """Before: a misspelt name was silently no test document (the test set smaller than asked)."""
    config, data = seeds_labelled('evaluation.protocols=["fixed_split"]',
                                  f'evaluation.test_documents=["{DOC_000}", "no_such_article.txt"]')
    with pytest.raises(CorpusError, match=r"test_documents 'no_such_article' match no labelled segment"):
        splits.test_mask(data, config.evaluation)
    assert DOC_000 in set(data.column("doc"))


def test_a_training_copy_of_a_test_text_never_trains(un_split, tmp_path):
    """Before: with duplicates = "group" a fixed split still trained on 12 copies of its test passages (filed under
    another country, split "train"), the saved model included, and only counted them."""
    table, test_ids = un_split
    rows = list(csv.DictReader(open(table, encoding="utf-8")))
    copies = [{**r, "country": "ZZZ", "para_idx": str(9000 + i), "split": "train"}
              for i, r in enumerate(r for r in rows if r["split"].strip().lower() == "test")][:12]
    with open(tmp_path / "copied.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows + copies)
    config, data = _labelled(tmp_path / "copied.csv")
    n_train = len(data.y) - len(test_ids) - len(copies)
    assert f"final model: logreg, final_fit = train ({n_train} rows: the fixed split's training rows)" in \
        plan_lines(config)
    folder = run(config, str(UN_CONFIG), tmp_path)
    stance = json.loads((folder / "metrics.json").read_text())["stance"]
    fixed = stance["protocols"]["fixed_split"]
    assert fixed["duplicates"]["test_rows_with_training_duplicate"] == 0
    assert fixed["results"]["logreg"]["folds"][0]["n_train"] == n_train
    assert json.loads((folder / "model.json").read_text())["training_data"]["n_segments"] == n_train
