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


HEAVY = ("sklearn", "scipy", "pandas", "matplotlib", "skops", "joblib")
IMPORTED = """import runpy, sys
sys.argv = ["stancelab", *sys.argv[1:]]
try:
    runpy.run_module("experiments.cli", run_name="__main__")
except SystemExit:
    pass
print("MODULES", *sorted({m.split(".")[0] for m in sys.modules}))
"""


@pytest.mark.parametrize("args", [["--help"], ["check", "experiments/configs/seeds_topics.toml"]])
def test_start_up_imports_no_scientific_library(args):
    # `stancelab --help` and the check of a topics config read no model: scikit-learn, scipy, pandas and
    # matplotlib would cost seconds of CPU before the first line is printed
    res = subprocess.run([sys.executable, "-c", IMPORTED, *args], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert res.returncode == 0, res.stderr
    modules = set(res.stdout.rsplit("MODULES", 1)[1].split())
    assert "experiments" in modules and not modules & set(HEAVY), modules & set(HEAVY)


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


def seeds_table_config(tmp_path):
    """A CSV table of the seed articles' paragraphs (article, paragraph number, text) and a config naming it."""
    from features.read.documents import read_folder

    with open(tmp_path / "seeds.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["article", "para", "text"])
        writer.writerows([doc.id, number, text] for doc in read_folder(SEEDS) for number, text in doc.paragraphs)
    (tmp_path / "table.toml").write_text('[experiment]\nname = "seeds_table"\n[corpus]\nformat = "table"\n'
                                         'path = "seeds.csv"\nid_columns = ["article", "para"]\n'
                                         'group_column = "article"\n[segments]\nunit = "sentence"\n')
    return tmp_path / "table.toml"


def test_segments_of_a_table_named_by_a_config(tmp_path):
    config = seeds_table_config(tmp_path)
    res = stancelab("segments", "--config", str(config))
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    folder = list(csv.DictReader(io.StringIO(stancelab("segments", str(SEEDS)).stdout)))
    # the same 35 sentences as the article folder, each with an id from its row and its article as group
    assert [r["text"] for r in rows] == [r["text"] for r in folder] and len(rows) == 35
    assert len({r["id"] for r in rows}) == 35 and {r["group"] for r in rows} == {DOC_000, DOC_003}
    assert all(r["id"].startswith(f"{r['group']}_") for r in rows)
    assert list(rows[0])[-1] == "text"
    # the config's unit, or --unit: one segment per row
    paragraphs = list(csv.DictReader(io.StringIO(stancelab("segments", "--config", str(config), "--unit",
                                                           "document").stdout)))
    assert len(paragraphs) == len(csv_rows := list(csv.DictReader(open(tmp_path / "seeds.csv", encoding="utf-8"))))
    assert [p["text"] for p in paragraphs] == [r["text"] for r in csv_rows]


def test_segments_of_a_table_file_says_to_give_a_config(tmp_path):
    seeds_table_config(tmp_path)
    res = stancelab("segments", "seeds.csv", cwd=tmp_path)
    assert res.returncode == 2 and res.stdout == "" and res.stderr.count("\n") == 1
    assert res.stderr.startswith("error: seeds.csv: a file, not a folder") and "--config" in res.stderr
    res = stancelab("segments", "seeds.csv", "--config", "table.toml", cwd=tmp_path)
    assert res.returncode == 2 and "not both" in res.stderr


def test_set_of_a_list_key_takes_a_scalar_or_shows_the_list_syntax(tmp_path):
    from experiments.config import schema as cfg

    stance = ROOT / "experiments" / "configs" / "seeds_stance.toml"
    assert cfg.load(stance).evaluation.protocols == ("grouped_cv", "repeated_cv")
    assert cfg.load(stance, ["evaluation.protocols=grouped_cv"]).evaluation.protocols == ("grouped_cv",)
    assert cfg.load(stance, ["stance.models=sgd"]).stance.models == ("sgd",)
    res = stancelab("run", str(stance), "--set", "evaluation.protocols=grouped_cv,repeated_cv",
                    "--results", str(tmp_path))
    assert res.returncode == 2 and res.stdout == "" and res.stderr.count("\n") == 1 and not list(tmp_path.iterdir())
    suggested = res.stderr.split("--set '")[1].rstrip("'\n")  # the syntax the message shows, pasted back
    assert suggested == 'evaluation.protocols=["grouped_cv", "repeated_cv"]'
    assert cfg.load(stance, [suggested]).evaluation.protocols == ("grouped_cv", "repeated_cv")
    res = stancelab("run", str(stance), "--set", "evaluation.protocols=grouped", "--results", str(tmp_path))
    assert res.returncode == 2 and "'grouped' is not one of" in res.stderr  # a one-item list, checked as such
    help_text = " ".join(stancelab("run", "--help").stdout.split())
    assert """--set 'evaluation.protocols=["grouped_cv", "repeated_cv"]'""" in help_text
