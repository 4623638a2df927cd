"""Run faults: an unwritable results folder, a full disk, Ctrl-C. Each gives one line, the documented exit
status, no traceback, and loses nothing written before (the previous run stays byte for byte)."""
import builtins
import errno
import io
import os
import signal
import subprocess
import sys
import tempfile

import pytest

from experiments.cli import main
from experiments.run import steps
from tests.conftest import ROOT

# A small topics config of our own, with the seed articles (every other key default).
CONFIG = f'[experiment]\nname = "seeds_topics"\n[corpus]\npath = "{ROOT / "seeds"}"\n[topics]\nn_clusters = 4\n'
FAST = ["--set", "topics.n_init=1"]


@pytest.fixture
def topics(tmp_path):
    """The path of the small topics config."""
    (tmp_path / "topics.toml").write_text(CONFIG, encoding="utf-8")
    return str(tmp_path / "topics.toml")


def snapshot(folder):
    """Every file under `folder` (hidden ones included) -> its bytes."""
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def previous_run(tmp_path, topics):
    """A results folder holding one finished run of the topics config, and its snapshot."""
    results = tmp_path / "results"
    assert main(["run", topics, *FAST, "--results", str(results), "--quiet"]) == 0
    return results, snapshot(results)


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err, err
    return err.strip()


def test_results_path_that_is_a_file(tmp_path, capsys, topics):
    (tmp_path / "results").write_text("not a folder")
    assert main(["run", topics, *FAST, "--results", str(tmp_path / "results")]) == 2
    assert one_error_line(capsys).endswith("results: exists and is not a folder; give a folder with --results DIR")


def test_results_folder_not_writable_is_found_before_any_work(tmp_path, capsys, monkeypatch, topics):
    def denied(prefix, dir):
        raise PermissionError(errno.EACCES, "Permission denied", os.path.join(dir, prefix))

    monkeypatch.setattr(tempfile, "mkdtemp", denied)
    monkeypatch.setattr(steps, "STEPS", {})  # any step reached would fail the test below
    assert main(["run", topics, *FAST, "--results", str(tmp_path / "ro")]) == 2
    assert one_error_line(capsys).endswith(
        "ro: results folder is not writable (Permission denied); choose another with --results DIR "
        "or fix its permissions")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders; the test above simulates it")
def test_results_folder_not_writable_for_real(previous_run, capsys, topics):
    results, before = previous_run
    results.chmod(0o555)
    try:
        assert main(["run", topics, *FAST, "--results", str(results)]) == 2
    finally:
        results.chmod(0o755)
    assert "results folder is not writable" in one_error_line(capsys)
    assert snapshot(results) == before


class FullDisk(io.TextIOBase):
    """A file opened for writing on a full disk: every write fails with ENOSPC."""

    def __init__(self, f):
        self.f = f

    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self):
        self.f.close()


def test_disk_full_while_writing_keeps_the_previous_run(previous_run, capsys, monkeypatch, topics):
    results, before = previous_run
    real_open = io.open

    def open_on_full_disk(file, mode="r", *args, **kwargs):
        f = real_open(file, mode, *args, **kwargs)
        inside = isinstance(file, (str, os.PathLike)) and str(results) in os.fspath(file)
        return FullDisk(f) if inside and ("w" in mode or "a" in mode) else f

    monkeypatch.setattr(io, "open", open_on_full_disk)
    monkeypatch.setattr(builtins, "open", open_on_full_disk)
    assert main(["run", topics, *FAST, "--results", str(results)]) == 2
    monkeypatch.undo()
    assert one_error_line(capsys) == (
        f"error: {results / 'seeds_topics'}: disk full (no space left on device) while writing this run; "
        "free some space and run again; results written before are unchanged")
    assert snapshot(results) == before  # no half-written run, no temporary folder left behind


def test_ctrl_c_during_a_step_keeps_the_previous_run(previous_run, capsys, monkeypatch, topics):
    results, before = previous_run

    def interrupted(config, segments, X, run_dir, log):
        (run_dir / "tables" / "topic_terms.csv").write_text("cluster,size\n0,")  # half a table
        raise KeyboardInterrupt

    monkeypatch.setitem(steps.STEPS, "topics", interrupted)
    assert main(["run", topics, *FAST, "--results", str(results)]) == 130
    assert one_error_line(capsys) == (f"error: {results / 'seeds_topics'}: interrupted (Ctrl-C); the unfinished "
                                      "run was removed; results written before are unchanged")
    assert snapshot(results) == before


def test_ctrl_c_sent_to_a_real_run(previous_run, topics):
    """SIGINT to `stancelab run` while k-means is busy: exit 130, one line, previous run intact."""
    results, before = previous_run
    slow = ["--set", "topics.n_init=1000", "--set", "topics.n_seeds=100"]  # 800,000 starts (bound 10^6): minutes
    proc = subprocess.Popen([sys.executable, "-u", "-m", "experiments.cli", "run", topics, *slow, "--results",
                             str(results)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "segments from" in proc.stdout.readline()  # reading is done: the run is inside k-means now
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()  # a run that ignored the signal must not go on after the test (it never ends by itself)
    assert proc.returncode == 130, err
    assert err.strip().count("\n") == 0 and err.startswith(f"error: {results / 'seeds_topics'}: interrupted (Ctrl-C)")
    assert snapshot(results) == before
