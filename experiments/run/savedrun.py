"""A saved run folder, checked before `plot`, `report` or `verify` use it: whole, or refused in one line.

`stancelab run` records in manifest.json the SHA-256 of every table it wrote (`table_record`). `plot` and
`report` draw and describe only what the run saved, so a run folder missing a table, or whose table was
truncated or emptied since, would give part of the figures or a shorter report with exit status 0:
`check(folder, tables=True)` refuses it instead, naming every such file. `verify` reruns the run and
compares the tables itself, so it needs only the metrics and the config to be readable (`tables=False`),
and learns it before the minutes a rerun takes. Runs saved before the record existed are checked for
empty tables only.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import tomllib
from pathlib import Path

from features.errors import PARSE_LIMITS, UserError, parse_reason

STEPS = ("topics", "stance", "selection")  # the steps that write a part of metrics.json (run/steps.py)
RERUN = "rerun it with `stancelab run` (or restore the folder)"


class SavedRunError(UserError, ValueError):
    """A run folder that is incomplete or damaged; the message names the folder or the file."""


def table_record(run_dir: Path) -> dict[str, str]:
    """{tables/<name>: SHA-256} of every file under the run's tables/ folder, sorted.

    Illustration: table_record(Path("results/seeds_topics"))["tables/ksweep.csv"] -> "4f0c…" (64 hex digits)
    """
    folder = run_dir / "tables"
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    return {p.relative_to(run_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _parsed(path: Path, parse) -> dict:
    """The parsed content of a JSON or TOML file of the run, or SavedRunError naming it and the cause."""
    try:
        text = path.read_text(encoding="utf-8")
        if not text.strip():
            raise ValueError("empty file")
        value = parse(text)
    except (UnicodeDecodeError, *PARSE_LIMITS) as err:  # JSONDecodeError and TOMLDecodeError are ValueErrors
        raise SavedRunError(f"{path}: not readable ({parse_reason(err)}); the run folder is damaged: "
                            f"{RERUN}") from None
    if not isinstance(value, dict):
        raise SavedRunError(f"{path}: not a table of values; the run folder is damaged: {RERUN}")
    return value


def check(folder: str | Path, tables: bool = True) -> Path:
    """`folder` when it is a readable run folder (and, with `tables`, holds every table as saved).

    Illustration: check("results/seeds_topics") -> Path("results/seeds_topics")
             check(a run whose tables/ was deleted)
             -> SavedRunError("results/x: tables missing or changed since the run: tables/ksweep.csv (missing), …")
    """
    folder = Path(folder)
    if not (folder / "config.toml").is_file() or not (folder / "metrics.json").is_file():
        raise SavedRunError(f"{folder}: not a run folder (needs config.toml and metrics.json); give a folder "
                            "written by `stancelab run`, e.g. results/seeds_stance")
    metrics = _parsed(folder / "metrics.json", json.loads)
    missing = [s for s in STEPS if s in _parsed(folder / "config.toml", tomllib.loads)
               and not isinstance(metrics.get(s), dict)]
    if missing:  # a hand-edited or half-written metrics.json: the report would leave those sections out
        raise SavedRunError(f"{folder / 'metrics.json'}: no results of {', '.join(missing)}, a step of its "
                            f"config.toml; the run folder is damaged: {RERUN}")
    manifest = folder / "manifest.json"
    saved = _parsed(manifest, json.loads) if manifest.is_file() else {}
    record, recorded = saved.get("tables"), saved.get("metrics_sha256")
    if not isinstance(record, (dict, type(None))) or not isinstance(recorded, (str, type(None))):  # hand-edited
        raise SavedRunError(f"{manifest}: its tables or metrics_sha256 record is not as stancelab writes it; "
                            f"the run folder is damaged: {RERUN}")
    config_sha = saved.get("config_sha256")  # an edited config.toml: a rerun, a report would use other settings
    if config_sha and config_sha != hashlib.sha256((folder / "config.toml").read_bytes()).hexdigest():
        raise SavedRunError(f"{folder / 'config.toml'}: changed since the run (its SHA-256 differs from the one in "
                            f"manifest.json); {RERUN}")
    if tables and recorded and recorded != metrics_record(folder):
        raise SavedRunError(f"{folder / 'metrics.json'}: changed since the run (its SHA-256 differs from the one "
                            f"in manifest.json); {RERUN}")
    if tables:
        problems = _table_problems(folder, record)
        if problems:
            raise SavedRunError(f"{folder}: tables missing or changed since the run: {', '.join(problems)}; "
                                f"{RERUN}")
    return folder


def metrics_record(run_dir: Path) -> str:
    """The SHA-256 of the run's metrics.json, recorded in its manifest (`check` compares it)."""
    return hashlib.sha256((run_dir / "metrics.json").read_bytes()).hexdigest()


def _metrics_verified(folder: Path) -> bool:
    """Whether metrics.json is as the run wrote it (its manifest records its SHA-256 and it matches)."""
    try:
        recorded = json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("metrics_sha256")
    except (OSError, ValueError, AttributeError):
        return False
    return recorded is not None and recorded == metrics_record(folder)


@contextlib.contextmanager
def reading(folder: Path):
    """Report an error of the report or figure code on a run whose metrics.json is not verified as written
    (hand-edited, or saved before its SHA-256 was recorded) as a damaged run in one line, not as a bug."""
    try:
        yield
    except (KeyError, TypeError, IndexError, AttributeError, ValueError) as err:
        if isinstance(err, UserError) or _metrics_verified(folder):
            raise
        raise SavedRunError(f"{folder / 'metrics.json'}: not as stancelab writes it ({type(err).__name__}: "
                            f"{str(err)[:80]}); the run folder is damaged or from another version: {RERUN}") from err


def _table_problems(folder: Path, record: dict | None) -> list[str]:
    """Each recorded table that is missing or differs from its SHA-256 (without a record: empty tables)."""
    if not isinstance(record, dict):  # a run saved before tables were recorded
        if not (folder / "tables").is_dir():
            return ["tables/ (missing)"]
        return [f"{p.relative_to(folder).as_posix()} (empty)" for p in sorted((folder / "tables").glob("*.csv"))
                if p.stat().st_size == 0]
    now = table_record(folder)

    def why(name: str) -> str:  # the plainest cause first: gone, then emptied, then edited
        if name not in now:
            return "missing"
        return "empty" if (folder / name).stat().st_size == 0 else "changed"

    return [f"{name} ({why(name)})" for name, digest in sorted(record.items()) if now.get(name) != digest]
