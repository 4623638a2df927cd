"""`stancelab check`: the plan and the warnings of a stance run on real text, fitting nothing."""
import os
import re
import subprocess
import sys

import pytest

from experiments.cli import main
from experiments.config import schema as cfg
from experiments.corpus.data import load_segments
from experiments.stance.check import text_input
from experiments.stance.groups import text_keys
from features.text.language import prepare_chars, strip_accents
from features.tfidf.feature_input import FeatureInput
from tests.conftest import DOC_003, ROOT
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
    assert status == 2 and err.startswith(f"error: {CONFIG}: [evaluation] group_column = 'group' is the segment id")
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
    n_labelled = re.search(r"segments: (\d+) labelled", out)[1]
    assert f"final model: best, final_fit = train ({n_labelled} rows: every labelled row)" in out
    assert "selected: one of logreg, linear_svm, complement_nb, sgd chosen on inner folds" in out
    assert "groups: column country" in out and "grouped_cv: StratifiedGroupKFold(5, country)" in out


def check_in_a_fresh_interpreter(config) -> subprocess.CompletedProcess:
    """`stancelab check CONFIG` as the command starts it, with 3 BLAS threads asked for, printing at the end
    its status, which of scikit-learn, SciPy, matplotlib and skops (and socket and tarfile, for a scheduler and
    an archive only) it loaded, the threads of its BLAS and the thread setting its child processes would inherit."""
    code = ("import os, sys; from experiments.cli import main; status = main(['check', sys.argv[1]]); "
            "heavy = {'sklearn', 'scipy', 'matplotlib', 'skops', 'socket', 'tarfile'}; "
            "loaded = sorted({m.split('.')[0] for m in sys.modules} & heavy); "
            "from threadpoolctl import threadpool_info; "
            "blas = sorted({p['num_threads'] for p in threadpool_info() if p['user_api'] == 'blas'}); "
            "print(status, loaded, blas, os.environ['OPENBLAS_NUM_THREADS'])")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
           "OPENBLAS_NUM_THREADS": "3"}
    return subprocess.run([sys.executable, "-c", code, str(config)], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=300)


def test_the_check_of_the_seeds_loads_no_fitting_library():
    """A check draws no folds and fits nothing, so scikit-learn, SciPy, matplotlib and skops stay unloaded
    (they were 1.5 s of its start-up), and NumPy's BLAS starts one thread, not the 3 asked for the run (idle
    BLAS threads spin: 0.08 CPU s), the setting left as it was for the processes it would start."""
    done = check_in_a_fresh_interpreter(CONFIG)
    assert "segments: 35 labelled of 35" in done.stdout, done.stderr
    assert done.stdout.splitlines()[-1] == "0 [] [1] 3"


def test_the_check_of_the_un_labels_loads_no_fitting_library():
    """Texts shared across countries (fragments) join their groups without SciPy: the check of the UN labels,
    whose groups must be joined, stays as light as the seeds'."""
    from tests.conftest import shared_data
    from tests.stance_helpers import UN_CONFIG

    shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv")
    done = check_in_a_fresh_interpreter(UN_CONFIG)
    assert "groups: column country" in done.stdout, done.stderr
    assert done.stdout.splitlines()[-1] == "0 [] [1] 3"


def same_partition(a, b) -> bool:
    """Whether two key arrays make the same rows equal."""
    return len(set(zip(a, b, strict=True))) == len(set(a)) == len(set(b))


def test_the_check_tells_identical_texts_apart_as_the_run_does():
    """The check's input (character text alone when it is unique) makes the same rows identical as the
    prepared text of a run, on the seeds and on seeds with copies that differ only in case and punctuation."""
    from tests.stance_helpers import seeds_config, seeds_labelled

    config = seeds_config()
    texts = list(seeds_labelled()[1].features.texts)
    # a copy in capitals and one with a trailing "!" prepare to the same text; " les" only to the same words
    samples = (texts, texts + [texts[0].upper(), texts[3] + " !", texts[5]], texts + [texts[2] + " les"])
    for sample, distinct in zip(samples, (35, 35, 36), strict=True):
        checked = text_input(sample, config).prepared_text()
        full = FeatureInput.build(sample, config.preprocess, config.features).prepared_text()
        assert same_partition(text_keys(checked), text_keys(full)) and len(set(text_keys(full))) == distinct
    assert (text_input(texts, config).prepared[:, 0] == "").all()  # character texts unique: no lemmas needed
    # equal character texts without accent stripping: equal keys, still without lemmas
    assert (text_input(samples[1], config).prepared[:, 0] == "").all()
    stripped = seeds_config("preprocess.strip_accents=true")
    # a copy without accents: the same character text, not the same words (lemmas are looked up before the
    # accents go), so the keys differ and the check must prepare the words as the run does
    sample = texts + [strip_accents(texts[1])]
    checked = text_input(sample, stripped).prepared_text()
    full = FeatureInput.build(sample, stripped.preprocess, stripped.features).prepared_text()
    assert len(set(prepare_chars(sample, stripped.preprocess))) == 35
    assert same_partition(text_keys(checked), text_keys(full)) and len(set(text_keys(full))) == 36
    assert (text_input(sample, stripped).prepared[:, 0] != "").any()  # accents stripped: prepared as a run does


def test_the_check_tells_the_un_passages_apart_as_the_run_does():
    """All 17,080 UN passages, 17 of whose character texts repeat (fragments): the check's keys, from the
    character text alone, make the same rows identical as the run's prepared word and character texts."""
    from tests.conftest import shared_data
    from tests.stance_helpers import UN_CONFIG

    shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv")
    config = cfg.load(UN_CONFIG)
    texts = [segment.text for segment in load_segments(config)]
    checked = text_keys(text_input(texts, config).prepared_text())
    full = text_keys(FeatureInput.build(texts, config.preprocess, config.features).prepared_text())
    assert same_partition(checked, full) and len(set(full)) < len(texts)


def test_single_class_groups_are_counted_in_one_pass():
    """Each group's classes gathered in one pass name the groups that a mask per group names: sorted, counted
    among all groups, whatever the order of the rows."""
    from types import SimpleNamespace

    import numpy as np

    from experiments.stance.check import traps
    from tests.stance_helpers import seeds_config

    config = seeds_config('evaluation.protocols=["grouped_cv"]', "evaluation.n_splits=2")
    y = np.array(["none", "escalation", "none", "none", "escalation", "none", "escalation"], dtype=object)
    groups = np.array(["FRA", "RUS", "RUS", "USA", "CHN", "AZE", "CHN"], dtype=object)
    single = [g for g in sorted(set(groups)) if len(set(y[groups == g])) == 1]
    assert single == ["AZE", "CHN", "FRA", "USA"]
    assert (f"{len(single)} of 5 groups (doc) hold a single class, e.g. AZE, CHN, FRA: a held-out group then "
            "scores one class") in traps(config, SimpleNamespace(y=y), groups)
