"""The run folder: deterministic outputs, atomic replacement, history of earlier runs, log and manifest."""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from experiments.config import schema as cfg
from experiments.run import rundir, steps
from experiments.run.runner import run
from tests.conftest import ROOT, SEEDS

CONFIGS = ROOT / "experiments" / "configs"
STANCE, TOPICS = CONFIGS / "seeds_stance.toml", CONFIGS / "seeds_topics.toml"
VARYING = ("manifest.json", "run.log")  # times, commit, machine: everything else is the same for one config
# Every protocol, nested search and baseline, with fewer repeats, resamples and models than the reference run:
# what determinism is checked on, three runs of it, in a third of the time.
SMALLER = ["evaluation.n_repeats=2", "stance.bootstrap_resamples=200", "stance.learning_curve_sizes=[0.5, 1.0]",
           'stance.models=["logreg", "linear_svm"]']


def tree(folder):
    """{relative path: bytes} of every file below `folder`."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def deterministic_part(folder):
    """Every file of a run but manifest.json and run.log (metrics, tables, figures, reports, the model and its
    card): what must be byte-identical between two runs, so that rerunning a committed run changes nothing else."""
    return {k: v for k, v in tree(folder).items() if k not in VARYING}


@pytest.fixture(scope="module")
def stance_runs(tmp_path_factory):
    """seeds_stance run twice into one results folder (n_jobs=1) and once with n_jobs=2 elsewhere."""
    root, other = tmp_path_factory.mktemp("results"), tmp_path_factory.mktemp("results_jobs2")
    one_job = [*SMALLER, "experiment.n_jobs=1"]  # the config asks for 2
    first = deterministic_part(run(cfg.load(STANCE, one_job), str(STANCE), root, one_job))
    first_manifest = json.loads((root / "seeds_stance" / "manifest.json").read_text())
    second = deterministic_part(run(cfg.load(STANCE, one_job), str(STANCE), root, one_job))
    two_jobs = [*SMALLER, "experiment.n_jobs=2"]
    jobs2 = run(cfg.load(STANCE, two_jobs), str(STANCE), other, two_jobs)
    return root, first, first_manifest, second, jobs2


@pytest.mark.slow
def test_two_runs_give_byte_identical_files_but_manifest_and_log(stance_runs):
    root, first, _, second, _ = stance_runs
    assert "tables/predictions.csv" in first and first["metrics.json"].startswith(b"{")
    assert {"model.skops", "model.json", "report.md", "report.html", "figures/stance_scores.pdf"} <= set(first)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.slow
def test_n_jobs_does_not_change_the_numbers(stance_runs):
    _, first, _, _, jobs2 = stance_runs
    two = deterministic_part(jobs2)
    assert two["metrics.json"] == first["metrics.json"]
    assert two["tables/predictions.csv"] == first["tables/predictions.csv"]
    assert b"n_jobs = 2" in two["config.toml"]  # the override is in the resolved config...
    assert json.loads((jobs2 / "manifest.json").read_text())["overrides"][-1] == "experiment.n_jobs=2"  # ...and listed


@pytest.mark.slow
def test_the_replaced_run_is_kept_in_history_under_its_end_time(stance_runs):
    root, first, first_manifest, _, _ = stance_runs
    kept = rundir.history(root, "seeds_stance")
    assert len(kept) == 1 and kept[0].parent == root / ".previous" / "seeds_stance"
    assert json.loads((kept[0] / "manifest.json").read_text())["started"] == first_manifest["started"]
    assert kept[0].name == first_manifest["ended"][:19].replace("-", "").replace(":", "") + "Z"
    assert deterministic_part(kept[0]) == first
    assert not list(root.glob(".seeds_stance.tmp-*"))  # no staging folder left behind


@pytest.mark.slow
def test_manifest_records_provenance(stance_runs):
    root = stance_runs[0]
    m = json.loads((root / "seeds_stance" / "manifest.json").read_text())
    annotations = SEEDS / "annotations.csv"
    assert m["inputs"]["seeds/annotations.csv"] == hashlib.sha256(annotations.read_bytes()).hexdigest()
    assert m["inputs"]["seeds/000_109b279601610553.txt"]
    # what the run read: the two articles at the folder's top, the labels and the config, not the codebook or
    # the UN label sheets kept in seeds/ beside them
    assert sorted(m["inputs"]) == ["experiments/configs/seeds_stance.toml", "seeds/000_109b279601610553.txt",
                                   "seeds/003_83fc1e9fc7e21474.txt", "seeds/annotations.csv"]
    assert m["config_sha256"] == hashlib.sha256((root / "seeds_stance" / "config.toml").read_bytes()).hexdigest()
    assert m["seeds"] == {"experiment.random_state": 42} and m["random_state"] == 42
    assert set(m["step_seconds"]) >= {"read_and_prepare", "stance", "figures"}
    assert m["libraries"]["scikit-learn"] and m["python"].startswith("3.") and m["platform"]
    assert set(m["git"]) == {"commit", "dirty"} and m["started"] <= m["ended"] and m["wall_seconds"] >= 0


@pytest.mark.slow
def test_log_file_holds_the_messages(stance_runs):
    log = (stance_runs[0] / "seeds_stance" / "run.log").read_text()
    assert "seeds_stance: 35 segments from seeds" in log
    assert "stance grouped_cv logreg: macro-F1" in log and "DEBUG stance:" in log


def test_python_warnings_reach_the_log(tmp_path):
    """A cp1252 article is read with a warning; the run log keeps a copy of it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for src in SEEDS.glob("*.txt"):
        (corpus / src.name).write_bytes(src.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    config = cfg.load(TOPICS, [f'corpus.path="{corpus.as_posix()}"'])
    config = replace(config, topics=None)  # reading is enough to warn
    with pytest.warns(UserWarning, match="not UTF-8"):
        folder = run(config, str(TOPICS), tmp_path / "results")
    assert "not UTF-8 (byte 0x" in (folder / "run.log").read_text()


@pytest.fixture(scope="module")
def topics_once(tmp_path_factory):
    """One real seeds_topics run, copied by each test that needs previous results to protect."""
    return run(cfg.load(TOPICS), str(TOPICS), tmp_path_factory.mktemp("topics"))


@pytest.fixture
def previous(topics_once, tmp_path):
    """A results folder holding a finished seeds_topics run, and a snapshot of every byte of it."""
    results = tmp_path / "results"
    shutil.copytree(topics_once.parent, results)
    return results, tree(results / "seeds_topics")


def failing_step(config, segments, X, run_dir, log):
    (run_dir / "tables" / "half_written.csv").write_text("cluster\n0\n")
    raise RuntimeError("injected failure in the middle of a step")


def test_a_failed_run_leaves_the_previous_results_untouched(previous, monkeypatch):
    results, before = previous
    monkeypatch.setitem(steps.STEPS, "topics", failing_step)
    with pytest.raises(RuntimeError, match="injected"):
        run(cfg.load(TOPICS, ["topics.n_clusters=3"]), str(TOPICS), results)
    assert tree(results / "seeds_topics") == before
    assert sorted(p.name for p in results.iterdir()) == ["seeds_topics"]  # no staging folder, no history


KILLED_RUN = textwrap.dedent("""
    import os, signal, sys
    from experiments.config import schema as config
    from experiments.run import steps
    from experiments.run.runner import run

    def killed(config, segments, X, run_dir, log):
        (run_dir / "tables" / "half_written.csv").write_text("cluster\\n0\\n")
        os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no finally: like a power cut or the OOM killer

    steps.STEPS["topics"] = killed
    run(config.load(sys.argv[1], ["topics.n_clusters=3"]), sys.argv[1], sys.argv[2])
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_a_run_killed_midway_leaves_the_previous_results_untouched(previous):
    results, before = previous
    res = subprocess.run([sys.executable, "-c", KILLED_RUN, str(TOPICS), str(results)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == -signal.SIGKILL, res.stderr
    assert tree(results / "seeds_topics") == before
    stale = list(results.glob(".seeds_topics.tmp-*"))
    assert len(stale) == 1 and (stale[0] / "tables" / "half_written.csv").exists()
    # The next run removes what the killed one left, publishes, and keeps the protected run in history.
    config = cfg.load(TOPICS)
    config = replace(config, topics=None)  # a run without steps is enough here
    run(config, str(TOPICS), results)
    assert not list(results.glob(".seeds_topics.tmp-*"))
    assert tree(rundir.history(results, "seeds_topics")[0]) == before


def test_staging_folder_of_a_live_process_is_not_removed(tmp_path):
    live = tmp_path / f".x.tmp-{os.getppid()}"
    live.mkdir()
    assert rundir.remove_stale(tmp_path, "x") == [] and live.exists()


def test_the_manifest_hashes_the_articles_read_not_what_lies_beside_them(tmp_path):
    from experiments.run.manifest import read_inputs
    corpus = tmp_path / "corpus"
    (corpus / "labels").mkdir(parents=True)
    for name in ("a.txt", "b.txt"):
        shutil.copy(SEEDS / "003_83fc1e9fc7e21474.txt", corpus / name)
    (corpus / "CODEBOOK.md").write_text("# codebook\n", encoding="utf-8")
    (corpus / "labels" / "c.txt").write_text("Un texte de plus.\n", encoding="utf-8")
    config = cfg.load(TOPICS, [f'corpus.path="{corpus.as_posix()}"'])
    read = [Path(p).resolve() for p in read_inputs(config)]
    assert [p.name for p in read if corpus in p.parents] == ["a.txt", "b.txt"]
    assert (SEEDS / "annotations.csv").resolve() in read  # the labels the config names, as before
