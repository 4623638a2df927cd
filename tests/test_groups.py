"""Cross-validation groups on real text: the corpus's grouping by default, groupings that group nothing
stop with one line, identical texts never sit in a training and a test fold unnoticed."""
import csv
import json

import numpy as np
import pytest

from experiments.config import schema as cfg
from experiments.corpus.data import load_segments
from experiments.corpus.engine import feature_input
from experiments.corpus.labelled import load_labelled
from experiments.run.runner import run
from experiments.stance import splits
from experiments.stance.groups import cv_groups, first_of_each_text, joined_groups, merge_duplicates, text_keys
from features.errors import ConfigError
from tests.conftest import DOC_000, DOC_003, ROOT
from tests.stance_helpers import CONFIG, un_config, un_table

FAST = ['stance.models=["logreg"]', 'stance.baselines=["majority"]', "stance.bootstrap_resamples=0",
        "evaluation.search=false", 'evaluation.protocols=["grouped_cv"]', "stance.learning_curve_sizes=[1.0]",
        'stance.learning_curve_protocol="grouped_cv"']


def seeds_table(folder):
    """The seed sentences as a table corpus: one row per sentence, its article in an `article` column."""
    config = cfg.load(CONFIG)
    with open(ROOT / "seeds" / "annotations.csv", encoding="utf-8") as f:
        labels = {row["id"]: row["label"] for row in csv.DictReader(f)}
    path = folder / "sentences.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "article", "text", "label"])
        writer.writerows([s.id.replace(":", "-"), s.doc, s.text, labels[s.id]] for s in load_segments(config))
    return path


def table_config(table, *overrides):
    """seeds_stance.toml with only [corpus] changed (and the fast settings)."""
    corpus = [f'corpus.path="{table}"', 'corpus.format="table"', 'corpus.annotations=""', 'corpus.label_column="label"',
              'corpus.id_columns=["id"]', 'corpus.group_column="article"']
    return cfg.load(CONFIG, [*corpus, *FAST, *overrides])


def test_a_table_corpus_is_grouped_by_its_article_column_and_the_report_says_so(tmp_path):
    """Before: the copied config grouped by `doc` (one row each) and the report said nothing of it."""
    folder = run(table_config(seeds_table(tmp_path)), str(CONFIG), tmp_path)
    stance = json.loads((folder / "metrics.json").read_text())["stance"]
    assert stance["groups"]["column"] == "article" and stance["groups"]["n_groups"] == 2
    assert stance["headline_name"] == "macro-F1 over deterrence, escalation, reassurance"
    assert stance["protocols"]["grouped_cv"]["splitter"].startswith("LeaveOneGroupOut")
    assert {f["n_test"] for f in stance["protocols"]["grouped_cv"]["results"]["logreg"]["folds"]} == {11, 24}
    report = (folder / "report.md").read_text()
    share = stance["groups"]["largest_share"]
    # methods, as the protocol ran: the column, the number of groups and the largest group's share
    assert f"leave-one-article-out cross-validation (2 articles; largest {share:.1%})" in report
    assert "leave-one-article-out on 2 articles trains each fold on one article only" in report  # caveats


def test_grouping_by_doc_while_the_corpus_groups_by_article_stops_naming_both_keys(tmp_path):
    config = table_config(seeds_table(tmp_path), 'evaluation.group_column="doc"')
    with pytest.raises(ConfigError, match=r"^\[evaluation\] group_column = 'doc' .*\[corpus\] group_column = "
                                          r"'article'"):
        run(config, str(CONFIG), tmp_path)


def test_a_group_column_equal_to_the_segment_id_stops(tmp_path):
    config = table_config(seeds_table(tmp_path), 'corpus.group_column=""', 'segments.unit="document"')
    segments = load_segments(config)
    data = load_labelled(config, segments, feature_input(config, [s.text for s in segments]))
    with pytest.raises(ConfigError, match=r"is the segment id .* \[corpus\] group_column = ''"):
        cv_groups(data, config)


def test_a_group_column_of_one_value_per_row_is_warned_about(tmp_path):
    """Before: [corpus] group_column naming a row number ran "grouped" folds that kept nothing together, silently."""
    table = un_table(tmp_path, {"escalation": "escalation", "none": "none"}, 80)
    rows = list(csv.DictReader(open(table, encoding="utf-8")))
    with open(table, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, [*rows[0], "serial"])
        writer.writeheader()
        writer.writerows({**r, "serial": str(7000 + i)} for i, r in enumerate(rows))
    config = un_config(table, ["escalation", "none"], 'corpus.group_column="serial"', 'evaluation.group_column="group"')
    segments = load_segments(config)
    data = load_labelled(config, segments, feature_input(config, [s.text for s in segments]))
    with pytest.warns(UserWarning, match=r"every one of the 80 labelled segments has a serial value of its own"):
        cv_groups(data, config)
    assert len(set(data.column("country"))) < 80  # the column that groups them was there


