"""`skops.io`, imported without walking every scikit-learn module: 0.6 CPU s off each `stancelab predict`.

On import, skops lists the types it trusts by default: every scikit-learn estimator, found by
`sklearn.utils.all_estimators()`, which imports all of scikit-learn's modules (and the pytest, dask and
jinja2 modules some of them pull in: 660 modules, about 0.6 CPU s, a fifth of labelling the 17,080 UN
passages). skops keeps only the type names. This module holds those names, written by skops itself for one
scikit-learn and skops version pair (`sklearn_types.json`), and hands them to skops' import in place of the
walk; the list skops then trusts is the one it would have computed, name for name (tests/test_skopsio.py
compares it with a fresh skops import). Any other version pair imports skops as usual. Regenerate the file
after upgrading either library:

    python -m experiments.stance.skopsio
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from features.atomic import write_text

TYPES = Path(__file__).with_name("sklearn_types.json")
LIST_TYPES = ("from skops.io._trusted_types import SKLEARN_ESTIMATOR_TYPE_NAMES as names; import json, sys; "
              "json.dump(names, sys.stdout)")


def versions() -> dict[str, str]:
    """The installed scikit-learn and skops versions, which the saved list belongs to."""
    from importlib.metadata import version

    import sklearn

    return {"scikit-learn": sklearn.__version__, "skops": version("skops")}


def saved_names() -> list[str] | None:
    """The saved type names when they belong to the installed versions (else None: skops computes them)."""
    try:
        saved = json.loads(TYPES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    names = saved.get("names", [])
    if saved.get("versions") != versions() or not all(isinstance(n, str) and n.startswith("sklearn.") for n in names):
        return None
    return names


def _named_types(names: list[str]) -> list[tuple[str, type]]:
    """(name, type) pairs as all_estimators gives them, each type empty but for its module and name: skops
    reads nothing else of them (`get_type_name`: module + "." + name)."""
    return [(n.rpartition(".")[2], type(n.rpartition(".")[2], (), {"__module__": n.rpartition(".")[0]})) for n in names]


def skops_io():
    """The `skops.io` module, its default trusted types from the saved list when it applies."""
    if "skops.io" in sys.modules:
        return sys.modules["skops.io"]
    names = saved_names()
    if names is None:  # other versions: skops walks scikit-learn itself
        import skops.io

        return skops.io
    import sklearn.utils

    walk = sklearn.utils.all_estimators
    sklearn.utils.all_estimators = lambda: _named_types(names)  # read by skops' import, once
    try:
        import skops.io
    finally:
        sklearn.utils.all_estimators = walk
    return skops.io


def fresh_names() -> list[str]:
    """The type names a plain skops import trusts, computed in a fresh process (its own walk)."""
    out = subprocess.run([sys.executable, "-c", LIST_TYPES], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def main() -> int:
    """Write sklearn_types.json for the installed scikit-learn and skops."""
    write_text(TYPES, json.dumps({"versions": versions(), "names": fresh_names()}, indent=1) + "\n")
    print(f"wrote {TYPES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
