"""`stancelab verify RUN`: rerun a saved run from its own resolved config and compare the numbers.

The rerun is written to a scratch folder (the saved run is never touched). Every metric and every number
in a CSV table must be equal to a relative 1e-9 (on one machine they are equal to the bit; on another CPU,
BLAS kernels add floating-point sums in another order and the last bits differ); every text cell and every
other saved table must be identical. Inputs whose SHA-256 changed since the run are listed too, since they
are the usual reason for a difference.
"""
from __future__ import annotations

import csv
import io
import json
import math
import tempfile
from pathlib import Path

from experiments.config import schema as cfg
from experiments.run import layout, manifest, savedrun
from experiments.run.runner import run

MISSING = "<missing>"
RELATIVE_TOLERANCE = 1e-9


def compare(saved, rerun, path: str = "") -> list[str]:
    """Every leaf where two metric trees differ, as `dotted.key: saved X, rerun Y`.

    >>> compare({"a": {"f1": 0.5}}, {"a": {"f1": 0.6}})
    ['a.f1: saved 0.5, rerun 0.6']
    """
    if isinstance(saved, dict) and isinstance(rerun, dict):
        out = []
        for key in sorted(set(saved) | set(rerun), key=str):
            out += compare(saved.get(key, MISSING), rerun.get(key, MISSING), f"{path}.{key}" if path else key)
        return out
    if isinstance(saved, list) and isinstance(rerun, list) and len(saved) == len(rerun):
        return [d for i, (a, b) in enumerate(zip(saved, rerun, strict=True))
                for d in compare(a, b, f"{path}[{i}]")][:1]  # one line a list: a sweep would flood the terminal
    if not same_value(saved, rerun):
        return [f"{path or 'metrics'}: saved {_short(saved)}, rerun {_short(rerun)}"]
    return []


def same_value(a, b, rel_tol: float = RELATIVE_TOLERANCE) -> bool:
    """Equal leaves: floats to `rel_tol` (and 1e-12 near zero), everything else exactly and of the same type.

    >>> same_value(0.1 + 0.2, 0.3)
    True
    >>> same_value(0.3, 0.3001)
    False
    >>> same_value(1, "1")
    False
    """
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=rel_tol, abs_tol=1e-12) or (math.isnan(a) and math.isnan(b))
    return a == b and type(a) is type(b)


def _short(value, limit: int = 100) -> str:
    """A value as JSON, cut to `limit` characters (a whole sweep table would flood the terminal)."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _number(cell: str):
    """A CSV cell as a float when it is one, else the text.

    >>> _number("0.25")
    0.25
    >>> _number("a")
    'a'
    """
    try:
        return float(cell)
    except ValueError:
        return cell


def same_table(name: str, saved: bytes, rerun: bytes) -> bool:
    """A CSV table: same shape, text cells identical, numbers equal to the tolerance; other files: same bytes.

    Illustration: same_table("t.csv", b"f1\n0.30000000000000004\n", b"f1\n0.3\n") -> True
    """
    if saved == rerun:
        return True
    if not name.endswith(".csv"):
        return False
    rows = [list(csv.reader(io.StringIO(b.decode("utf-8")))) for b in (saved, rerun)]
    if [len(r) for r in rows[0]] != [len(r) for r in rows[1]]:
        return False
    return all(same_value(_number(a), _number(b))
               for ra, rb in zip(*rows, strict=True) for a, b in zip(ra, rb, strict=True))


def compare_tables(saved_run: Path, rerun: Path) -> list[str]:
    """Saved tables that are missing, new or different in the rerun (see `same_table`)."""
    saved, new = _tree(layout.tables(saved_run)), _tree(layout.tables(rerun))
    out = []
    for name in sorted(set(saved) | set(new)):
        if name not in new:
            out.append(f"{layout.TABLES}/{name}: missing in the rerun")
        elif name not in saved:
            out.append(f"{layout.TABLES}/{name}: new in the rerun")
        elif not same_table(name, saved[name], new[name]):
            out.append(f"{layout.TABLES}/{name}: differs")
    return out


def changed_inputs(saved_run: Path, rerun: Path) -> list[str]:
    """Input files whose SHA-256 differs between the saved run's manifest and the rerun's."""
    def inputs(run):
        path = run / layout.MANIFEST
        return json.loads(path.read_text(encoding="utf-8")).get("inputs", {}) if path.exists() else {}
    before, after = inputs(saved_run), inputs(rerun)
    return sorted(f for f in set(before) & set(after) if before[f] != after[f])


def verify(run_dir: str | Path) -> tuple[list[str], list[str]]:
    """Rerun `run_dir` from its config.toml; returns (differences, changed input files).

    Illustration: verify("results/seeds_stance") -> ([], [])  when the run is reproduced exactly
    """
    run_dir = savedrun.check(run_dir, tables=False)  # a damaged metrics.json is found before the rerun
    check_saved_model(run_dir)
    config = cfg.load(run_dir / layout.CONFIG)
    with tempfile.TemporaryDirectory(prefix="stancelab-verify-") as scratch:
        fresh = run(config, str(run_dir / layout.CONFIG), scratch)
        saved = json.loads((run_dir / layout.METRICS).read_text(encoding="utf-8"))
        rerun = json.loads((fresh / layout.METRICS).read_text(encoding="utf-8"))
        return compare(saved, rerun) + compare_tables(run_dir, fresh), changed_inputs(run_dir, fresh)


def check_saved_model(run_dir: Path) -> None:
    """The run's model.skops is the one its model.json describes (a rerun would not compare the model itself).

    Illustration: check_saved_model(<a run whose model.skops was replaced>)
             -> SavedRunError("results/x/model.skops: changed since the run (…)")
    """
    card_file, model_file = run_dir / "model.json", run_dir / "model.skops"
    if not card_file.is_file():
        return
    try:
        recorded = json.loads(card_file.read_text(encoding="utf-8")).get("model_sha256")
    except (ValueError, AttributeError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        recorded = "unreadable"
    if not model_file.is_file() or recorded != manifest.sha256(model_file):
        why = "missing" if not model_file.is_file() else "changed since the run (its SHA-256 differs from model.json's)"
        raise savedrun.SavedRunError(f"{model_file}: {why}; {savedrun.RERUN}")


def count_leaves(tree) -> int:
    """How many numbers a metric tree holds.

    >>> count_leaves({"a": [1, 2], "b": 3})
    3
    """
    if isinstance(tree, dict):
        return sum(count_leaves(v) for v in tree.values())
    if isinstance(tree, list):
        return sum(count_leaves(v) for v in tree)
    return 1
