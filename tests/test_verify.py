"""`stancelab verify`: a saved run is rerun from its own config; equal numbers exit 0, differences exit 1.

The committed reference runs (results/seeds_*) must be reproduced exactly by a fresh run of the code as it
is now: if this test fails after a change that moves the numbers on purpose, regenerate them with
`stancelab run` and commit results/.
"""
import json
import shutil
import subprocess
import sys

import pytest

from experiments import config as cfg
from experiments.runner import run
from experiments.verify import compare, count_leaves, verify
from tests.conftest import ROOT, SEEDS

CONFIGS = ROOT / "experiments" / "configs"
TOPICS = CONFIGS / "seeds_topics.toml"
REFERENCE = sorted(CONFIGS.glob("seeds_*.toml"))


def stancelab(*args):
    return subprocess.run([sys.executable, "-m", "experiments.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.parametrize("config_path", REFERENCE, ids=lambda p: p.stem)
def test_committed_reference_run_is_reproduced_exactly(config_path):
    committed = ROOT / "results" / config_path.stem
    assert (committed / "metrics.json").is_file(), f"{committed} is missing: run `stancelab run` and commit it"
    # The committed run is a run of the reference config as it is now (defaults added since resolve alike)...
    assert cfg.load(committed / "config.toml") == cfg.load(config_path), f"{committed} is stale: rerun it"
    # ...and a fresh run of it gives every metric and every table byte for byte.
    differences, changed = verify(committed)
    assert differences == [], f"{committed} is not reproduced (inputs changed: {changed})"


def test_compare_names_each_differing_leaf():
    saved = {"stance": {"loao": {"logreg": {"macro_f1": 0.114, "f1": {"none": 0.2}}}}, "n": 3}
    rerun = {"stance": {"loao": {"logreg": {"macro_f1": 0.115, "f1": {"none": 0.2}}}}, "m": 3}
    assert compare(saved, rerun) == ["m: saved \"<missing>\", rerun 3", "n: saved 3, rerun \"<missing>\"",
                                     "stance.loao.logreg.macro_f1: saved 0.114, rerun 0.115"]
    assert compare(saved, saved) == [] and count_leaves(saved) == 3
    assert compare({"a": 1}, {"a": 1.0}) == ["a: saved 1, rerun 1.0"]  # a changed type is a difference


@pytest.fixture
def topics_run(tmp_path):
    """A fresh seeds_topics run on a private copy of the seed articles (so the test may edit them)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus, ignore=shutil.ignore_patterns("ungdc"))
    config = cfg.load(TOPICS, [f'corpus.path="{corpus.as_posix()}"'])
    return run(config, str(TOPICS), tmp_path / "results"), corpus


def test_verify_exits_0_on_a_fresh_run_and_1_naming_a_tampered_metric(topics_run):
    folder, _ = topics_run
    res = stancelab("verify", str(folder))
    assert res.returncode == 0, res.stdout + res.stderr
    assert "all 7 metric values and every table match" in res.stdout
    metrics = json.loads((folder / "metrics.json").read_text())
    metrics["topics"]["inertia"] += 1.0
    (folder / "metrics.json").write_text(json.dumps(metrics))
    res = stancelab("verify", str(folder))
    assert res.returncode == 1
    assert f"topics.inertia: saved {metrics['topics']['inertia']}" in res.stdout
    assert res.stdout.count("\n  ") == 1  # only that one metric differs


def test_verify_names_a_changed_table_and_the_changed_input(topics_run):
    folder, corpus = topics_run
    article = next(corpus.glob("000_*.txt"))
    article.write_text(article.read_text(encoding="utf-8").replace("nucléaire", "atomique"), encoding="utf-8")
    differences, changed = verify(folder)
    assert "tables/topic_terms.csv: differs" in differences
    assert changed == [f"{corpus.as_posix()}/{article.name}"]


def test_verify_of_a_folder_that_is_no_run_is_a_user_error(tmp_path):
    res = stancelab("verify", str(tmp_path))
    assert res.returncode == 2 and "not a run folder" in res.stderr and res.stderr.count("\n") == 1
