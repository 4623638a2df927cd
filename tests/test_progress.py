"""Verbosity and progress: --quiet, default, --verbose; bars on a terminal only, never in logs or CI."""
import os
import struct
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEEDS

STANCE = str(ROOT / "experiments" / "configs" / "seeds_stance.toml")
ONE_PROTOCOL = ["--set", 'evaluation.protocols=["grouped_cv"]']  # one quick step


def stancelab_run(tmp_path, config, *flags, stderr=subprocess.PIPE):
    return subprocess.run([sys.executable, "-m", "experiments.cli", "run", str(config), "--results",
                           str(tmp_path), *flags], cwd=ROOT, stdout=subprocess.PIPE, stderr=stderr, text=True,
                          timeout=300)


def run_mini(tmp_path, *flags):
    """`stancelab run` of a config that reads and prepares the seeds and runs no step (fast)."""
    config = tmp_path / "mini.toml"
    config.write_text(f'[experiment]\nname = "mini"\n[corpus]\npath = "{SEEDS.as_posix()}"\n')  # beside the config
    return stancelab_run(tmp_path, config, *flags)


def test_default_prints_one_line_per_step_and_no_progress_bar_when_not_a_terminal(tmp_path):
    res = run_mini(tmp_path)
    assert res.returncode == 0
    assert "mini: 35 segments from seeds" in res.stdout and f"wrote {tmp_path / 'mini'}" in res.stdout
    assert "read_and_prepare:" not in res.stdout  # details are for --verbose
    assert res.stderr == ""  # no bar, no carriage returns: a log or CI stays clean


def test_quiet_prints_nothing_but_the_log_still_has_everything(tmp_path):
    res = run_mini(tmp_path, "--quiet")
    assert res.returncode == 0 and res.stdout == "" and res.stderr == ""
    log = (tmp_path / "mini" / "run.log").read_text()
    assert "INFO mini: 35 segments" in log and "DEBUG read_and_prepare:" in log


def test_verbose_adds_the_details(tmp_path):
    res = run_mini(tmp_path, "--verbose")
    assert res.returncode == 0 and "read_and_prepare:" in res.stdout and "figures:" in res.stdout


def test_quiet_and_verbose_together_are_refused(tmp_path):
    res = run_mini(tmp_path, "--quiet", "--verbose")
    assert res.returncode == 2 and "not allowed with argument" in res.stderr


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")  # POSIX only
def test_a_terminal_gets_a_progress_bar(tmp_path):
    fcntl, pty, termios = (pytest.importorskip(m) for m in ("fcntl", "pty", "termios"))
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))  # an 80-column terminal
    try:
        res = stancelab_run(tmp_path, STANCE, *ONE_PROTOCOL, stderr=follower)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed and drained
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert res.returncode == 0
    assert b"seeds_stance:" in shown and b"%|" in shown
