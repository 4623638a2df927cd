"""The Python API (experiments/api.py): a saved run's config, metrics and tables, and a config run from Python."""
import csv
import json
import re
import shutil

import pytest

from experiments import api
from experiments.run.savedrun import SavedRunError
from features.errors import UserError
from tests.conftest import ROOT

SEEDS_STANCE = ROOT / "results" / "seeds_stance"
SEEDS_TOPICS = ROOT / "experiments" / "configs" / "seeds_topics.toml"


def csv_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_load_run_gives_the_saved_metrics_config_and_tables_as_lists_of_dicts():
    run = api.load_run(SEEDS_STANCE, as_frame=False)
    assert run.name == "seeds_stance" and run.path == SEEDS_STANCE
    assert run.metrics == json.loads((SEEDS_STANCE / "metrics.json").read_text())
    assert run.config["stance"]["models"] == ["logreg", "linear_svm", "complement_nb", "sgd"]
    assert sorted(run.tables) == sorted(p.stem for p in (SEEDS_STANCE / "tables").glob("*.csv"))
    scores, saved = run.tables["scores"], csv_rows(SEEDS_STANCE / "tables" / "scores.csv")
    assert len(scores) == len(saved) == 64
    logreg = next(r for r in scores if (r["protocol"], r["model"], r["score"]) == ("grouped_cv", "logreg", "macro_f1"))
    macro_f1 = run.metrics["stance"]["protocols"]["grouped_cv"]["results"]["logreg"]["scores"]["macro_f1"]
    assert isinstance(logreg["value"], float) and logreg["value"] == pytest.approx(macro_f1["value"], abs=1e-6)
    # "none" is a stance label, kept as text; whole numbers are ints
    predictions = run.tables["predictions"]
    assert {r["label"] for r in predictions} == set(run.metrics["stance"]["labels"])
    assert all(isinstance(r["repeat"], int) for r in predictions[:50])


def test_tables_are_read_once_and_an_unknown_table_names_those_there_are():
    run = api.load_run(SEEDS_STANCE, as_frame=False)
    assert run.tables["top_ngrams"] is run.tables["top_ngrams"]
    with pytest.raises(KeyError, match="no table of that name .* learning_curve"):
        run.tables["scoress"]


def test_tables_are_dataframes_with_pandas():
    pd = pytest.importorskip("pandas", reason="pandas is an optional extra (pip install -e '.[pandas]')")
    run = api.load_run(SEEDS_STANCE)
    scores = run.tables["scores"]
    assert isinstance(scores, pd.DataFrame) and len(scores) == 64
    assert set(run.tables["predictions"]["label"]) == set(run.metrics["stance"]["labels"])  # "none" not NaN


def test_without_pandas_the_default_is_lists_of_dicts(monkeypatch):
    monkeypatch.setattr(api, "has_pandas", lambda: False)
    assert isinstance(api.load_run(SEEDS_STANCE).tables["learning_curve"], list)


def test_a_damaged_run_is_refused_in_one_line(tmp_path):
    folder = tmp_path / "seeds_stance"
    shutil.copytree(SEEDS_STANCE, folder)
    (folder / "tables" / "scores.csv").write_text("")
    with pytest.raises(SavedRunError, match="tables/scores.csv"):
        api.load_run(folder)


@pytest.mark.slow
def test_the_readme_example_loads_a_run_and_runs_a_config_with_overrides(tmp_path, monkeypatch, capsys):
    """The README's Python block, run as written (its results folder moved into tmp_path)."""
    block = re.search(r"## From Python.*?```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S).group(1)
    assert '"/tmp/results"' in block
    monkeypatch.chdir(ROOT)
    names = {}
    exec(block.replace('"/tmp/results"', repr(str(tmp_path))), names)
    run, new = names["run"], names["new"]
    assert run.name == "seeds_stance" and len(names["scores"]) == 64
    assert new.path == tmp_path / "seeds_topics" and (new.path / "report.md").is_file()
    assert new.config["topics"]["k_max"] == 4 and new.metrics["topics"]["seeds"] == [42, 43]
    ksweep = new.tables["ksweep"]
    ks = list(ksweep["k"]) if not isinstance(ksweep, list) else [r["k"] for r in ksweep]
    assert min(ks) == 2 and max(ks) == 4
    assert new.metrics == json.loads((new.path / "metrics.json").read_text())
    printed = capsys.readouterr().out.splitlines()  # the run's progress lines between the two prints
    assert printed[0] == run.metrics["stance"]["headline_name"]
    assert printed[-1] == f"{new.metrics['topics']['k']['k']} 35"


def test_run_config_reports_a_wrong_key_as_the_command_does(tmp_path):
    with pytest.raises(UserError, match="topics.*n_clustrs"):
        api.run_config(SEEDS_TOPICS, overrides=["topics.n_clustrs=3"], results=tmp_path)
    assert not (tmp_path / "seeds_topics").exists()
