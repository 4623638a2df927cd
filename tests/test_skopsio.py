"""skops imported with its saved list of scikit-learn types: the same trusted types, the same refusals."""
import json
import subprocess
import sys

import pytest

from experiments.stance import skopsio
from tests.conftest import ROOT

TRUSTED_HERE = """import json, sys
from experiments.stance.skopsio import skops_io
sio = skops_io()
from skops.io._trusted_types import SKLEARN_ESTIMATOR_TYPE_NAMES as names
json.dump({"names": names, "walked": "sklearn.gaussian_process" in sys.modules or "dask" in sys.modules,
           "loaded": type(sio.load(sys.argv[1], trusted=[])[-1]).__name__}, sys.stdout)
"""


def current() -> bool:
    return skopsio.saved_names() is not None


@pytest.mark.skipif(not current(), reason="experiments/stance/sklearn_types.json belongs to other scikit-learn or "
                                          "skops versions: run python -m experiments.stance.skopsio")
def test_skops_trusts_the_types_its_own_walk_finds_without_walking():
    res = subprocess.run([sys.executable, "-c", TRUSTED_HERE, str(ROOT / "results/seeds_stance/model.skops")],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    here = json.loads(res.stdout)
    fresh = skopsio.fresh_names()
    assert len(fresh) > 100 and "sklearn.linear_model._logistic.LogisticRegression" in fresh
    assert here["names"] == fresh  # name for name, in skops' order
    assert here["walked"] is False  # no estimator module beyond what the model needs was imported
    assert here["loaded"] == "LogisticRegression"


def test_other_versions_or_foreign_names_fall_back_to_skops_own_walk(tmp_path, monkeypatch):
    saved = json.loads(skopsio.TYPES.read_text(encoding="utf-8"))
    other = tmp_path / "types.json"
    monkeypatch.setattr(skopsio, "TYPES", other)
    other.write_text(json.dumps({**saved, "versions": {"scikit-learn": "0.1", "skops": "0.1"}}))
    assert skopsio.saved_names() is None
    other.write_text(json.dumps({"versions": skopsio.versions(), "names": ["builtins.eval"]}))
    assert skopsio.saved_names() is None  # only scikit-learn names are ever handed to skops
    other.write_text("{not json")
    assert skopsio.saved_names() is None


def test_the_stand_in_types_carry_the_names_skops_reads():
    from skops.io._utils import get_type_name

    pairs = skopsio._named_types(["sklearn.svm._classes.LinearSVC", "sklearn.pipeline.Pipeline"])
    assert [name for name, _ in pairs] == ["LinearSVC", "Pipeline"]
    assert [get_type_name(t) for _, t in pairs] == ["sklearn.svm._classes.LinearSVC", "sklearn.pipeline.Pipeline"]
