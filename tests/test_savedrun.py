"""`plot`, `report` and `verify` check the saved run first (experiments/run/savedrun.py): a run folder with
tables missing, emptied or truncated, or a damaged metrics.json, is refused in one line naming the files,
exit 2, and nothing in it is rewritten (before: part of the figures redrawn, a shorter report, exit 0, or
a traceback; `verify` found a damaged metrics.json only after a full rerun)."""
import json
import shutil

import pytest

from experiments.cli import main
from experiments.run import runner, savedrun
from tests.conftest import ROOT

CONFIG = (f'[experiment]\nname = "seeds_topics"\n[corpus]\npath = "{ROOT / "seeds"}"\n'
          '[topics]\nn_clusters = 4\nn_init = 1\n')


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("saved")
    (folder / "t.toml").write_text(CONFIG, encoding="utf-8")
    assert main(["run", str(folder / "t.toml"), "--results", str(folder / "results"), "--quiet"]) == 0
    return folder / "results" / "seeds_topics"


@pytest.fixture
def run_dir(saved, tmp_path):
    return shutil.copytree(saved, tmp_path / "seeds_topics")


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def refused(capsys, argv, *names) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err, err
    assert all(name in err for name in names), err
    return err


def test_the_run_records_every_table_it_wrote(saved):
    assert savedrun.check(saved) == saved
    record = json.loads((saved / "manifest.json").read_text())["tables"]
    assert record == savedrun.table_record(saved) and "tables/ksweep.csv" in record


@pytest.mark.parametrize("command", ["plot", "report"])
def test_a_run_without_its_tables_is_refused(command, run_dir, capsys):
    shutil.rmtree(run_dir / "tables")
    before = snapshot(run_dir)
    err = refused(capsys, [command, str(run_dir)], f"{run_dir}: tables missing or changed since the run",
                  "tables/ksweep.csv (missing)", "tables/topic_terms.csv (missing)")
    assert "rerun it with `stancelab run`" in err
    assert snapshot(run_dir) == before  # no figure redrawn, report.md as it was


@pytest.mark.parametrize("command", ["plot", "report"])
def test_an_emptied_or_truncated_table_is_refused(command, run_dir, capsys):
    (run_dir / "tables" / "topic_terms.csv").write_bytes(b"")
    ksweep = run_dir / "tables" / "ksweep.csv"
    ksweep.write_bytes(ksweep.read_bytes()[: len(ksweep.read_bytes()) // 2])
    before = snapshot(run_dir)
    refused(capsys, [command, str(run_dir)], "tables/ksweep.csv (changed)", "tables/topic_terms.csv (empty)")
    assert snapshot(run_dir) == before


@pytest.mark.parametrize("command", ["plot", "report", "verify"])
def test_a_corrupt_metrics_json_is_refused_before_any_work(command, run_dir, capsys, monkeypatch):
    def no_rerun(*args, **kwargs):
        raise AssertionError("verify reran a run whose metrics.json cannot be read")

    monkeypatch.setattr(runner, "run", no_rerun)
    metrics = run_dir / "metrics.json"
    metrics.write_bytes(metrics.read_bytes()[:100])
    before = snapshot(run_dir)
    refused(capsys, [command, str(run_dir)], f"{metrics}: not readable (", "the run folder is damaged")
    assert snapshot(run_dir) == before


def test_a_run_saved_before_the_record_is_checked_for_empty_tables(run_dir, capsys):
    manifest = json.loads((run_dir / "manifest.json").read_text())
    del manifest["tables"]
    (run_dir / "manifest.json").write_text(json.dumps(manifest))
    assert savedrun.check(run_dir) == run_dir
    (run_dir / "tables" / "ksweep.csv").write_bytes(b"")
    refused(capsys, ["plot", str(run_dir)], "tables/ksweep.csv (empty)")


def test_an_intact_run_is_plotted_and_reported(run_dir, capsys):
    assert main(["plot", str(run_dir), "--quiet"]) == 0 and main(["report", str(run_dir), "--quiet"]) == 0
    assert not list(run_dir.rglob(".*.tmp"))  # every figure renamed into place
