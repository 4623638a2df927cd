"""One config in, one results folder out: `results/<experiment>/`, written atomically.

The run is written into a hidden temporary folder beside its destination and moved into place only when
every step has succeeded, so an interrupted or failed run leaves the previous results as they were.
The previous run, if any, is moved to `results/.previous/<experiment>/<end time>/` (not committed).
"""
from __future__ import annotations

import json
import os
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path

import tomli_w

from experiments import manifest, plots, steps
from experiments.data import load_segments, text_settings
from features.vectorize import vectorizer_input


def write_json(path: Path, obj) -> None:
    """JSON with sorted keys and a final newline: byte-identical for identical content."""
    path.write_text(json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def _swap_into_place(tmp: Path, final: Path, stamp: str) -> None:
    """Move the finished run to `final`, keeping the run it replaces under .previous/."""
    if final.exists():
        keep = final.parent / ".previous" / final.name / stamp
        keep.parent.mkdir(parents=True, exist_ok=True)
        os.replace(final, keep)
    os.replace(tmp, final)


def run(config: dict, config_path: str, out_root: str | Path = "results", overrides=(), log=print) -> Path:
    """Run every step the config asks for and write `out_root/<name>/`; returns that folder."""
    name = config["experiment"]["name"]
    out_root = Path(out_root)
    out_root.mkdir(parents=True, exist_ok=True)
    final, tmp = out_root / name, out_root / f".{name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "tables").mkdir(parents=True)
    started, timings, metrics = datetime.now(timezone.utc), {}, {}
    try:
        t = time.perf_counter()
        segments = load_segments(config)
        X = vectorizer_input([s.text for s in segments], text_settings(config))
        timings["read_and_prepare"] = round(time.perf_counter() - t, 3)
        log(f"{name}: {len(segments)} segments from {config['corpus']['path']}")
        for step in ("topics", "stance"):
            if step in config:
                t = time.perf_counter()
                metrics[step] = steps.STEPS[step](config, segments, X, tmp, log)
                timings[step] = round(time.perf_counter() - t, 3)
        write_json(tmp / "metrics.json", metrics)
        (tmp / "config.toml").write_text(tomli_w.dumps(config), encoding="utf-8")
        plots.redraw(tmp)  # figures come from the saved results only
        ended = datetime.now(timezone.utc)
        inputs = [config["corpus"]["path"], config_path] + [config["corpus"]["annotations"]] * bool(
            config["corpus"]["annotations"])
        write_json(tmp / "manifest.json", {
            "experiment": name, "config": config_path, "overrides": list(overrides),
            "random_state": config["experiment"]["random_state"], "git": manifest.git_state(),
            "inputs": manifest.input_files(inputs), **manifest.environment(),
            "started": started.isoformat(timespec="seconds"), "ended": ended.isoformat(timespec="seconds"),
            "step_seconds": timings,
        })
        _swap_into_place(tmp, final, ended.strftime("%Y%m%dT%H%M%SZ"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final
