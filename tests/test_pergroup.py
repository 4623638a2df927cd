"""Per-group models on real UN passages: each group tuned on its own inner folds, in one run, recorded."""
import csv
import json

from sklearn.model_selection import GridSearchCV

from experiments.corpus.data import load_segments
from experiments.corpus.engine import feature_input
from experiments.corpus.labelled import load_labelled
from experiments.run.runner import run
from experiments.stance.evaluate import headline_scorer, inner_splits
from experiments.stance.groups import cv_groups
from experiments.stance.step import candidates
from tests.stance_helpers import UN_CONFIG, un_config, un_table

TARGET = "mentions_deterrence"  # the passage names deterrence (1) or not (0): two "targets" of one corpus


def split_table(folder):
    """FAVOR/AGAINST UN passages with a fixed split: every fourth row is a test row."""
    table = un_table(folder, {"escalation": "AGAINST", "reassurance": "FAVOR"})
    rows = list(csv.DictReader(open(table, encoding="utf-8")))
    with open(table, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, [*rows[0], "split"])
        writer.writeheader()
        writer.writerows({**r, "split": "test" if i % 4 == 0 else "train"} for i, r in enumerate(rows))
    return table


def test_each_target_tunes_its_own_c_on_its_own_inner_folds_with_a_fixed_split(tmp_path):
    """Before: one C for both targets, chosen on pooled inner folds, and a pooled model fit nobody used."""
    overrides = ['corpus.split_column="split"', 'evaluation.protocols=["fixed_split"]',
                 f'stance.per_group_column="{TARGET}"', 'stance.models=["logreg"]', 'stance.baselines=["majority"]',
                 "stance.bootstrap_resamples=0",
                 "stance.learning_curve_sizes=[1.0]", "logreg.C_grid=[0.3, 3.0, 30.0]", "evaluation.inner_splits=3",
                 "stance.class_offsets=false"]  # the plain searches below tune C alone, as each target's search
    config = un_config(split_table(tmp_path), ["FAVOR", "AGAINST"], *overrides)
    folder = run(config, str(UN_CONFIG), tmp_path / "results")
    stance = json.loads((folder / "metrics.json").read_text())["stance"]
    fold = stance["protocols"]["fixed_split"]["results"]["logreg"]["folds"][0]
    assert set(fold["best_params"]) == {"0", "1"}
    segments = load_segments(config)
    data = load_labelled(config, segments, feature_input(config, [s.text for s in segments]))
    train, countries = data.column("split") != "test", cv_groups(data, config, check=False)
    for target in ("0", "1"):  # the same search on that target's training rows alone (grouped) chooses the same C
        rows = train & (data.column(TARGET) == target)
        pipeline = candidates(config, data.features)[0].estimator
        folds = inner_splits(data.y[rows], countries[rows], 3, config.experiment.random_state)
        alone = GridSearchCV(pipeline, {"clf__C": [0.3, 3.0, 30.0]}, cv=folds,
                             scoring=headline_scorer(["FAVOR", "AGAINST"])).fit(data.features.X[rows], data.y[rows])
        assert fold["best_params"][target] == alone.best_params_


def test_the_pooled_fallback_is_fit_only_when_a_prediction_needs_it(tmp_path):
    """Before: fit as soon as a training group had one label, whether or not any test row was of that group."""
    config = un_config(un_table(tmp_path, {"escalation": "AGAINST", "reassurance": "FAVOR"}, 120),
                       ["FAVOR", "AGAINST"], f'stance.per_group_column="{TARGET}"', 'stance.models=["logreg"]',
                       "logreg.C_grid=[]")
    segments = load_segments(config)
    data = load_labelled(config, segments, feature_input(config, [s.text for s in segments]))
    from experiments.stance.pergroup import with_groups

    X = with_groups(data.features.X, data.column(TARGET))
    model = candidates(config, data.features, per_group=True)[0].estimator.fit(X, data.y)
    assert model.pooled_ is None and set(model.models_) == {"0", "1"}
    one_label = (data.column(TARGET) == "0") | (data.y == "AGAINST")  # target 1 keeps AGAINST only
    model = candidates(config, data.features, per_group=True)[0].estimator.fit(X[one_label], data.y[one_label])
    assert model.pooled_ is None and set(model.models_) == {"0"}  # not fit before a prediction needs it
    target_0 = data.column(TARGET) == "0"
    model.predict(X[target_0])
    assert model.pooled_ is None  # target 0 has its own model
    predicted = model.predict(X[~target_0])
    assert model.pooled_ is not None
    pooled = candidates(config, data.features)[0].estimator.fit(X[one_label], data.y[one_label])
    assert list(predicted) == list(pooled.predict(X[~target_0]))  # the pooled model of all training rows
