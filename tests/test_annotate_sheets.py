"""Checking filled sheets and merging batch label files, on the committed UN label files."""
import csv
import shutil

import pytest

from experiments.annotate.merge import batch_and_annotator, merge_rows
from experiments.annotate.sheets import check_sheet, label_problem, write_sheet
from experiments.config.schema import LABELS
from features.read.encoding import CorpusError
from tests.annotate_helpers import LABELS_DIR, batch_ids
from tests.test_cli import stancelab


def test_committed_batch_files_pass_the_check():
    for name in ("batch1_a", "batch1_b"):
        counts, errors = check_sheet(LABELS_DIR / f"{name}.csv", LABELS)
        assert errors == [] and sum(counts.values()) == 150 and set(counts) <= set(LABELS)


def spoil(tmp_path):
    """A copy of batch1_a.csv with a capitalised label (line 5), an empty label (line 9), a duplicate id."""
    rows = list(csv.reader(open(LABELS_DIR / "batch1_a.csv", encoding="utf-8", newline="")))
    rows[4][1], rows[8][1] = "Deterrence", ""
    rows.append(rows[2])  # line 152 repeats the id of line 3
    path = tmp_path / "batch9_x.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return path


def test_check_reports_every_problem_with_its_line(tmp_path):
    counts, errors = check_sheet(spoil(tmp_path), LABELS)
    assert [e.split(": ", 1)[0].rsplit(":", 1)[1] for e in errors] == ["5", "9", "152"]
    assert "did you mean 'deterrence'" in errors[0] and "no label" in errors[1]
    assert "duplicate id" in errors[2] and "first on line 3" in errors[2]
    assert sum(counts.values()) == 149


def test_check_command_exits_2_with_one_line_per_error(tmp_path):
    res = stancelab("annotate", "check", str(spoil(tmp_path)))
    assert res.returncode == 2 and res.stdout == ""
    assert len(res.stderr.strip().splitlines()) == 3
    ok = stancelab("annotate", "check", str(LABELS_DIR / "batch1_b.csv"))
    assert ok.returncode == 0 and "ok, 150 rows" in ok.stdout


def test_label_problem_suggests_the_nearest_label():
    assert label_problem("none", LABELS) is None
    assert "did you mean 'reassurance'" in label_problem("reasurance", LABELS)
    assert "use one of" in label_problem("peace", LABELS)


def test_written_sheet_has_empty_label_and_note_columns(tmp_path):
    records = [{"id": "FRA_1_1946_18", "country": "FRA", "year": "1946", "session": "1", "text": "A, \"b\"\nc.",
                "label": "escalation"}]  # a corpus with a label column: the sheet must not show it
    write_sheet(tmp_path / "s.csv", records, [0], ["country", "year"])
    rows = list(csv.DictReader(open(tmp_path / "s.csv", encoding="utf-8", newline="")))
    assert list(rows[0]) == ["id", "country", "year", "text", "label", "note"]
    assert rows[0]["text"] == "A, \"b\"\nc." and rows[0]["label"] == rows[0]["note"] == ""
    write_sheet(tmp_path / "all.csv", records, [0], [])
    assert open(tmp_path / "all.csv", encoding="utf-8").readline().strip() == "id,country,year,session,text,label,note"


def test_merge_keeps_labels_and_adds_batch_and_annotator(tmp_path):
    rows = merge_rows([LABELS_DIR / "batch1_a.csv", LABELS_DIR / "batch1_b.csv"], LABELS)
    assert [r["id"] for r in rows] == batch_ids("batch1_a") + batch_ids("batch1_b")
    original = {r["id"]: r["label"] for f in ("batch1_a", "batch1_b")
                for r in csv.DictReader(open(LABELS_DIR / f"{f}.csv", encoding="utf-8", newline=""))}
    assert {r["id"]: r["label"] for r in rows} == original
    assert {(r["batch"], r["annotator"]) for r in rows} == {("1", "a"), ("1", "b")}
    assert batch_and_annotator("batch5_uncertainty_b.csv") == ("5_uncertainty", "b")
    assert batch_and_annotator("batch6_flagged_census.csv") == ("6_flagged_census", "")
    with pytest.raises(CorpusError, match="name a batch label file"):
        batch_and_annotator("labels_1to3.csv")
    copy = shutil.copy(LABELS_DIR / "batch1_a.csv", tmp_path / "batch5_z.csv")
    with pytest.raises(CorpusError, match="batch5_z.csv:2: id 'YEM_46_1991_14' is already labelled"):
        merge_rows([LABELS_DIR / "batch1_a.csv", copy], LABELS)


def test_committed_merged_file_is_the_merge_of_the_batch_files():
    """seeds/ungdc/labels.csv must be regenerated (annotate merge) whenever a batch file changes."""
    merged = list(csv.DictReader(open(LABELS_DIR.parent / "labels.csv", encoding="utf-8", newline="")))
    batches = sorted({r["batch"] for r in merged})
    files = sorted(p for p in LABELS_DIR.glob("batch*_*.csv") if batch_and_annotator(p)[0] in batches)
    assert merged == merge_rows(files, LABELS)
    assert len(merged) >= 600
