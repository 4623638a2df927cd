"""What every benchmark command shares: where the data is, argument parsing, tables, saving results."""
from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np

from features.atomic import write_text

ROOT = Path(__file__).resolve().parents[2]


def default_data_dir() -> Path:
    """../shared/data beside the clone (or one level up from a git worktree), or $STANCELAB_SHARED_DATA.

    Illustration: default_data_dir() -> Path("/work/shared/data")
    """
    if os.environ.get("STANCELAB_SHARED_DATA"):
        return Path(os.environ["STANCELAB_SHARED_DATA"])
    for parent in ROOT.parents[:2]:
        if (parent / "shared" / "data").is_dir():
            return parent / "shared" / "data"
    return ROOT.parent / "shared" / "data"


def parser(description: str) -> argparse.ArgumentParser:
    """An argument parser with the options every benchmark takes (--data, --results, --n-jobs)."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--data", type=Path, default=default_data_dir(), help="the shared datasets folder")
    p.add_argument("--results", type=Path, default=ROOT / "results", help="where results/<name>/ goes")
    p.add_argument("--n-jobs", type=int, default=1, help="parallel jobs (joblib)")
    return p


def need(path: Path) -> Path:
    """`path`, or exit with one line saying which dataset is missing."""
    if not path.exists():
        raise SystemExit(f"error: {path} not found; point --data at the shared datasets folder")
    return path


def mean_std(values) -> dict:
    """Mean and population standard deviation (as scikit-learn's examples report them), rounded.

    >>> mean_std([0.5, 0.7])
    {'mean': 0.6, 'std': 0.1}
    """
    values = np.asarray(values, dtype=float)
    return {"mean": round(float(values.mean()), 4), "std": round(float(values.std()), 4)}


def provenance(data_path: Path, seeds: list[int], load_before: tuple) -> dict:
    """What a benchmark ran on: the data file, seeds, library versions and the load average before and after."""
    import scipy
    import sklearn

    return {"data": str(data_path), "seeds": list(seeds), "python": platform.python_version(),
            "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__},
            "cpus": os.cpu_count(), "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()]}


def save(results_dir: Path, name: str, metrics: dict, markdown: str = "", files: dict | None = None) -> Path:
    """Write results/<name>/metrics.json (+ table.md, + `files`: name -> text) with the machine it ran on.

    Each file is written whole (a temporary file renamed into place).
    """
    out = results_dir / name
    out.mkdir(parents=True, exist_ok=True)
    metrics = {**metrics, "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                      "platform": platform.platform()},
               "written": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    write_text(out / "metrics.json", json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    if markdown:
        write_text(out / "table.md", markdown + "\n")
    for file_name, text in (files or {}).items():
        write_text(out / file_name, text)
    return out
