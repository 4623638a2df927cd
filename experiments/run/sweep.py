"""`stancelab run CONFIG --sweep section.key=a,b,c`: one run per value (several sweeps: every combination).

Each run is the config with `--set section.key=value` added and its experiment renamed
`<name>.<key>-<value>`, so that the runs sit side by side in the results folder; after them
`stancelab run` prints the comparison table of their headlines (experiments.run.headline).
"""
from __future__ import annotations

import itertools
import re

from features.errors import ConfigError

SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


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


def expand(sweeps: list[str], name: str) -> list[tuple[str, list[str]]]:
    """Every combination of the sweeps as (run name, the --set overrides that make it).

    Illustration: expand(["logreg.C=1,10"], "seeds_stance")
             -> [("seeds_stance.C-1", ["logreg.C=1"]), ("seeds_stance.C-10", ["logreg.C=10"])]
    """
    parsed = [parse_sweep(s) for s in sweeps]
    runs = []
    for values in itertools.product(*(items for _, items in parsed)):
        sets = [f"{key}={value}" for (key, _), value in zip(parsed, values, strict=True)]
        suffix = ".".join(f"{key.split('.', 1)[1]}-{SAFE.sub('_', value).strip('_')}"
                          for (key, _), value in zip(parsed, values, strict=True))
        runs.append((f"{name}.{suffix}", sets))
    return runs
