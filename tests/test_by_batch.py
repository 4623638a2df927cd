"""Scores of the committed UN run by annotation batch: the split reads the run's own predictions and scorer."""
import json

import pytest

from experiments.annotate.by_batch import batch_number, by_batch

RUN, LABELS = "results/ungdc_stance", "seeds/ungdc/labels.csv"


def test_all_passages_score_as_the_run_scored_them():
    table = by_batch(RUN, LABELS, split=12)
    metrics = json.load(open(f"{RUN}/metrics.json"))["stance"]["protocols"]["grouped_cv"]["results"]
    assert table["all"]["macro_f1"]["value"] == pytest.approx(metrics["selected"]["scores"]["macro_f1"]["value"],
                                                              abs=1e-6)
    assert table["all"]["n"] == metrics["selected"]["scores"]["per_class"]["none"]["support"] + sum(
        metrics["selected"]["scores"]["per_class"][lab]["support"] for lab in ("deterrence", "escalation",
                                                                               "reassurance"))


def test_batches_partition_the_passages_and_the_split_pools_them():
    table = by_batch(RUN, LABELS, model="keyword", split=12)
    batches = {name: part for name, part in table.items() if name.startswith("batch ")}
    assert sum(part["n"] for part in batches.values()) == table["all"]["n"]
    assert table["batches 1-12"]["n"] + table["batches 13-"]["n"] == table["all"]["n"]
    low = sum(part["n"] for name, part in batches.items() if batch_number(name.removeprefix("batch ")) <= 12)
    assert table["batches 1-12"]["n"] == low
    assert 0 <= table["batches 13-"]["macro_f1"]["ci_low"] <= table["batches 13-"]["macro_f1"]["ci_high"] <= 1


def test_a_pool_scores_exactly_the_passages_of_its_batches():
    table = by_batch(RUN, LABELS, split=12, pool=(1, 2))
    pooled = [part["n"] for name, part in table.items() if name.startswith("batch ")
              and batch_number(name.removeprefix("batch ")) in (1, 2)]
    assert len(pooled) == 2 and table["batches 1, 2"]["n"] == sum(pooled) < table["all"]["n"]
    m = table["batches 1, 2"]["macro_f1"]
    assert 0 <= m["ci_low"] <= m["value"] <= m["ci_high"] <= 1


def test_a_model_the_run_did_not_fit_is_named():
    with pytest.raises(SystemExit, match="no predictions of model 'bert'"):
        by_batch(RUN, LABELS, model="bert")
