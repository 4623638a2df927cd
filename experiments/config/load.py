"""A TOML file and `--set` overrides -> a validated `Config`, before any work starts.

Paths in a config file resolve against the file's folder (`path = "../../seeds"` in
experiments/configs/), so a config runs from any working directory; a path given with `--set` is relative
to the current directory, as on any command line. An unknown key, a wrong type, an impossible value or a
missing file is a `ConfigError`: one line naming the file (or the `--set`) and the key.
"""
from __future__ import annotations

import copy
import difflib
import os
import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from experiments.config.checks import check_consistency, check_share_by, check_topics
from experiments.config.fields import REQUIRED, Field, check_value, where
from experiments.config.resolved import OPTIONAL_SECTIONS, SCHEMA, SECTIONS, STEP_OF, Config, corpus_defaults, to_dict
from features.errors import PARSE_LIMITS, ConfigError, parse_reason
from features.read.paths import not_a_file


def _unknown(file: str, name: str, known, section: str | None = None) -> ConfigError:
    """An 'unknown key' error with the nearest known key as a suggestion."""
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    place = f"[{section}] {name}" if section else f"[{name}]"
    return ConfigError(f"{file}: unknown key {place}{hint}")


def _keys(section: str, raw: dict) -> dict[str, Field]:
    """The keys a table may hold: its section's, and in [keywords] a cue list per [stance] label outside the
    codebook (`FAVOR = ["support", ...]`), whatever the label set.

    >>> list(_keys("keywords", {"stance": {"labels": ["FAVOR", "none"]}}))[-1]
    'FAVOR'
    """
    if section != "keywords":
        return SCHEMA[section]
    labels = raw.get("stance", {}).get("labels", [])
    extra = {lab: Field(list, [], item=str) for lab in labels if isinstance(lab, str) and lab not in SCHEMA[section]}
    return {**SCHEMA[section], **extra}


def _check_tables(raw: dict, file: str, overridden) -> None:
    """Every table is a known section, a step's section only with its step, and every key is known."""
    for section in raw:
        if section not in SCHEMA:
            raise _unknown("--set" if any(s == section for s, _ in overridden) else file, section, SCHEMA)
        if section in STEP_OF and STEP_OF[section] not in raw:
            raise ConfigError(f"{file}: [{section}] is set but there is no [{STEP_OF[section]}] section")
        if not isinstance(raw[section], dict):
            raise ConfigError(f"{file}: [{section}] must be a table")
        known = _keys(section, raw)
        for key in raw[section]:
            if key not in known:
                raise _unknown("--set" if (section, key) in overridden else file, key, known, section)


def resolve(path: str) -> str:
    """A path as the steps open it: relative to the working directory when it lies below it, else as given
    (normalised), so that what a run records does not depend on how the config file was named.

    Illustration: resolve("experiments/configs/../../seeds") -> "seeds"; resolve("/work/main/seeds") -> "seeds"
             (run from /work/main)
    """
    path = os.path.normpath(path)
    absolute = Path(os.path.abspath(path))
    if absolute.is_relative_to(Path.cwd()):
        return absolute.relative_to(Path.cwd()).as_posix() or "."
    return path


def _section(section: str, given: dict, file: str, base: Path, overridden, raw: dict):
    """One section's dataclass from its TOML table: defaults filled, values checked, paths resolved."""
    values, extra = {}, []
    for key, field in _keys(section, raw).items():
        place = where(file, section, key, overridden)
        if key not in given:
            if field.default is REQUIRED:
                raise ConfigError(f"{place}: missing required key")
            continue
        value = check_value(given[key], field, place)
        if field.path and field.default is REQUIRED and not value.strip():  # "" would read the config's folder
            raise ConfigError(f"{place}: empty; give the file or folder, relative to the config file")
        if field.path and value:
            value = resolve(value if (section, key) in overridden else os.path.join(base, value))
            if not os.path.exists(value):
                raise ConfigError(f"{place}: file or folder not found: {value}")
            if not (os.path.isfile(value) or os.path.isdir(value)):  # a FIFO would block the read for ever
                raise ConfigError(f"{place}: {value} is not a file or folder (a pipe or device); give a file")
        if key in SCHEMA[section]:
            values[key] = value
        else:  # a [keywords] cue list of a label outside the codebook
            extra.append((key, value))
    return SECTIONS[section](**values, **({"extra_cues": tuple(extra)} if extra else {}))


def validate(raw: dict, file: str = "config", base: Path = Path("."), overridden=()) -> Config:
    """Check `raw` (TOML tables) against the sections and fill defaults; paths are resolved against `base`.

    Illustration: validate({"experiment": {"name": "x"}, "corpus": {"path": "seeds"}}).segments.unit -> "sentence"
    """
    _check_tables(raw, file, overridden)
    sections = {}
    for section in SCHEMA:
        if STEP_OF.get(section, section) in OPTIONAL_SECTIONS and STEP_OF.get(section, section) not in raw:
            continue
        sections[section] = _section(section, raw.get(section, {}), file, base, overridden, raw)
    # [preprocess] is TextSettings: its language is the corpus's
    sections["preprocess"] = replace(sections["preprocess"], language=sections["corpus"].language)
    config = corpus_defaults(Config(**sections), raw, file)
    check_consistency(config, file)
    from experiments.run.backend import check_scheduler  # imports dask only when a scheduler is set

    check_scheduler(config.experiment.scheduler, where(file, "experiment", "scheduler", overridden))
    if config.selection is not None and config.topics is None:
        raise ConfigError(f"{file}: [selection] changes a [topics] setting: add a [topics] table")
    if config.benchmark is not None and config.topics is None:
        raise ConfigError(f"{file}: [benchmark] is printed beside the topics: add a [topics] table")
    if config.topics is not None:
        check_topics(config, file)
        check_share_by(config, "topics", file)
    for text in config.selection.candidates if config.selection is not None else ():
        try:  # each candidate now, not after the corpus is read and the first candidates are scored
            candidate_config(config, text)
        except ConfigError as err:
            raise ConfigError(f"{file}: {err}") from None
    return config


