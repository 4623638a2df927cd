"""Small corpora on two cores: folds in this process, the learning curves in a forked one, one BLAS thread;
the same numbers as n_jobs = 1 (experiments/run/forked.py, experiments/run/backend.py)."""
import os

import pytest
from threadpoolctl import threadpool_limits

from experiments.config import schema as cfg
from experiments.corpus.data import load_segments
from experiments.corpus.engine import feature_input
from experiments.corpus.labelled import headline_labels
from experiments.run import backend
from experiments.run.forked import Forked, can_fork
from experiments.stance import step as stance
from experiments.stance.evaluate import FitError
from experiments.topics.step import topics
from tests.conftest import ROOT
from tests.stance_helpers import seeds_labelled

NO_FORK = "this platform does not start processes by fork"
SMALL = ["evaluation.n_repeats=2", "stance.bootstrap_resamples=0", "stance.learning_curve_sizes=[0.5, 1.0]",
         'stance.models=["logreg", "complement_nb"]', 'stance.baselines=["majority", "keyword"]']


@pytest.fixture(scope="module")
def seeds():
    config, data = seeds_labelled(*SMALL, "experiment.n_jobs=2")
    return config, data, stance.candidates(config, data.features), headline_labels(config, data.labels)


def test_a_small_corpus_keeps_its_folds_here_and_forks_one_helper(seeds):
    config, data, _, _ = seeds
    assert len(data.y) < backend.SMALL_CORPUS
    assert backend.n_jobs(config, len(data.y)) == 1 and backend.thread_limit(config, len(data.y)) == 1
    assert backend.spare_processes(config, len(data.y)) == 2
    large = backend.SMALL_CORPUS  # a corpus as large as the limit: the config's processes and threads
    assert backend.n_jobs(config, large) == 2 and backend.thread_limit(config, large) == 2
    assert backend.spare_processes(config, large) == 1
    assert backend.n_jobs(config) == 2  # size unknown: the config's


@pytest.mark.skipif(not can_fork(), reason=NO_FORK)
def test_learning_curves_forked_are_the_rows_computed_here(seeds):
    config, data, cands, headline = seeds
    with threadpool_limits(limits=1):  # as in a run: BLAS threads on tiny matrices only wait on each other
        here = stance.learning_curves(config, data, cands, headline, data.column("doc"))
        with Forked(stance.learning_curves, config, data, cands, headline, data.column("doc"), n_jobs=2) as job:
            assert job.forked
            forked = job.result()
    assert here[0] and forked == here
    with Forked(os.getpid, n_jobs=2) as job:
        assert job.result() != os.getpid()  # it did run elsewhere


def test_with_one_job_the_call_runs_here_when_asked(seeds):
    calls = []
    job = Forked(calls.append, "curve", n_jobs=1)
    assert not job.forked and calls == []
    job.result()
    assert calls == ["curve"]


@pytest.mark.skipif(not can_fork(), reason=NO_FORK)
def test_a_failure_in_the_forked_process_is_raised_here_with_its_message(seeds):
    config, data, cands, headline = seeds
    broken = [stance.Candidate("broken", "model", cands[0].estimator.set_params(clf__C=-1.0))]
    with Forked(stance.learning_curves, config, data, broken, headline, None, n_jobs=2) as job:
        with pytest.raises(FitError, match=r"^stance learning curve broken, \d+ training segments, fold 1: "):
            job.result()


def test_topics_of_a_small_corpus_with_two_jobs_are_byte_identical(tmp_path):
    """n_jobs = 2 used to give k-means two BLAS threads: numbers different in the last bits, and slower."""
    config_path = ROOT / "experiments" / "configs" / "seeds_topics.toml"
    tables = {}
    for jobs in (1, 2):
        config = cfg.load(config_path, ["topics.k_max=3", "topics.n_seeds=2", f"experiment.n_jobs={jobs}"])
        segments = load_segments(config)
        features = feature_input(config, [s.text for s in segments])
        run_dir = tmp_path / str(jobs)
        (run_dir / "tables").mkdir(parents=True)
        topics(config, segments, features, run_dir, lambda message: None)
        tables[jobs] = {p.name: p.read_bytes() for p in sorted((run_dir / "tables").iterdir())}
    assert "ksweep.csv" in tables[1] and tables[2] == tables[1]


@pytest.mark.skipif(not can_fork(), reason=NO_FORK)
def test_stance_with_its_second_lane_forked_saves_the_same_model_and_tables(tmp_path):
    """n_jobs = 2 refits the final model in the forked lane beside the protocols: the same files as n_jobs = 1."""
    config_path = ROOT / "experiments" / "configs" / "seeds_stance.toml"
    saved = {}
    for jobs in (1, 2):
        config = cfg.load(config_path, [*SMALL, 'evaluation.protocols=["grouped_cv"]', f"experiment.n_jobs={jobs}"])
        segments = load_segments(config)
        features = feature_input(config, [s.text for s in segments])
        run_dir = tmp_path / str(jobs)
        (run_dir / "tables").mkdir(parents=True)
        metrics = stance.run(config, segments, features, run_dir, lambda message: None)
        files = sorted(p for p in run_dir.rglob("*") if p.is_file())
        saved[jobs] = metrics, {p.relative_to(run_dir).as_posix(): p.read_bytes() for p in files}
    assert {"model.skops", "tables/top_ngrams.csv", "tables/learning_curve.csv"} <= set(saved[1][1])
    assert saved[2] == saved[1]