@pytest.fixture(scope="module")
def un_with_copies(tmp_path_factory):
    """150 labelled UN passages, 20 of them also filed under another country (a copied speech)."""
    folder = tmp_path_factory.mktemp("dups")
    table = un_table(folder, {"escalation": "escalation", "reassurance": "reassurance", "none": "none"}, 150)
    rows = list(csv.DictReader(open(table, encoding="utf-8")))
    copies = [{**r, "country": "ZZZ", "para_idx": str(1000 + i)} for i, r in enumerate(rows[::7][:20])]
    with open(table, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows + copies)
    return table


def _plans(table, policy):
    config = un_config(table, ["escalation", "reassurance", "none"], f'evaluation.duplicates="{policy}"')
    segments = load_segments(config)
    data = load_labelled(config, segments, feature_input(config, [s.text for s in segments]))
    groups = cv_groups(data, config)
    return data, {p: splits.plan(p, data, config.evaluation, 2029, groups) for p in ("grouped_cv", "repeated_cv")}


def test_identical_texts_across_folds_are_counted_and_kept_together(un_with_copies):
    data, kept = _plans(un_with_copies, "keep")
    assert len(data.y) == 170 and kept["grouped_cv"].duplicates > 0 and kept["repeated_cv"].duplicates > 0
    _, grouped = _plans(un_with_copies, "group")
    assert grouped["grouped_cv"].duplicates == 0 and grouped["repeated_cv"].duplicates == 0
    assert "identical texts together" in grouped["repeated_cv"].splitter
    assert first_of_each_text(text_keys(data.features.prepared_text())).sum() == 150


@pytest.mark.parametrize("policy", ["keep", "group"])
def test_a_check_counts_the_folds_a_run_draws(un_with_copies, policy):
    """plan(draw=False), as `stancelab check` calls it: the same splitter, rows, fold count and duplicate
    count as the drawn plan; with copies filed under another country ("keep") it has to draw them."""
    data, drawn = _plans(un_with_copies, policy)
    config = un_config(un_with_copies, ["escalation", "reassurance", "none"], f'evaluation.duplicates="{policy}"')
    for protocol, plan in drawn.items():
        counted = splits.plan(protocol, data, config.evaluation, 2029, cv_groups(data, config), draw=False)
        assert (counted.splitter, counted.n_folds, counted.duplicates) == (plan.splitter, len(plan.splits),
                                                                           plan.duplicates)
        assert (counted.keep == plan.keep).all() and plan.n_folds == len(plan.splits)
        assert bool(counted.splits) == (plan.duplicates > 0)  # drawn only where the count needs the folds


def test_merging_duplicates_joins_whole_groups():
    groups = np.array(["FRA", "FRA", "USA", "RUS"], dtype=object)
    keys = np.array(["a", "b", "b", "c"], dtype=object)
    assert list(merge_duplicates(groups, keys)) == ["FRA", "FRA", "FRA", "RUS"]


def test_seed_articles_are_the_default_groups():
    from tests.stance_helpers import seeds_config

    config = seeds_config()
    segments = load_segments(config)
    data = load_labelled(config, segments, feature_input(config, [s.text for s in segments]))
    assert set(cv_groups(data, config)) == {DOC_000, DOC_003}


def test_joined_groups_is_scipys_partition_into_connected_components():
    """Groups sharing a text are joined transitively, as SciPy's connected components of the group graph."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    rng = np.random.default_rng(7)
    for n_rows, n_keys, n_groups in ((40, 30, 12), (300, 120, 60), (500, 480, 200)):
        keys, groups = rng.integers(0, n_keys, n_rows), rng.integers(0, n_groups, n_rows)
        incidence = coo_matrix((np.ones(n_rows), (keys, groups)), shape=(n_keys, n_groups)).tocsr()
        _, label = connected_components(incidence.T @ incidence, directed=False)
        smallest = {c: min(np.flatnonzero(label == c)) for c in set(label)}
        assert joined_groups(keys, groups, n_groups) == [smallest[c] for c in label]


@pytest.mark.parametrize("overrides, then", [
    ([], "they form one group"),
    (['corpus.group_column="country"', 'evaluation.group_column="group"'], "each is grouped by its own document")])
def test_labelled_rows_without_a_group_value_are_warned_about(tmp_path, overrides, then):
    """Before: blank country cells made those passages one group (or each a group of its own), silently."""
    table = un_table(tmp_path, {"escalation": "escalation", "none": "none"}, 80)
    rows = list(csv.DictReader(open(table, encoding="utf-8")))
    with open(table, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        writer.writerows({**r, "country": "" if i % 20 == 0 else r["country"]} for i, r in enumerate(rows))
    config = un_config(table, ["escalation", "none"], *overrides)
    segments = load_segments(config)
    data = load_labelled(config, segments, feature_input(config, [s.text for s in segments]))
    with pytest.warns(UserWarning, match=rf"4 of the 80 labelled segments have no 'country' value .*: {then}"):
        cv_groups(data, config)
