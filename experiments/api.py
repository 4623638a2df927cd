"""stancelab from Python (a notebook, a script): read a saved run, or run a config, without the command line.

`load_run(path)` gives a run's resolved config, its metrics and its tables; a table is a pandas DataFrame
when pandas is installed (the optional extra: `pip install -e ".[pandas]"`), else a list of dicts whose
numbers are ints and floats. Tables are read when first asked for, so a run with large tables loads at
once. `run_config(path, overrides=..., results=...)` runs a config as `stancelab run` does (same folder,
same files) and returns the saved run. Errors a user can fix are `features.errors.UserError`s, one line
naming the file or key, as on the command line.

>>> run = load_run("results/seeds_stance")
>>> run.name, run.config["stance"]["final_model"], run.metrics["stance"]["labels"][0]
('seeds_stance', 'logreg', 'deterrence')
>>> "scores" in run.tables and "predictions" in run.tables
True
"""
from __future__ import annotations

import csv
import importlib.util
import json
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from experiments.run import layout, savedrun

__all__ = ["Run", "Tables", "load_run", "run_config"]


def has_pandas() -> bool:
    """Whether pandas is installed (tables are then DataFrames)."""
    return importlib.util.find_spec("pandas") is not None


def _value(text: str):
    """A CSV cell as a number when it is one, else the text ("" stays "").

    >>> _value("15"), _value("0.25"), _value("logreg"), _value("")
    (15, 0.25, 'logreg', '')
    """
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def read_table(path: Path, as_frame: bool | None = None):
    """One saved CSV table: a DataFrame (`as_frame`, default: when pandas is installed) or a list of dicts."""
    if as_frame if as_frame is not None else has_pandas():
        import pandas as pd

        return pd.read_csv(path, keep_default_na=False, na_values=[""])  # "none" is a label, not a missing value
    with open(path, encoding="utf-8", newline="") as f:
        return [{k: _value(v) for k, v in row.items()} for row in csv.DictReader(f)]


@dataclass
class Tables(Mapping):
    """The tables of a run by name ("scores", "per_class"...), each read from tables/<name>.csv on first use."""

    folder: Path
    as_frame: bool | None = None
    _read: dict = field(default_factory=dict, repr=False)

    def _paths(self) -> dict[str, Path]:
        return {p.stem: p for p in sorted(self.folder.glob("*.csv"))}

    def __getitem__(self, name: str):
        if name not in self._read:
            paths = self._paths()
            if name not in paths:
                raise KeyError(f"{name!r}: no table of that name in {self.folder} (there are: {', '.join(paths)})")
            self._read[name] = read_table(paths[name], self.as_frame)
        return self._read[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths())

    def __len__(self) -> int:
        return len(self._paths())


@dataclass(frozen=True)
class Run:
    """A saved run: its folder, resolved config (the run's config.toml), metrics (metrics.json) and tables."""

    path: Path
    config: dict
    metrics: dict
    tables: Tables

    @property
    def name(self) -> str:
        return self.config["experiment"]["name"]


def load_run(path: str | Path, as_frame: bool | None = None) -> Run:
    """The saved run in folder `path`, checked as `stancelab report` checks it (a damaged folder is refused).

    `as_frame`: tables as DataFrames (True), lists of dicts (False) or DataFrames when pandas is installed (None).
    Illustration: load_run("results/ungdc_stance").tables["scores"] -> DataFrame (64 rows: protocol, model, ...)
    """
    folder = savedrun.check(path)
    config = tomllib.loads((folder / layout.CONFIG).read_text(encoding="utf-8"))
    metrics = json.loads((folder / layout.METRICS).read_text(encoding="utf-8"))
    return Run(folder, config, metrics, Tables(layout.tables(folder), as_frame))


def run_config(path: str | Path, overrides: list[str] | tuple = (), results: str | Path = "results",
               as_frame: bool | None = None) -> Run:
    """Run the config at `path` (with `--set`-style `overrides`, "section.key=value") into `results/<name>/`,
    as `stancelab run` does, and return the saved run.

    Illustration: run_config("experiments/configs/seeds_topics.toml", ["topics.n_clusters=6"], "/tmp/results")
             -> Run(path=Path("/tmp/results/seeds_topics"), ...)
    """
    from experiments import errors
    from experiments.config.schema import load  # the runner imports every step: only when a run is asked for
    from experiments.run.runner import run

    overrides = list(overrides)
    config = load(path, overrides)
    errors.check_results_folder(results)
    # the command's translations of a full disk or a fit that cannot start into one-line user errors
    with errors.writing_run(Path(results) / config.experiment.name), errors.fitting(path):
        folder = run(config, str(path), results, overrides)
    return load_run(folder, as_frame)
