"""The README tutorial's configs (experiments/configs/examples/) run as they are written."""
from __future__ import annotations

import csv
import json

import pytest

from experiments.cli import main
from tests.conftest import ROOT

EXAMPLES = ROOT / "experiments" / "configs" / "examples"
UN = ROOT.parent / "shared" / "data" / "ungdc" / "ungdc_nuclear_paragraphs_1946_2024.csv"


@pytest.mark.slow
def test_the_french_article_folder_example_runs(tmp_path):
    assert main(["run", str(EXAMPLES / "articles_fr.toml"), "--quiet", "--results", str(tmp_path)]) == 0
    metrics = json.loads((tmp_path / "example_articles_fr" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["topics"]["n_clusters"] == 4 and metrics["stance"]["n_segments"] == 35
    assert (tmp_path / "example_articles_fr" / "model.skops").is_file()


@pytest.mark.slow
@pytest.mark.skipif(not UN.is_file(), reason="needs ../shared/data/ungdc (the UN General Debate passages)")
def test_the_english_table_example_runs_on_a_part_of_the_table(tmp_path):
    """The config as written, pointed (--set) at the passages of three countries and their labels."""
    ids = lambda r: f"{r['country']}_{r['session']}_{r['year']}_{r['para_idx']}"  # noqa: E731
    with open(UN, encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = [r for r in reader if r["country"] in ("RUS", "PAK", "USA")]
    table, labels = tmp_path / "three.csv", tmp_path / "labels.csv"
    with open(table, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    keep = {ids(r) for r in rows}
    with open(ROOT / "seeds" / "ungdc" / "labels.csv", encoding="utf-8") as f, \
            open(labels, "w", encoding="utf-8", newline="") as g:
        reader = csv.DictReader(f)
        writer = csv.DictWriter(g, fieldnames=reader.fieldnames)
        writer.writeheader()
        writer.writerows(r for r in reader if r["id"] in keep)
    argv = ["run", str(EXAMPLES / "table_en.toml"), "--quiet", "--results", str(tmp_path / "results"),
            "--set", f'corpus.path="{table.as_posix()}"', "--set", f'corpus.annotations="{labels.as_posix()}"',
            "--set", "evaluation.n_splits=3"]
    assert main(argv) == 0
    metrics = json.loads((tmp_path / "results" / "example_table_en" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["stance"]["protocols"]["grouped_cv"]["n_splits"] == 3  # one fold per country
    assert metrics["topics"]["n_segments"] == len(rows)
