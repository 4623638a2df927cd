"""Measuring one command of the scale benchmark: wall time, CPU time (user + system) and peak memory.

A command runs under a small launcher in its own session. The launcher is a child subreaper (Linux prctl), so
worker processes the command starts (joblib's) are handed to it when they outlive their parent, and it reaps
them: its RUSAGE_CHILDREN then holds the CPU of the command and of every worker, and the largest peak
resident memory (ru_maxrss) of any one of them. The launcher, not this process, forks the command: Linux counts
a process's pages from before its exec in its ru_maxrss, and this process may be large.
A command still running after its budget is killed (its session only); the CPU it had used by then is read
from /proc first (the launcher's process tree), so a stopped stage still says how much it cost.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from experiments.benchmarks.common import ROOT

LAUNCHER = """import ctypes, json, os, resource, signal, subprocess, sys, time
ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: orphaned workers come here
with open(sys.argv[2], "wb") as err:
    status = subprocess.Popen(sys.argv[3:], stdout=subprocess.DEVNULL, stderr=err).wait()
# Reap the workers that outlived the command: joblib's idle workers and resource trackers may wait minutes
# for a timeout, so after a 5 s grace they are ended (their CPU so far is still counted when reaped).
deadline = time.monotonic() + 5
while True:
    try:
        pid, _ = os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        break
    if pid == 0 and time.monotonic() > deadline:
        for entry in os.listdir("/proc"):
            try:
                parent = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()[1] if entry.isdigit() else ""
                if parent == str(os.getpid()):
                    os.kill(int(entry), signal.SIGKILL)
            except (OSError, IndexError):
                pass
        deadline = float("inf")
    elif pid == 0:
        time.sleep(0.1)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write(json.dumps({"status": status, "cpu": u.ru_utime + u.ru_stime, "maxrss_kb": u.ru_maxrss}))
"""


def tree_cpu(root: int) -> float:
    """CPU seconds (user + system, with reaped children's) of process `root` and its running descendants
    (joblib's workers may start sessions of their own, so the tree is followed by parent ids).

    Illustration: tree_cpu(os.getpid()) -> 1.42
    """
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stats[int(entry.name)] = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # the process ended meanwhile
                continue
    children: dict[int, list[int]] = {}
    for pid, fields in stats.items():
        children.setdefault(int(fields[1]), []).append(pid)  # field 4 of stat: the parent's id
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        total += sum(int(v) for v in stats.get(pid, [0] * 15)[11:15])  # utime, stime, cutime, cstime
    return total / os.sysconf("SC_CLK_TCK")


def measure(argv: list[str], max_seconds: float, log: Path) -> dict:
    """Wall seconds, CPU seconds and peak resident MB of one command (and its workers); killed past max_seconds.

    Illustration: measure([sys.executable, "-c", "pass"], 60, Path("/tmp/log")) -> {"wall_seconds": 0.03, ...}
    """
    usage_file = log.with_suffix(".rusage.json")
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(usage_file), str(log), *argv], cwd=ROOT,
                            stdout=subprocess.DEVNULL, start_new_session=True)
    try:
        proc.wait(timeout=max_seconds)
    except subprocess.TimeoutExpired:
        cpu = tree_cpu(proc.pid)
        os.killpg(proc.pid, signal.SIGKILL)  # that session only: the launcher, the command and its workers
        proc.wait()
        return {"not_run": f"stopped after {max_seconds:.0f} s (wall), having used {cpu:.1f} CPU s",
                "stopped": True, "wall_seconds": round(time.perf_counter() - t, 2), "cpu_seconds": round(cpu, 2)}
    wall, usage = time.perf_counter() - t, json.loads(usage_file.read_text())
    if usage["status"] != 0:
        lines = log.read_text(errors="replace").strip().splitlines() or ["(no message)"]
        return {"not_run": "failed: " + lines[-1][:200]}
    return {"wall_seconds": round(wall, 2), "cpu_seconds": round(usage["cpu"], 2),
            "peak_mb": round(usage["maxrss_kb"] / 1024, 1)}


def stage_argv(stage: str, way: str, n: int, work: Path, args, extra: tuple[str, ...] = ()) -> list[str]:
    """The command that runs one stage of one way at one size."""
    return [sys.executable, "-m", "experiments.benchmarks.scale_stages", "--stage", stage, "--way", way,
            "--size", str(n), "--work", str(work), "--n-jobs", str(args.n_jobs), "--models", ",".join(args.models),
            *extra]


def run_stage(stage: str, way: str, n: int, work: Path, args, max_seconds: float, extra=()) -> dict:
    """One stage: the stage's own wall time and CPU (the process's CPU less what it spent before and after its
    work: interpreter, imports, loading its input, writing its output) and the process's peak memory."""
    result = measure(stage_argv(stage, way, n, work, args, extra), max_seconds, work / f"log-{stage}-{way}-{n}.txt")
    if "not_run" in result:
        return result
    own = json.loads((work / f"result-{stage}-{way}-{n}.json").read_text())
    overhead = own.pop("cpu_before") + own.pop("cpu_after")
    return {**own, "process_cpu_seconds": result["cpu_seconds"], "peak_mb": result["peak_mb"],
            "process_wall_seconds": result["wall_seconds"],
            "cpu_seconds": round(max(result["cpu_seconds"] - overhead, own["own_cpu_seconds"]), 3)}