def candidate_config(config: Config, overrides: str) -> Config:
    """This config with `;`-separated `section.key=value` changes, validated like a config file.

    Illustration: candidate_config(c, "topics.n_init=10; features.sublinear_tf=true").topics.n_init -> 10
    """
    raw = to_dict(config)  # paths as resolved (relative to the working directory), so base "."
    raw.pop("selection", None)  # a candidate is a clustering setting; it does not select again
    for text in filter(None, (part.strip() for part in overrides.split(";"))):
        if "=" not in text or "." not in text.split("=", 1)[0]:
            raise ConfigError(f"[selection] candidates: {text!r}: expected section.key=value, e.g. topics.n_init=10")
        section, key, value = parse_override(text)
        if section == "corpus":
            raise ConfigError(f"[selection] candidates: {text!r}: candidates share the corpus; "
                                  "change [topics], [features] or [preprocess] only")
        raw.setdefault(section, {})[key] = value
    return validate(raw, f"[selection] candidate {overrides!r}")


def parse_override(text: str) -> tuple[str, str, Any]:
    """`section.key=value` with a TOML value; a bare word is taken as a string.

    >>> parse_override("topics.n_clusters=5")
    ('topics', 'n_clusters', 5)
    """
    if "=" not in text or "." not in text.split("=", 1)[0]:
        raise ConfigError(f"--set {text}: expected section.key=value, e.g. topics.n_clusters=5")
    dotted, value = text.split("=", 1)
    section, key = dotted.strip().split(".", 1)
    try:
        parsed = tomllib.loads(f"v = {value.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        parsed = value.strip()
    except PARSE_LIMITS as err:
        raise ConfigError(f"--set {dotted.strip()}: value not readable ({parse_reason(err)})") from None
    return section, key, parsed


def as_list(section: str, key: str, value: Any) -> Any:
    """A scalar given with --set for a list key is a one-item list; "a,b" (not TOML) is refused with the syntax.

    >>> as_list("evaluation", "protocols", "grouped_cv")
    ['grouped_cv']
    >>> as_list("evaluation", "protocols", "grouped_cv,repeated_cv")
    Traceback (most recent call last):
    ...
    features.errors.ConfigError: --set evaluation.protocols=grouped_cv,repeated_cv: a list is written in TOML, ...
    """
    field = SCHEMA.get(section, {}).get(key)
    if field is None or field.type is not list or isinstance(value, list):
        return value  # unknown keys are named by the validation, with a suggestion
    if isinstance(value, str) and "," in value:
        items = ", ".join(f'"{v.strip()}"' for v in value.split(","))
        raise ConfigError(f"--set {section}.{key}={value}: a list is written in TOML, quoted for the shell: "
                          f"--set '{section}.{key}=[{items}]'")
    return [value]


def read_toml(path: Path) -> dict:
    """The tables of a TOML file; a file that is not UTF-8 or not TOML is one line naming the line."""
    if what := not_a_file(path):  # a pipe or /dev/zero would be read for ever
        why = "config file not found" if what == "no such file" else what
        raise ConfigError(f"{path}: {why}; check the path (examples: experiments/configs/)")
    data = path.read_bytes()
    try:
        return tomllib.loads(data.decode("utf-8-sig"))  # a BOM (Windows Notepad) is not part of the TOML
    except UnicodeDecodeError as err:  # TOML files are UTF-8 by definition
        line = data[: err.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: not UTF-8 (byte 0x{data[err.start]:02x}); save it as UTF-8") from None
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"^(.*) \(at line (\d+), column \d+\)$", str(err))
        place, why = (f"{path}:{m.group(2)}", m.group(1)) if m else (str(path), str(err))
        raise ConfigError(f"{place}: not valid TOML ({why}); fix that line: text values need quotes, "
                          "section names [brackets]") from None
    except PARSE_LIMITS as err:
        raise ConfigError(f"{path}: not valid TOML ({parse_reason(err)})") from None


def load(path: str | Path, overrides: list[str] = ()) -> Config:
    """Read, override and validate one config file; its paths resolve against its folder.

    Illustration: load("experiments/configs/seeds_stance.toml", ["logreg.C=10"]).logreg.C -> 10.0
    """
    path = Path(path)
    raw = copy.deepcopy(read_toml(path))
    overridden = set()
    for text in overrides:
        section, key, value = parse_override(text)
        if not isinstance(raw.setdefault(section, {}), dict):
            raise ConfigError(f"--set {text}: [{section}] is not a table in {path}")
        raw[section][key] = as_list(section, key, value)
        overridden.add((section, key))
    return validate(raw, str(path), path.parent, overridden)
