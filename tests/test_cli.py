"""End-to-end tests of the `stancelab` command on the real seeds, in a scratch results folder."""
import csv
import io
import json
import os
import subprocess
import sys

import pytest

from experiments.cli import main
from tests.conftest import DOC_000, DOC_003, ROOT, SEEDS


def stancelab(*args, cwd=ROOT):
    """`stancelab ARGS` as a user runs it, from any folder (the project is found through PYTHONPATH)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return subprocess.run([sys.executable, "-m", "experiments.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600, env=env)


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


@pytest.mark.slow
def test_run_reference_configs_writes_metrics_and_figure(tmp_path):
    assert main(["run", "--results", str(tmp_path), "--quiet"]) == 0
    metrics = json.loads((tmp_path / "seeds_stance" / "metrics.json").read_text())
    assert set(metrics["stance"]["protocols"]) == {"grouped_cv", "repeated_cv"}
    assert (tmp_path / "seeds_stance" / "figures" / "confusion_grouped_cv.png").stat().st_size > 1000
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


@pytest.mark.parametrize("files,message", [
    ({}, "corpus: no article files (*.txt) in this folder; put one article per .txt file in it"),
    ({"photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
     "corpus/photo.txt: binary file (NUL byte at offset 8), not text; remove it from the corpus folder"),
    ({"a.txt": b""}, "corpus/a.txt: empty file (no text); remove it or add its text"),
])
def test_segments_of_a_bad_folder_exits_2_with_one_line(tmp_path, files, message):
    (tmp_path / "corpus").mkdir()
    for name, data in files.items():
        (tmp_path / "corpus" / name).write_bytes(data)
    res = stancelab("segments", "corpus", cwd=tmp_path)
    assert (res.returncode, res.stdout, res.stderr) == (2, "", f"error: {message}\n")


def test_segments_of_a_cp1252_file_prints_the_accents_and_warns(tmp_path):
    (tmp_path / "corpus").mkdir()
    text = "LE MONDE\r\n\r\nLa dissuasion nucléaire – « crédible », a dit M. Lecornu. Fin.\r\n"
    (tmp_path / "corpus" / "a.txt").write_bytes(text.encode("cp1252"))
    res = stancelab("segments", "corpus", cwd=tmp_path)
    assert res.returncode == 0
    assert res.stderr == ("warning: corpus/a.txt:3: not UTF-8 (byte 0xe9); read as cp1252 (Windows) (1 line(s) "
                          "not UTF-8: 3); save it as UTF-8 to silence this warning\n")
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["text"] for r in rows] == ["La dissuasion nucléaire – « crédible », a dit M. Lecornu.", "Fin."]
