"""`stancelab annotate sample` end to end on the seeds config: sheets, annotator split, sampling record."""
import csv
import json

from tests.conftest import ROOT, SEEDS
from tests.test_cli import stancelab

CONFIG = str(ROOT / "experiments" / "configs" / "seeds_stance.toml")


def read(path):
    return list(csv.DictReader(open(path, encoding="utf-8", newline="")))


def test_random_sheets_for_two_annotators(tmp_path):
    res = stancelab("annotate", "sample", CONFIG, "--n", "10", "--strategy", "random", "--seed", "3",
                    "--annotators", "a,b", "--split", "blocks", "--out", str(tmp_path / "batch1.csv"))
    assert res.returncode == 0, res.stderr
    a, b = read(tmp_path / "batch1_a.csv"), read(tmp_path / "batch1_b.csv")
    assert len(a) == len(b) == 5 and not {r["id"] for r in a} & {r["id"] for r in b}
    assert list(a[0]) == ["id", "doc", "paragraph", "sentence", "source", "date", "text", "label", "note"]
    assert all(r["label"] == "" and r["text"] for r in a + b)
    record = json.loads((tmp_path / "batch1.sampling.json").read_text())
    assert record["ids"] == [r["id"] for r in a + b] and record["seed"] == 3
    again = stancelab("annotate", "sample", CONFIG, "--n", "10", "--strategy", "random", "--seed", "3")
    assert [r["id"] for r in csv.DictReader(again.stdout.splitlines())] == record["ids"]


def test_uncertainty_sheet_excludes_and_learns_from_labelled_rows(tmp_path):
    rows = read(SEEDS / "annotations.csv")[:20]
    labelled = tmp_path / "batch1_a.csv"
    with open(labelled, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    res = stancelab("annotate", "sample", CONFIG, "--n", "5", "--strategy", "uncertainty", "--exclude",
                    str(labelled), "--out", str(tmp_path / "u.csv"), "--set", "annotate.uncertainty=\"margin\"")
    assert res.returncode == 0, res.stderr
    drawn = {r["id"] for r in read(tmp_path / "u.csv")}
    assert len(drawn) == 5 and not drawn & {r["id"] for r in rows}
    record = json.loads((tmp_path / "u.sampling.json").read_text())
    assert record["n_training_labels"] == 20 and record["measure"] == "margin"
    assert all(0 <= c <= 1 for c in record["confidence"])


def test_stratified_without_a_column_and_foreign_ids_are_user_errors(tmp_path):
    res = stancelab("annotate", "sample", CONFIG, "--n", "4", "--strategy", "stratified")
    assert res.returncode == 2 and "stratify_by" in res.stderr and res.stderr.count("\n") == 1
    foreign = stancelab("annotate", "sample", CONFIG, "--n", "4", "--strategy", "random", "--exclude",
                        str(ROOT / "seeds" / "ungdc" / "labels" / "batch1_a.csv"))
    assert foreign.returncode == 2 and "match no passage" in foreign.stderr


def test_second_pass_sheet_has_text_and_no_labels(tmp_path):
    res = stancelab("annotate", "second-pass", CONFIG, str(SEEDS / "annotations.csv"), "--fraction", "0.2",
                    "--seed", "1", "--out", str(tmp_path / "second.csv"))
    assert res.returncode == 0, res.stderr
    rows = read(tmp_path / "second.csv")
    assert len(rows) == 7 and {r["id"] for r in rows} <= {r["id"] for r in read(SEEDS / "annotations.csv")}
    assert all(r["text"] and r["label"] == "" for r in rows)


def test_un_config_reproduces_batches_1_and_2_from_the_command_line(tmp_path):
    """The UN config reads the shared CSV with the table reader; the command redraws batches 1 and 2 exactly."""
    from tests.annotate_helpers import LABELS_DIR, UN_CSV, batch_ids
    from tests.conftest import shared_data

    un = ["--set", f"corpus.path={shared_data(*UN_CSV)}"]
    config = str(ROOT / "experiments" / "configs" / "ungdc_stance.toml")
    res = stancelab("annotate", "sample", config, "--n", "300", "--strategy", "random", "--seed", "2026",
                    "--annotators", "a,b", "--split", "blocks", "--out", str(tmp_path / "batch1.csv"), *un)
    assert res.returncode == 0, res.stderr
    for name in ("a", "b"):
        rows = read(tmp_path / f"batch1_{name}.csv")
        assert [r["id"] for r in rows] == batch_ids(f"batch1_{name}")
        assert list(rows[0]) == ["id", "country", "year", "text", "label", "note"]
    res = stancelab("annotate", "sample", config, "--n", "300", "--strategy", "stratified", "--seed", "2027",
                    "--exclude", str(LABELS_DIR / "batch1_a.csv"), str(LABELS_DIR / "batch1_b.csv"),
                    "--annotators", "a,b", "--out", str(tmp_path / "batch2.csv"), *un)
    assert res.returncode == 0, res.stderr
    assert [r["id"] for r in read(tmp_path / "batch2_a.csv")] == batch_ids("batch2_a")
    assert [r["id"] for r in read(tmp_path / "batch2_b.csv")] == batch_ids("batch2_b")
