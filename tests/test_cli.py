"""End-to-end tests of the `stancelab` command on the real seeds, in a scratch results folder."""
import csv
import io
import json
import subprocess
import sys

from experiments.cli import main
from tests.conftest import DOC_000, DOC_003, ROOT, SEEDS


def stancelab(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "experiments.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600)


def test_help_lists_subcommands():
    out = stancelab("--help").stdout
    assert "run" in out and "segments" in out


def test_segments_of_the_seeds():
    res = stancelab("segments", str(SEEDS))
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows) == 35 and len({r["id"] for r in rows}) == 35
    assert {r["source"] for r in rows if r["doc"] == DOC_000} == {"LE MONDE"}
    assert {r["date"] for r in rows if r["doc"] == DOC_003} == {"2022-10"}
    assert not any(r["text"].startswith("date ") or "Associated Press" in r["text"] for r in rows)


def test_run_reference_configs_writes_metrics_and_figure(tmp_path):
    assert main(["run", "--results", str(tmp_path), "--quiet"]) == 0
    metrics = json.loads((tmp_path / "seeds_stance" / "metrics.json").read_text())
    assert set(metrics["stance"]) == {"leave_one_article_out", "stratified_kfold"}
    assert (tmp_path / "seeds_stance" / "figures" / "confusion_leave_one_article_out.png").stat().st_size > 1000
    terms = (tmp_path / "seeds_topics" / "tables" / "topic_terms.csv").read_text()
    assert "nucléaire" in terms


def test_unknown_config_key_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[experiment]\nname = "x"\n[corpus]\npath = "seeds"\n[topics]\nn_clustres = 3\n')
    res = stancelab("run", str(bad), "--results", str(tmp_path / "out"))
    assert res.returncode == 2
    assert res.stderr.strip().count("\n") == 0
    assert "n_clustres" in res.stderr and "n_clusters" in res.stderr
    assert not (tmp_path / "out").exists()
