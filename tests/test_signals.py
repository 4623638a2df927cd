"""SIGTERM is handled as Ctrl-C is (staging folder removed, one line naming the run, exit 143), and a
worker-pool thread dying after an interrupt prints no traceback under the one-line message."""
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tests.conftest import ROOT

CONFIG = f'[experiment]\nname = "seeds_topics"\n[corpus]\npath = "{ROOT / "seeds"}"\n[topics]\nn_clusters = 4\n'


def test_sigterm_removes_the_unfinished_run_and_exits_143(tmp_path):
    (tmp_path / "topics.toml").write_text(CONFIG, encoding="utf-8")
    results = tmp_path / "results"
    proc = subprocess.Popen([sys.executable, "-u", "-m", "experiments.cli", "run", str(tmp_path / "topics.toml"),
                             "--set", "topics.n_init=1000", "--set", "topics.n_seeds=100", "--results", str(results)],
                            cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "segments from" in proc.stdout.readline()  # reading is done: the run is inside k-means now
        assert list(results.glob(".seeds_topics.tmp-*"))  # its staging folder exists
        proc.terminate()  # SIGTERM, as `kill PID` or a job scheduler sends it
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()  # a run that ignored the signal must not go on after the test
    assert proc.returncode == 143, err
    assert err == (f"error: {results / 'seeds_topics'}: terminated (SIGTERM); the unfinished run was removed; "
                   "results written before are unchanged\n")
    assert not list(results.glob(".*")) and not (results / "seeds_topics").exists()


def test_a_pool_thread_dying_after_ctrl_c_prints_no_traceback(tmp_path):
    """What loky's manager thread does when Ctrl-C reaches the process group (n_jobs = 2): it dies on the
    way out. Simulated deterministically: the step is interrupted, then a thread raises."""
    (tmp_path / "topics.toml").write_text(CONFIG, encoding="utf-8")
    script = textwrap.dedent(f"""
        import sys, threading
        from experiments.cli import main
        from experiments.run import steps

        def interrupted(*args):
            raise KeyboardInterrupt

        steps.STEPS["topics"] = interrupted
        status = main(["run", {str(tmp_path / "topics.toml")!r}, "--results", {str(tmp_path / "results")!r}])
        def manager():
            raise OSError("the queue of a terminated worker is closed")
        t = threading.Thread(target=manager, name="ExecutorManagerThread")
        t.start()
        t.join()
        sys.exit(status)
    """)
    res = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert res.returncode == 130, res.stderr
    assert "Traceback" not in res.stderr and res.stderr.count("\n") == 1, res.stderr


def test_worker_processes_start_with_ctrl_c_blocked_so_only_the_main_process_handles_it():
    """A terminal's Ctrl-C reaches every process of the group; a loky worker busy importing printed its own
    traceback (once in ~15 tries). Workers started by the commands have SIGINT blocked; plain joblib's do not."""
    script = textwrap.dedent("""
        import signal, sys
        from joblib import Parallel, delayed
        if sys.argv[1] == "deaf":
            from experiments.run.workers import start_workers_deaf_to_interrupts
            assert start_workers_deaf_to_interrupts()
        def blocked():
            return signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, set())
        print(Parallel(n_jobs=2)(delayed(blocked)() for _ in range(4)), signal.getsignal(signal.SIGINT))
    """)
    outputs = [subprocess.run([sys.executable, "-c", script, how], cwd=ROOT, capture_output=True, text=True,
                              timeout=120).stdout.split(" ", 4) for how in ("deaf", "plain")]
    assert outputs[0][:4] == ["[True,", "True,", "True,", "True]"]
    assert outputs[1][:4] == ["[False,", "False,", "False,", "False]"]
    assert "default_int_handler" in outputs[0][4]  # the main process still takes Ctrl-C


@pytest.mark.slow
def test_ctrl_c_to_the_whole_process_group_with_two_workers_gives_one_line(tmp_path):
    """SIGINT to the process group (what a terminal sends) while the stance folds run on 2 workers."""
    config = "experiments/configs/seeds_stance.toml"
    command = [sys.executable, "-u", "-m", "experiments.cli", "run", config, "--set", "experiment.n_jobs=2",
               "--results", str(tmp_path / "results")]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        assert "segments from" in proc.stdout.readline()  # reading is done: folds are being fitted
        time.sleep(2)  # the pool's workers are started and busy
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert err.count("\n") == 1 and "Traceback" not in err and "interrupted (Ctrl-C)" in err, err
