"""Folds and nested search on a Dask cluster (experiments/run/backend.py): the same numbers as a local run.

The cluster is a LocalCluster of two worker processes on loopback (127.0.0.1) only. Tests that need
dask.distributed skip, saying so, where the dask extra is not installed; the others run everywhere.
"""
import contextlib
import json
import socket
import sys

import pytest

from experiments.config import schema as cfg
from experiments.run import backend
from experiments.run.runner import run
from experiments.run.verify import compare, compare_tables
from tests.stance_helpers import CONFIG, seeds_config
from tests.test_cli import stancelab

DASK_EXTRA = 'needs the dask extra (pip install -e ".[dask]")'

# Small but complete: two models with their nested grid search, two baselines, both CV protocols.
SMALL = ['stance.models=["logreg", "complement_nb"]', 'stance.baselines=["majority", "keyword"]',
         "stance.bootstrap_resamples=100", "evaluation.n_repeats=2", "evaluation.search=true",
         "stance.learning_curve_sizes=[0.5, 1.0]"]


def free_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed", reason=DASK_EXTRA)
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None)
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.mark.slow
def test_a_run_on_the_cluster_gives_the_numbers_of_a_local_run(cluster, tmp_path):
    assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
    local = run(seeds_config(*SMALL), str(CONFIG), tmp_path / "local")
    remote_config = seeds_config(*SMALL, f"experiment.scheduler={cluster.scheduler_address}")
    remote = run(remote_config, str(CONFIG), tmp_path / "dask")
    # The folds did run on the workers: the scheduler saw joblib's batches of `_fold` calls.
    assert any("_fold" in prefix for prefix in cluster.scheduler.task_prefixes), cluster.scheduler.task_prefixes
    saved = json.loads((local / "metrics.json").read_text(encoding="utf-8"))
    rerun = json.loads((remote / "metrics.json").read_text(encoding="utf-8"))
    assert compare(saved, rerun) == [] and saved["stance"]["protocols"]["grouped_cv"]["results"]["logreg"]
    assert compare_tables(local, remote) == []  # out-of-fold predictions, learning curves, score tables
    assert (local / "tables" / "predictions.csv").read_bytes() == (remote / "tables" / "predictions.csv").read_bytes()
    assert json.loads((remote / "manifest.json").read_text())["scheduler"] == cluster.scheduler_address
    assert json.loads((local / "manifest.json").read_text())["scheduler"] == ""


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path):
    pytest.importorskip("distributed", reason=DASK_EXTRA)
    address = f"tcp://127.0.0.1:{free_port()}"
    res = stancelab("run", str(CONFIG), "--results", str(tmp_path / "out"), "--quiet",
                    "--set", f"experiment.scheduler={address}")
    assert res.returncode == 2, res.stderr
    assert res.stderr.strip().count("\n") == 0, res.stderr
    assert res.stderr.startswith(f"error: --set experiment.scheduler: '{address}': no Dask scheduler answered")
    assert not (tmp_path / "out" / "seeds_stance").exists()


@pytest.mark.parametrize("greeting", [b"SSH-2.0-OpenSSH_9.6\r\n", b""])
def test_a_server_that_is_not_dask_is_one_line_and_exit_2(tmp_path, greeting):
    # Issue 18: Dask's client read the greeting as a frame length: "out of memory" and a traceback.
    pytest.importorskip("distributed")
    import threading

    server = socket.create_server(("127.0.0.1", 0))
    address = f"tcp://127.0.0.1:{server.getsockname()[1]}"

    def answer():  # a plain TCP server: a greeting (or nothing), then it waits for the client to hang up
        with server:
            conn, _ = server.accept()
            with conn:
                conn.sendall(greeting)
                conn.settimeout(30)
                with contextlib.suppress(OSError):
                    conn.recv(1024)

    threading.Thread(target=answer, daemon=True).start()
    res = stancelab("run", str(CONFIG), "--results", str(tmp_path / "out"), "--quiet",
                    "--set", f"experiment.scheduler={address}")
    assert res.returncode == 2, res.stderr
    assert res.stderr.strip().count("\n") == 0 and "memory" not in res.stderr, res.stderr
    assert res.stderr.startswith(f"error: --set experiment.scheduler: '{address}' answered, but not as a Dask "
                                 f"scheduler ({'sent nothing' if not greeting else 'sent ' + repr(greeting[:8]) + '…'}")


@pytest.mark.parametrize("value", ["localhost:8786", "http://localhost:8786", "tcp://localhost", "tcp://h:99999",
                                   "tcp://:8786"])
def test_a_malformed_scheduler_fails_validation_naming_the_key(value, tmp_path):
    with pytest.raises(cfg.ConfigError, match=r"^--set experiment.scheduler: .* is not a Dask scheduler address"):
        cfg.load(CONFIG, [f"experiment.scheduler={value}"])
    bad = tmp_path / "bad.toml"
    seeds = (CONFIG.parents[2] / "seeds").as_posix()
    bad.write_text(f'[experiment]\nname = "x"\nscheduler = "{value}"\n[corpus]\npath = "{seeds}"\n')
    with pytest.raises(cfg.ConfigError, match=rf"^{bad}: \[experiment\] scheduler: '{value}' is not a Dask"):
        cfg.load(bad)


def test_well_formed_addresses_and_the_default_are_accepted():
    pytest.importorskip("distributed", reason=DASK_EXTRA)  # check_scheduler asks for the extra without it
    assert cfg.load(CONFIG).experiment.scheduler == ""
    for value in ("tcp://127.0.0.1:8786", "tcp://node-1.lab.example:8786", "tcp://[::1]:8786"):
        backend.check_scheduler(value, "x")  # no error when dask.distributed is installed


def test_without_dask_a_scheduler_asks_for_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` now fails
    assert not backend.installed()
    with pytest.raises(cfg.ConfigError, match=r"^--set experiment.scheduler: .*pip install -e \"\.\[dask\]\""):
        cfg.load(CONFIG, ["experiment.scheduler=tcp://127.0.0.1:8786"])
    assert cfg.load(CONFIG).experiment.scheduler == ""  # a local run does not need dask


def test_local_runs_keep_their_jobs_cluster_runs_use_every_worker():
    local = cfg.load(CONFIG, ["experiment.n_jobs=2"])
    remote = local.replace("experiment", scheduler="tcp://h:8786")  # not validated: no scheduler is asked
    assert backend.n_jobs(local) == 2 and backend.n_jobs(remote) == -1
    with backend.parallel_backend(local) as client:
        assert client is None
    assert backend.where("a.toml") == "a.toml: [experiment] scheduler"
    assert backend.where("a.toml", ["experiment.scheduler=tcp://h:1"]) == "--set experiment.scheduler"
