"""Measuring the scale benchmark: each stage at each size in a fresh process, its wall time and peak memory.

A stage runs in a fresh Python process so that its peak resident memory (ru_maxrss, read with os.wait4) is its
own and includes numpy/scipy buffers (tracemalloc would miss them).
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
from experiments.benchmarks.scale_data import UNGDC, write_table
from experiments.benchmarks.scale_model import train_model
from experiments.benchmarks.scale_stages import PLAIN, STAGES
from experiments.run import layout

# Linux counts a process's pages from before its exec in its ru_maxrss, so a stage forked straight from this
# (large) process would report at least this process's size. A small launcher forks the stage instead and
# reports the stage's own rusage (the stage's peak, or that of a worker it reaped, whichever is larger).
LAUNCHER = """import json, os, subprocess, sys
with open(sys.argv[2], "wb") as err:
    proc = subprocess.Popen(sys.argv[3:], stdout=subprocess.DEVNULL, stderr=err)
    _, status, usage = os.wait4(proc.pid, 0)
open(sys.argv[1], "w").write(json.dumps({"status": status, "maxrss_kb": usage.ru_maxrss}))
"""


def measure(argv: list[str], max_seconds: float, log: Path) -> dict:
    """Wall seconds and peak resident MB (ru_maxrss) of one command, through LAUNCHER; killed past max_seconds.

    Illustration: measure([sys.executable, "-c", "pass"], 60, Path("/tmp/log"))["peak_mb"] -> about 10
    """
    usage_file = log.with_suffix(".rusage.json")
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(usage_file), str(log), *argv], cwd=ROOT,
                            stdout=subprocess.DEVNULL, start_new_session=True)
    try:
        proc.wait(timeout=max_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # its own session: the launcher, the stage and its workers only
        proc.wait()
        return {"not_run": f"stopped after --max-seconds {max_seconds:g} s"}
    seconds, usage = time.perf_counter() - t, json.loads(usage_file.read_text())
    if usage["status"] != 0:
        return {"not_run": "failed: " + log.read_text(errors="replace").strip().splitlines()[-1][:200]}
    return {"process_seconds": round(seconds, 2), "peak_mb": round(usage["maxrss_kb"] / 1024, 1)}


def stage_argv(stage: str, n: int, work: Path, args) -> list[str]:
    """The command that runs one stage at one size (predict: the real `stancelab predict`)."""
    if stage == "predict":
        return [sys.executable, "-m", "experiments.cli", "predict", str(work / layout.MODEL),
                str(work / f"table-{n}.csv"), "--out", str(work / f"predictions-{n}.csv"), "--quiet"]
    return [sys.executable, "-m", "experiments.benchmarks.scale_stages", "--stage", stage, "--size", str(n),
            "--work", str(work), "--data", str(args.data), "--n-jobs", str(args.n_jobs),
            "--models", ",".join(args.models)]


def run_stage(stage: str, n: int, work: Path, args) -> dict:
    """One stage at one size: its own timing (from its input loaded to its output) and the process's peak."""
    result = measure(stage_argv(stage, n, work, args), args.max_seconds, work / f"log-{stage}-{n}.txt")
    if "not_run" in result:
        return result
    if stage == "predict":  # the whole command: interpreter start, model load, read, predict, write
        return {**result, "seconds": result["process_seconds"],
                "output_mb": round((work / f"predictions-{n}.csv").stat().st_size / 1e6, 1)}
    return {**result, **json.loads((work / f"result-{stage}-{n}.json").read_text())}


def why_not(stage: str, n: int, done: dict, args) -> str:
    """The reason a stage is not run at size n, or "" to run it."""
    needs = {"tokenise": "read", "vectorise": "tokenise", "cluster": "vectorise"}
    if stage.startswith("stance") and n not in args.stance_sizes:
        return f"not run: stance CV only at --stance-sizes {','.join(map(str, args.stance_sizes))} (time budget)"
    if stage in PLAIN.values() and n not in args.plain_sizes:
        return f"not run: plain ways only at --plain-sizes {','.join(map(str, args.plain_sizes))} (time budget)"
    smaller = [m for m in done[stage] if int(m) < n and "not_run" in done[stage][m]]
    if smaller:
        return f"not run: did not finish at {int(smaller[0]):,}"
    if stage in needs and "not_run" in done[needs[stage]].get(str(n), {"not_run": ""}):
        return f"not run: {needs[stage]} did not finish"
    return ""


def run_all(args, work: Path) -> dict:
    """Every stage at every size, smallest size first; the input tables are written before (not timed)."""
    source = args.data / UNGDC
    done = {stage: {} for stage in STAGES}
    train_model(source, work / layout.MODEL)
    for n in args.sizes:
        write_table(source, n, work / f"table-{n}.csv")
        for stage in STAGES:
            reason = why_not(stage, n, done, args)
            done[stage][str(n)] = {"not_run": reason} if reason else run_stage(stage, n, work, args)
            shown = done[stage][str(n)]
            print(f"{n:>9,} {stage:<16} " + (shown["not_run"] if "not_run" in shown else
                                             f"{shown['seconds']:8.2f} s {shown['peak_mb']:8.0f} MB"), flush=True)
        for old in work.glob(f"*-{n}.*"):  # free /tmp: the next size writes its own
            old.unlink()
    return done
