"""One config in, one results folder out: `results/<experiment>/`, written atomically.

The run is written into a hidden staging folder and moved into place only when every step has
succeeded (see `experiments.run.rundir`), so an interrupted or failed run leaves the previous results as they
were; the run it replaces is kept in `results/.previous/<experiment>/<stamp>/`. Deterministic outputs
(metrics.json, tables/) are separated from what varies between runs (manifest.json, run.log).
"""
from __future__ import annotations

import contextlib
import json
import time
from datetime import datetime, timezone
from pathlib import Path

import tomli_w

from experiments.config.resolved import Config, to_dict
from experiments.corpus import engine
from experiments.corpus.data import load_segments, require_text
from experiments.output.figures.redraw import redraw
from experiments.output.report import write_report
from experiments.run import backend, layout, manifest, rundir, savedrun, steps
from experiments.run.progress import LOGGER, log_file, progress


def write_json(path: Path, obj) -> None:
    """JSON with sorted keys and a final newline: byte-identical for identical content."""
    path.write_text(json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


class Timer(dict):
    """Wall seconds of each named stage. Illustration: with timer("stance"): ...  -> timer["stance"] == 1.786"""

    @contextlib.contextmanager
    def __call__(self, stage: str):
        t = time.perf_counter()
        yield
        self[stage] = round(time.perf_counter() - t, 3)
        LOGGER.debug(f"{stage}: {self[stage]:.3f} s")


def compute(config: Config, run_dir: Path, timer: Timer) -> dict:
    """Read the corpus and run every step the config has a section for; returns the metrics."""
    name, metrics = config.experiment.name, {}
    with timer("read_and_prepare"):
        segments = require_text(load_segments(config), config)
        features = engine.feature_input(config, [s.text for s in segments])  # the one input of every step
    LOGGER.info(f"{name}: {len(segments)} segments from {config.corpus.path}")
    for step in progress([s for s in steps.STEPS if getattr(config, s) is not None], desc=name):
        with timer(step):
            metrics[step] = steps.STEPS[step](config, segments, features, run_dir, LOGGER.info)
    return metrics


def check_destination(config: Config, config_path: str | Path, out_root: str | Path) -> None:
    """The run folder replaces no input and lies in none: the corpus, labels and test set, the token-count
    cache, and the config file (unless it is the run's own config.toml, rerun: that one is rewritten as it is).
    """
    final = Path(out_root) / config.experiment.name
    inputs = [*manifest.config_inputs(config), config_path]
    if config.features.engine == "cached" and config.experiment.cache_dir:
        inputs.append(config.experiment.cache_dir)
    if Path(config_path).resolve() == (final / layout.CONFIG).resolve():
        inputs.remove(config_path)
    rundir.check_destination(final, inputs)


def run(config: Config, config_path: str, out_root: str | Path = "results", overrides=(), log=None) -> Path:
    """Run every step the config asks for and write `out_root/<name>/`; returns that folder.

    `log` is accepted for older callers and ignored: messages go to the `stancelab` logger and run.log.
    Illustration: run(load("experiments/configs/seeds_topics.toml"), "...seeds_topics.toml")
                  -> Path("results/seeds_topics")
    """
    name = config.experiment.name
    final = Path(out_root) / name
    check_destination(config, config_path, out_root)
    with backend.parallel_backend(config, backend.where(config_path, overrides)), \
            rundir.staging(out_root, name) as tmp:
        with log_file(tmp / layout.LOG):
            layout.tables(tmp).mkdir()
            started, timer = datetime.now(timezone.utc), Timer()
            LOGGER.debug(f"config {config_path}, overrides {list(overrides)}")
            metrics = compute(config, tmp, timer)
            write_json(tmp / layout.METRICS, metrics)
            config_text = tomli_w.dumps(to_dict(config, relative_to=final))  # paths relative to the run folder
            (tmp / layout.CONFIG).write_text(config_text, encoding="utf-8")
            with timer("figures"):
                redraw(tmp, config.experiment.n_jobs)  # figures come from the saved results only
            ended = datetime.now(timezone.utc)
            provenance = manifest.build(config, config_path, overrides, config_text, started, ended, dict(timer))
            # what `plot` and `report` check before using the saved run (experiments/run/savedrun.py)
            write_json(tmp / layout.MANIFEST, provenance | {"tables": savedrun.table_record(tmp),
                                                            "metrics_sha256": savedrun.metrics_record(tmp),
                                                            "files": layout.run_files(tmp)})
            write_report(tmp)
            LOGGER.info(f"{name}: done in {(ended - started).total_seconds():.1f} s")
        kept = rundir.publish(tmp, final)  # after the log is closed, so run.log is complete
    if kept:
        LOGGER.debug(f"the run it replaces is kept in {kept}")
    return final
