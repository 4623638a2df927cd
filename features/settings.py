"""Settings objects that double as config sections: a dataclass field carrying the checks a config applies.

`setting(default, min=1)` is `dataclasses.field` with the constraints in its metadata, so a settings class
of this package (`TextSettings`, `FeatureSettings`) is at once what a step needs and the typed schema of
its config section (experiments/config/ reads the metadata; this package never imports experiments/).
"""
from __future__ import annotations

from dataclasses import MISSING, field
from typing import Any

CONSTRAINTS = ("choices", "min", "max", "max_items", "path", "key")


def setting(default: Any = MISSING, *, choices: tuple | None = None, min: float | None = None,
            max: float | None = None, max_items: int | None = None, path: bool = False, key: bool = True):
    """A dataclass field with a default and the values a config may give it.

    `choices` applies to the value (to each item of a list), `min`/`max` to numbers (each item of a list),
    `max_items`: the longest list (bounds on work keys keep a run from taking practically forever),
    `path`: a file or folder that must exist, `key=False`: not a config key (filled from elsewhere).
    Lists are stored as tuples, so that settings stay immutable and hashable.
    Illustration: @dataclass(frozen=True) class S: n: int = setting(2, min=1)
             -> fields(S)[0].metadata["min"] == 1
    """
    meta = {"choices": choices, "min": min, "max": max, "max_items": max_items, "path": path, "key": key}
    if isinstance(default, list):
        default = tuple(default)
    kept = {k: v for k, v in meta.items() if v is not None and v is not False}  # min=0 is a bound, not "unset"
    return field(default=default, metadata=kept | {"key": key})
