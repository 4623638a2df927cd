"""`stancelab --version`, `runs`, `compare` and `run --sweep` on the committed runs and on the seeds."""
from __future__ import annotations

import shutil

from experiments.cli import main
from experiments.run.sweep import expand, parse_sweep
from tests.conftest import ROOT

RESULTS = ROOT / "results"


def test_version_prints_the_installed_version(capsys):
    try:
        main(["--version"])
    except SystemExit as done:
        assert done.code == 0
    out = capsys.readouterr().out
    assert out.startswith("stancelab ") and out.split()[1][0].isdigit()


def test_runs_lists_each_committed_run_with_its_headline(capsys, tmp_path):
    for name in ("seeds_stance", "seeds_topics"):
        shutil.copytree(RESULTS / name, tmp_path / name)
    (tmp_path / ".previous").mkdir()  # history is not a run
    assert main(["runs", str(tmp_path)]) == 0
    rows = [[cell.strip() for cell in r.strip("|").split("|")] for r in capsys.readouterr().out.splitlines()[2:]]
    assert sorted(r[0] for r in rows) == ["seeds_stance", "seeds_topics"]
    assert [r[1] for r in rows] == sorted((r[1] for r in rows), reverse=True)  # newest first
    stance, topics = (next(r for r in rows if r[0] == name) for name in ("seeds_stance", "seeds_topics"))
    assert "macro-F1" in stance[4] and "[" in stance[4] and "grouped_cv" in stance[4]
    assert "silhouette" in topics[4] and "ARI between seeds" in topics[4]


def test_runs_on_a_folder_without_runs_says_so(capsys, tmp_path):
    assert main(["runs", str(tmp_path)]) == 0
    assert "no run folder" in capsys.readouterr().out
    assert main(["runs", str(tmp_path / "missing")]) == 2


def test_compare_shows_scores_with_both_intervals_and_the_settings_that_differ(capsys):
    assert main(["compare", str(RESULTS / "seeds_stance"), str(RESULTS / "ungdc_stance")]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("| grouped_cv keyword macro_f1"))
    a, b, diff = [cell.strip() for cell in row.strip("|").split("|")[1:]]
    assert a.count("[") == 1 and b.count("[") == 1
    assert abs(float(b.split()[0]) - float(a.split()[0]) - float(diff)) < 2e-3
    assert "| corpus.language | 'fr' | 'en' |" in out
    assert not any(line.startswith("| k |") for line in out.splitlines())  # two stance runs: no topic k row


def test_a_sweep_value_list_expands_to_named_runs():
    assert parse_sweep("logreg.C=0.1, 1,10") == ("logreg.C", ["0.1", "1", "10"])
    runs = expand(["topics.n_clusters=3,4", "topics.init=random"], "t")
    assert runs == [("t.n_clusters-3.init-random", ["topics.n_clusters=3", "topics.init=random"]),
                    ("t.n_clusters-4.init-random", ["topics.n_clusters=4", "topics.init=random"])]


def test_a_malformed_sweep_is_a_one_line_error(capsys):
    assert main(["run", str(ROOT / "experiments/configs/seeds_topics.toml"), "--sweep", "n_clusters"]) == 2
    assert "--sweep n_clusters: expected section.key=a,b,c" in capsys.readouterr().err


def test_a_sweep_writes_one_run_per_value_and_a_table(capsys, tmp_path):
    config = ROOT / "experiments/configs/seeds_topics.toml"
    argv = ["run", str(config), "--quiet", "--results", str(tmp_path), "--sweep", "topics.n_clusters=3,4",
            "--set", "topics.k_rule=fixed", "--set", "topics.n_seeds=1", "--set", "topics.k_min=2",
            "--set", "topics.k_max=2"]
    assert main(argv) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == \
        ["seeds_topics.n_clusters-3", "seeds_topics.n_clusters-4"]
    table = capsys.readouterr().out
    assert "| seeds_topics.n_clusters-3 | k = 3," in table and "| seeds_topics.n_clusters-4 | k = 4," in table
