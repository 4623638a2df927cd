"""`stancelab verify`: a saved run is rerun from its own config; equal numbers exit 0, differences exit 1.

The committed reference runs (results/seeds_*) must be reproduced (numbers to a relative 1e-9) by a fresh run of
the code as it is now: if this test fails after a change that moves the numbers on purpose, regenerate them with
`stancelab run` and commit results/.
"""
import csv
import json
import shutil
import subprocess
import sys

import pytest

from experiments.config import schema as cfg
from experiments.run.runner import run
from experiments.run.verify import compare, count_leaves, same_table, verify
from tests.conftest import ROOT, SEEDS, shared_data

CONFIGS = ROOT / "experiments" / "configs"
STANCE = CONFIGS / "seeds_stance.toml"
REFERENCE = sorted(CONFIGS.glob("seeds_*.toml"))


def stancelab(*args):
    return subprocess.run([sys.executable, "-m", "experiments.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.slow
@pytest.mark.parametrize("config_path", REFERENCE, ids=lambda p: p.stem)
def test_committed_reference_run_is_reproduced_exactly(config_path):
    committed = ROOT / "results" / config_path.stem
    assert (committed / "metrics.json").is_file(), f"{committed} is missing: run `stancelab run` and commit it"
    # A committed run made with another config than the current one is stale: a failure, not an expected one,
    # so a change of config cannot land without its regenerated results (`stancelab run`, then commit results/).
    try:
        saved_config = cfg.load(committed / "config.toml")
    except cfg.ConfigError as err:  # written under an older schema (keys since renamed)
        pytest.fail(f"{committed} is stale: its config.toml no longer loads ({err}); "
                    "regenerate it with `stancelab run`")
    assert saved_config == cfg.load(config_path), (
        f"{committed} is stale: it was run with another config than {config_path.name}; "
        "regenerate it with `stancelab run`")
    # A fresh run of the committed config gives every metric and every table byte for byte.
    differences, changed = verify(committed)
    assert differences == [], f"{committed} is not reproduced (inputs changed: {changed})"


def test_compare_names_each_differing_leaf():
    saved = {"stance": {"loao": {"logreg": {"macro_f1": 0.114, "f1": {"none": 0.2}}}}, "n": 3}
    rerun = {"stance": {"loao": {"logreg": {"macro_f1": 0.115, "f1": {"none": 0.2}}}}, "m": 3}
    assert compare(saved, rerun) == ["m: saved \"<missing>\", rerun 3", "n: saved 3, rerun \"<missing>\"",
                                     "stance.loao.logreg.macro_f1: saved 0.114, rerun 0.115"]
    assert compare(saved, saved) == [] and count_leaves(saved) == 3
    assert compare({"a": 1}, {"a": 1.0}) == ["a: saved 1, rerun 1.0"]  # a changed type is a difference


def first_number(tree, path=()):
    """The path of the first number in a metric tree (sorted keys)."""
    for key in sorted(tree):
        value = tree[key]
        if isinstance(value, dict) and (found := first_number(value, path + (key,))):
            return found
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return path + (key,)
    return None


@pytest.mark.slow
def test_verify_exit_status_and_what_it_names(tmp_path):
    """A fresh run verifies (exit 0); a tampered metric is named (exit 1); an edited article is named."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus, ignore=shutil.ignore_patterns("ungdc"))
    overrides = [f'corpus.path="{corpus.as_posix()}"',
                 f'corpus.annotations="{(corpus / "annotations.csv").as_posix()}"',
                 'evaluation.protocols=["grouped_cv"]', 'stance.models=["logreg"]', "stance.learning_curve_sizes=[1.0]",
                 "stance.bootstrap_resamples=200"]  # verify's behaviour is the point, not every model
    folder = run(cfg.load(STANCE, overrides), str(STANCE), tmp_path / "results", overrides)
    metrics = json.loads((folder / "metrics.json").read_text())
    res = stancelab("verify", str(folder))
    assert res.returncode == 0, res.stdout + res.stderr
    assert f"all {count_leaves(metrics)} metric values and every table match" in res.stdout
    assert "note" not in res.stdout and (folder / "report.html").is_file()
    (folder / "report.html").unlink()  # a run saved before report.html existed still verifies, with a note
    res = stancelab("verify", str(folder))
    assert res.returncode == 0 and f"{folder}: note: no report.html; write it" in res.stdout
    assert not (folder / "report.html").exists()  # verify never writes into the saved run

    path = first_number(metrics)
    leaf = metrics
    for key in path[:-1]:
        leaf = leaf[key]
    original = leaf[path[-1]]
    leaf[path[-1]] = original + 1
    (folder / "metrics.json").write_text(json.dumps(metrics))
    res = stancelab("verify", str(folder))
    assert res.returncode == 1
    assert f"{'.'.join(path)}: saved {json.dumps(original + 1)}, rerun {json.dumps(original)}" in res.stdout
    assert res.stdout.count("\n  ") == 1  # only that one metric differs

    annotations = corpus / "annotations.csv"  # a coder revises one label after the run
    rows = list(csv.reader(annotations.open(encoding="utf-8", newline="")))
    rows[1][1] = "deterrence" if rows[1][1] != "deterrence" else "none"
    with annotations.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    differences, changed = verify(folder)
    assert "tables/predictions.csv: differs" in differences
    assert changed == [annotations.as_posix()]


def test_verify_of_a_folder_that_is_no_run_is_a_user_error(tmp_path):
    res = stancelab("verify", str(tmp_path))
    assert res.returncode == 2 and "not a run folder" in res.stderr and res.stderr.count("\n") == 1


SHARED_RUNS = {"ungdc": ("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv"),
               "news": ("20newsgroups", "20news-bydate.tar.gz")}


@pytest.mark.parametrize("config_path", sorted([*CONFIGS.glob("ungdc_*.toml"), *CONFIGS.glob("news_clust_*.toml")]),
                         ids=lambda p: p.stem)
def test_committed_shared_data_runs_were_made_with_the_current_config(config_path):
    """The runs on ../shared take minutes to rerun (`stancelab verify results/<run>` does it); the suite checks
    the cheap half: the committed run's config.toml loads with the current schema and is the config as it is
    now, so the run is not stale."""
    shared_data(*SHARED_RUNS[config_path.stem.split("_")[0]])  # the configs name the shared files
    committed = ROOT / "results" / config_path.stem
    assert (committed / "metrics.json").is_file(), f"{committed} is missing: stancelab run {config_path}"
    assert cfg.load(committed / "config.toml") == cfg.load(config_path), (
        f"{committed} is stale: regenerate it with `stancelab run {config_path.relative_to(ROOT)}`")


def test_numbers_are_equal_to_a_relative_1e9_and_text_exactly():
    """Another CPU's BLAS changes the last bits of a sum, not a result: those verify; a real change does not."""
    assert compare({"f1": [0.1 + 0.2, 2]}, {"f1": [0.3, 2]}) == []
    assert compare({"f1": [0.3, 2]}, {"f1": [0.3001, 2]}) == ["f1[0]: saved 0.3, rerun 0.3001"]
    assert compare({"n": 3}, {"n": 3.0}) != []  # an int that became a float is a change of type
    saved = b"cluster,term,weight\n2,vladimir,0.11395812345678901\n"
    assert same_table("topic_terms.csv", saved, b"cluster,term,weight\n2,vladimir,0.11395812345678904\n")
    assert not same_table("topic_terms.csv", saved, b"cluster,term,weight\n2,president,0.11395812345678901\n")
    assert not same_table("topic_terms.csv", saved, b"cluster,term,weight\n2,vladimir,0.1139\n")
    assert not same_table("clusters.md", b"| 0.3 |", b"| 0.30000000000000004 |")  # not CSV: bytes
