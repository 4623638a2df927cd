"""One config key: its description (`Field`, read from a section dataclass) and the check of one value.

A section is a frozen dataclass whose fields carry their constraints in `dataclasses.field` metadata
(`features.settings.setting`). `fields_of` turns such a class into `{key: Field}`, the introspectable
schema that the manifest, the methods paragraph and the tests read; `check_value` checks one TOML value
against a `Field` and raises a one-line `ConfigError` naming where the value came from.
"""
from __future__ import annotations

import dataclasses
import functools
import math
import typing
from dataclasses import dataclass
from typing import Any

from features.errors import ConfigError

REQUIRED = dataclasses.MISSING


@dataclass(frozen=True)
class Field:
    """One config key: its TOML type, default, and the values it may take."""

    type: type | tuple[type, ...]
    default: Any = REQUIRED
    choices: tuple | None = None                 # allowed values (of each item, for a list)
    min: float | None = None
    max: float | None = None
    item: type | tuple[type, ...] | None = None  # element type of a list
    length: int | None = None                    # exact length of a list (ngram ranges)
    path: bool = False                           # a file or folder that must exist
    max_items: int | None = None                 # the longest list allowed (grids, learning curve sizes)


def describe(hint, f: dataclasses.Field) -> Field:
    """The `Field` of one dataclass field: tuples are TOML lists (their item type and length from the hint).

    Illustration: describe(tuple[int, int], field(default=(1, 2))) -> Field(list, [1, 2], item=int, length=2)
    """
    meta, default = f.metadata, f.default
    if typing.get_origin(hint) is tuple:
        args = typing.get_args(hint)
        length = None if args[-1] is Ellipsis else len(args)
        item = list if typing.get_origin(args[0]) is tuple else args[0]  # a list of lists (of strings)
        return Field(list, list(default) if default is not REQUIRED else default, meta.get("choices"),
                     meta.get("min"), meta.get("max"), item, length, meta.get("path", False), meta.get("max_items"))
    return Field(hint, default, meta.get("choices"), meta.get("min"), meta.get("max"), path=meta.get("path", False))


@functools.cache
def fields_of(cls) -> dict[str, Field]:
    """`{key: Field}` of a section dataclass, in declaration order; fields marked key=False are left out.

    Illustration: fields_of(FeatureSettings)["min_df"] -> Field(int, 1, min=1)
    """
    hints = typing.get_type_hints(cls)
    return {f.name: describe(hints[f.name], f) for f in dataclasses.fields(cls) if f.metadata.get("key", True)}


def check_value(value: Any, field: Field, where: str) -> Any:
    """Type and range check of one value; ints are accepted where floats are expected, lists become tuples.

    Illustration: check_value(3, Field(float, 1.0, min=0.0), "c.toml: [logreg] C") -> 3.0
    """
    if field.type is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, field.type) or (isinstance(value, bool) and field.type is not bool):
        raise ConfigError(f"{where}: expected {field.type.__name__}, got {type(value).__name__} {value!r}")
    items = value if isinstance(value, list) else [value]
    if field.item is float:  # [1, 10] is a list of floats, as 1 is a float value
        items = [float(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in items]
        value = items
    for v in items if field.choices else ():
        if v not in field.choices:
            raise ConfigError(f"{where}: {v!r} is not one of {', '.join(map(str, field.choices))}")
    if field.item:
        for v in items:
            if not isinstance(v, field.item) or isinstance(v, bool):
                raise ConfigError(f"{where}: every item must be {field.item.__name__}, got {v!r}")
            if field.item is list and not all(isinstance(w, str) for w in v):
                raise ConfigError(f"{where}: every item must be a list of strings, got {v!r}")
    if field.length is not None and len(value) != field.length:
        raise ConfigError(f"{where}: expected {field.length} values, got {len(value)}")
    if field.max_items is not None and len(value) > field.max_items:  # each value is one more set of fits
        raise ConfigError(f"{where}: {len(value)} values, more than the maximum {field.max_items}; give fewer")
    for v in items:
        if isinstance(v, float) and not math.isfinite(v):  # TOML has nan and inf: no setting means them
            raise ConfigError(f"{where}: {v} is not a finite number; give a number")
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if field.min is not None and v < field.min:
                raise ConfigError(f"{where}: {v} is below the minimum {field.min}")
            if field.max is not None and v > field.max:
                raise ConfigError(f"{where}: {v} is above the maximum {field.max}")
    items = [tuple(v) if isinstance(v, list) else v for v in items]  # a list of lists: tuples of tuples
    return tuple(items) if isinstance(value, list) else value


def where(file: str, section: str, key: str, overridden=()) -> str:
    """How an error names a key: by file and table, or by the --set that gave its value.

    >>> where("c.toml", "topics", "k_min")
    'c.toml: [topics] k_min'
    """
    if (section, key) in overridden:
        return f"--set {section}.{key}"
    return f"{file}: [{section}] {key}"
