"""`stancelab check`: the plan and the warnings of a stance run on real text, fitting nothing."""
import pytest

from experiments.cli import main
from tests.conftest import DOC_003
from tests.stance_helpers import CONFIG, un_table

SEEDS = [f"--set=corpus.path=\"{CONFIG.parents[2] / 'seeds'}\"",
         f"--set=corpus.annotations=\"{CONFIG.parents[2] / 'seeds' / 'annotations.csv'}\""]


def check(capsys, *args) -> tuple[int, str, str]:
    status = main(["check", str(CONFIG), *SEEDS, *args])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_the_plan_of_the_seeds(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing may be written: no results folder appears
    status, out, _ = check(capsys)
    assert status == 0 and not list(tmp_path.iterdir())
    assert "segments: 35 labelled of 35 (unit sentence)" in out
    assert "labels: deterrence 9, escalation 6, reassurance 12, none 8" in out
    assert "groups: column doc, 2 groups" in out and "grouped_cv: LeaveOneGroupOut" in out
    assert "selected: one of logreg, linear_svm, complement_nb, sgd" in out and "warning" not in out


def test_small_classes_and_a_test_class_absent_from_training_are_warned(capsys):
    status, out, _ = check(capsys, "--set=evaluation.n_splits=7", '--set=evaluation.protocols=["fixed_split"]',
                           f'--set=evaluation.test_documents=["{DOC_003}"]')
    assert status == 0
    assert "warning: class 'escalation' has 6 segment(s), fewer than the 7 folds" in out
    assert "warning: fixed_split: the test rows hold reassurance, absent from the training rows" in out


def test_a_copied_description_and_single_class_groups_are_warned(capsys, tmp_path):
    table = un_table(tmp_path, {"escalation": "AGAINST", "reassurance": "FAVOR"}, 150)
    corpus = [f'--set=corpus.path="{table}"', '--set=corpus.format="table"', '--set=corpus.language="en"',
              '--set=corpus.annotations=""', '--set=corpus.label_column="label"', '--set=corpus.group_column="country"',
              '--set=corpus.id_columns=["country", "session", "year", "para_idx"]',
              '--set=stance.labels=["FAVOR", "AGAINST"]', "--set=stance.headline_labels=[]"]
    status = main(["check", str(CONFIG), *corpus])
    out = capsys.readouterr().out
    assert status == 0 and "warning: [experiment] description names 'seed'" in out
    assert "groups (country) hold a single class" in out
    assert "keyword baseline left out: no [keywords] cues for FAVOR, AGAINST" in out


def test_a_grouping_that_groups_nothing_stops_with_exit_2(capsys, tmp_path):
    table = un_table(tmp_path, {"escalation": "AGAINST", "reassurance": "FAVOR"}, 60)
    status = main(["check", str(CONFIG), f'--set=corpus.path="{table}"', '--set=corpus.format="table"',
                   '--set=corpus.annotations=""', '--set=corpus.label_column="label"', '--set=corpus.language="en"',
                   '--set=stance.labels=["FAVOR", "AGAINST"]', "--set=stance.headline_labels=[]"])
    err = capsys.readouterr().err
    assert status == 2 and err.startswith("error: [evaluation] group_column = 'group' is the segment id")
    assert err.count("\n") == 1


@pytest.mark.parametrize("protocols", ['["repeated_cv"]'])
def test_without_grouped_cv_singletons_are_fine(capsys, tmp_path, protocols):
    table = un_table(tmp_path, {"escalation": "AGAINST", "reassurance": "FAVOR"}, 60)
    status = main(["check", str(CONFIG), f'--set=corpus.path="{table}"', '--set=corpus.format="table"',
                   '--set=corpus.annotations=""', '--set=corpus.label_column="label"', '--set=corpus.language="en"',
                   '--set=stance.labels=["FAVOR", "AGAINST"]', "--set=stance.headline_labels=[]",
                   f"--set=evaluation.protocols={protocols}", '--set=stance.learning_curve_protocol=""'])
    assert status == 0 and "repeated_cv: RepeatedStratifiedKFold" in capsys.readouterr().out


def test_the_un_reference_run_chooses_its_final_model_in_the_nested_loop(capsys):
    """The UN config's final model is `best`: the `selected` row of its tables (chosen on inner folds), whose
    outer score stands beside the four models it chooses from; its grouping is by country, no leak."""
    from tests.conftest import shared_data
    from tests.stance_helpers import UN_CONFIG

    shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv")
    assert main(["check", str(UN_CONFIG)]) == 0
    out = capsys.readouterr().out
    assert "final model: best, final_fit = train" in out
    assert "selected: one of logreg, linear_svm, complement_nb, sgd chosen on inner folds" in out
    assert "groups: column country" in out and "grouped_cv: StratifiedGroupKFold(5, country)" in out
