"""`stancelab run CONFIG --sweep section.key=a,b,c`: one run per value (several sweeps: every combination).

Each run is the config with `--set section.key=value` added and its experiment renamed
`<name>.<key>-<value>`, so that the runs sit side by side in the results folder; after them
`stancelab run` prints the comparison table of their headlines (experiments.run.headline).
"""
from __future__ import annotations

import contextlib
import itertools
import math
import re

from features.errors import ConfigError

SAFE = re.compile(r"[^A-Za-z0-9_.-]+")
MAX_RUNS = 100  # runs one command may start: a sweep of thousands of values is a typo, not a plan


def parse_sweep(text: str) -> tuple[str, list[str]]:
    """`section.key=a,b,c` -> ("section.key", ["a", "b", "c"]); values are TOML like `--set` values.

    >>> parse_sweep("logreg.C=0.1,1,10")
    ('logreg.C', ['0.1', '1', '10'])
    """
    dotted, sep, values = text.partition("=")
    items = [v.strip() for v in values.split(",") if v.strip()]
    if not sep or "." not in dotted or not items:
        raise ConfigError(f"--sweep {text}: expected section.key=a,b,c, e.g. --sweep logreg.C=0.1,1,10")
    return dotted.strip(), items


def expand(sweeps: list[str], name: str, sets=()) -> list[tuple[str, list[str]]]:
    """Every combination of the sweeps as (run name, the --set overrides that make it).

    `sets`: the command's --set values, none of which may set a swept key.
    Illustration: expand(["logreg.C=1,10"], "seeds_stance")
             -> [("seeds_stance.C-1", ["logreg.C=1"]), ("seeds_stance.C-10", ["logreg.C=10"])]
    """
    parsed = [parse_sweep(s) for s in sweeps]
    check_sweeps(parsed, sets)
    runs = []
    for values in itertools.product(*(items for _, items in parsed)):
        sets = [f"{key}={value}" for (key, _), value in zip(parsed, values, strict=True)]
        suffix = ".".join(f"{key.split('.', 1)[1]}-{SAFE.sub('_', value).strip('_')}"
                          for (key, _), value in zip(parsed, values, strict=True))
        runs.append((f"{name}.{suffix}", sets))
    return runs


def check_sweeps(parsed: list[tuple[str, list[str]]], sets=()) -> None:
    """Sweeps that name one run twice, or one key twice, or too many runs, are refused before any work.

    >>> check_sweeps([("logreg.C", ["1", "1"])])
    Traceback (most recent call last):
    features.errors.ConfigError: --sweep logreg.C: value 1 given twice (two runs of one folder); give it once
    """
    keys = [key for key, _ in parsed]
    given = {text.partition("=")[0].strip() for text in sets}
    for key, items in parsed:
        if keys.count(key) > 1 or key in given:
            how = "twice with --sweep" if keys.count(key) > 1 else "with --set too"
            raise ConfigError(f"--sweep {key}: given {how}, so its value is ambiguous; give it once")
        if twice := sorted({v for v in items if items.count(v) > 1}):
            raise ConfigError(f"--sweep {key}: value {twice[0]} given twice (two runs of one folder); give it once")
    n_runs = math.prod(len(items) for _, items in parsed)
    if n_runs > MAX_RUNS:
        counts = " x ".join(str(len(items)) for _, items in parsed)
        raise ConfigError(f"--sweep: {n_runs} runs ({counts} values), more than {MAX_RUNS} in one command; "
                          "sweep fewer values")


@contextlib.contextmanager
def named_by_sweep(sweeps: list[str]):
    """A value error about a swept key names the --sweep that gave it (the runs are made with --set)."""
    try:
        yield
    except ConfigError as err:
        text = str(err)
        for key, _ in map(parse_sweep, sweeps):
            section, name = key.split(".", 1)
            if text.startswith((f"--set {key}:", f"--set: unknown key [{section}] {name}")):
                raise ConfigError(text.replace("--set", "--sweep", 1)) from None
        raise


def check_names(jobs) -> None:
    """The runs of one command, (config path, overrides, config) each, write distinct folders: a second run of
    one name would replace the first as soon as it is written.

    Illustration: check_names([("a.toml", [], cfg), ("b.toml", [], cfg)])  (both named "x")
             -> ConfigError("b.toml: names the run 'x', as a.toml does before it, …")
    """
    first: dict[str, str] = {}
    for path, _, config in jobs:
        name = config.experiment.name
        if name in first:
            raise ConfigError(f"{path}: names the run {name!r}, as {first[name]} does before it, so it would "
                              "replace that run; give each config its own [experiment] name, or run them one at a time")
        first[name] = str(path)
