"""One way to write outputs (features/atomic.py): never over an input, never half, never over work.

`predict` and the annotate commands refuse an output that is one of their inputs before any work, keep
an existing --out when a later input fails, name the file on a full disk, and `annotate sample` does not
replace a sheet holding labels without --force. Every test checks that the files are unchanged afterwards.
"""
import contextlib
import csv
import errno
import io
import shutil
from unittest import mock

import pytest

from experiments.cli import main
from features.atomic import atomic_write
from tests.conftest import ROOT, SEEDS

MODEL = ROOT / "results" / "seeds_stance" / "model.skops"
CONFIG = str(ROOT / "experiments" / "configs" / "seeds_stance.toml")
NEW = ("id,text\nq-17,La Russie menace d'utiliser l'arme nucléaire.\n"
       "007,Aucune preuve de préparatifs nucléaires n'a été observée.\n")


def snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: "), err
    return err.strip()


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "new.csv"
    path.write_text(NEW, encoding="utf-8")
    return path


@pytest.mark.parametrize("option", ["--out", "--summary"])
def test_predict_refuses_an_output_that_is_an_input(option, table, tmp_path, capsys):
    before = snapshot(tmp_path)
    args = ["predict", str(MODEL), str(table), option, str(table)]
    assert main(args + (["--out", str(tmp_path / "p.csv")] if option == "--summary" else [])) == 2
    assert error_line(capsys) == (f"error: {table}: given as {option} but it is also an input; writing it would "
                                  f"destroy it; give another {option} file")
    assert snapshot(tmp_path) == before


def test_predict_keeps_an_existing_out_when_a_later_input_fails(table, tmp_path, capsys):
    out = tmp_path / "pred.csv"
    assert main(["predict", str(MODEL), str(table), "--out", str(out), "--quiet"]) == 0
    before = snapshot(tmp_path)
    bad = tmp_path / "later.csv"
    bad.write_text("id,body\n1,Un texte.\n", encoding="utf-8")
    before[bad.name] = bad.read_bytes()
    assert main(["predict", str(MODEL), str(table), str(bad), "--out", str(out)]) == 2
    assert "no 'text' column" in error_line(capsys)
    assert snapshot(tmp_path) == before  # pred.csv and its summary as they were, no temporary file left


class _Full(io.TextIOBase):
    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")


@contextlib.contextmanager
def full_disk(folder):
    """Writing any file of `folder` (or an open descriptor, as a temporary file is opened) hits ENOSPC."""
    real_open = io.open

    def open_(file, mode="r", *args, **kwargs):
        ours = isinstance(file, int) or str(file).startswith(str(folder))
        if ours and ("w" in mode or "a" in mode):
            real_open(file, mode, *args, **kwargs).close()
            return _Full()
        return real_open(file, mode, *args, **kwargs)

    with mock.patch("io.open", open_), mock.patch("builtins.open", open_):
        yield


def test_predict_on_a_full_disk_names_the_file_and_leaves_no_half_file(table, tmp_path, capsys):
    out = tmp_path / "out" / "pred.csv"
    out.parent.mkdir()
    out.write_text("id,label\nold,none\n", encoding="utf-8")
    with full_disk(out.parent):
        assert main(["predict", str(MODEL), str(table), "--out", str(out)]) == 2
    assert error_line(capsys) == f"error: {out}: disk full (no space left on device); free some space and run again"
    assert snapshot(out.parent) == {"pred.csv": b"id,label\nold,none\n"}


def test_atomic_write_removes_its_temporary_file_on_failure(tmp_path):
    with pytest.raises(RuntimeError), atomic_write(tmp_path / "a.csv") as f:
        f.write("half")
        raise RuntimeError
    assert not any(tmp_path.iterdir())


def test_atomic_write_gives_the_permissions_a_plain_open_gives(tmp_path):
    with open(tmp_path / "plain.csv", "w") as f:
        f.write("id\n")
    with atomic_write(tmp_path / "atomic.csv") as f:
        f.write("id\n")
    assert (tmp_path / "atomic.csv").stat().st_mode == (tmp_path / "plain.csv").stat().st_mode
    (tmp_path / "atomic.csv").chmod(0o640)
    with atomic_write(tmp_path / "atomic.csv") as f:  # a replaced file keeps its own permissions
        f.write("id\n")
    assert (tmp_path / "atomic.csv").stat().st_mode & 0o777 == 0o640


def fill(sheet, labels):
    """Fill a sheet's label column from the seed annotations, as an annotator would."""
    rows = list(csv.DictReader(open(sheet, encoding="utf-8", newline="")))
    for r in rows:
        r["label"] = labels.get(r["id"], "none")
    with open(sheet, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_sample_does_not_replace_a_sheet_holding_labels_without_force(tmp_path, capsys):
    sheet = tmp_path / "batch1.csv"
    draw = ["annotate", "sample", CONFIG, "--n", "6", "--strategy", "random", "--out", str(sheet)]
    assert main([*draw, "--seed", "1"]) == 0
    gold = {r["id"]: r["label"] for r in csv.DictReader(open(SEEDS / "annotations.csv", encoding="utf-8"))}
    fill(sheet, gold)
    before = snapshot(tmp_path)
    capsys.readouterr()
    assert main([*draw, "--seed", "2"]) == 2
    assert error_line(capsys) == (f"error: {sheet}: holds 6 filled label or note cell(s); a new sheet would replace "
                                  "them: give another --out, or add --force to replace it")
    assert snapshot(tmp_path) == before
    assert main([*draw, "--seed", "2", "--force"]) == 0
    assert all(r["label"] == "" for r in csv.DictReader(open(sheet, encoding="utf-8")))


def test_sample_refuses_an_annotator_named_twice(tmp_path, capsys):
    assert main(["annotate", "sample", CONFIG, "--n", "6", "--strategy", "random", "--annotators", "a,a",
                 "--out", str(tmp_path / "b.csv")]) == 2
    assert error_line(capsys).startswith("error: --annotators: 'a' named twice")
    assert not any(tmp_path.iterdir())


def test_sample_and_second_pass_refuse_to_write_over_their_inputs(tmp_path, capsys):
    labels = tmp_path / "batch1_a.csv"
    shutil.copy(SEEDS / "annotations.csv", labels)
    before = snapshot(tmp_path)
    assert main(["annotate", "second-pass", CONFIG, str(labels), "--out", str(labels)]) == 2
    assert "given as --out but it is also an input" in error_line(capsys)
    assert main(["annotate", "sample", CONFIG, "--n", "3", "--strategy", "random", "--exclude", str(labels),
                 "--out", str(labels), "--force"]) == 2
    assert "given as --out but it is also an input" in error_line(capsys)
    assert snapshot(tmp_path) == before


def test_merge_and_agree_refuse_to_write_over_an_input(tmp_path, capsys):
    for name in ("batch1_a.csv", "batch1_b.csv"):
        shutil.copy(SEEDS / "ungdc" / "labels" / name, tmp_path / name)
    a, b = tmp_path / "batch1_a.csv", tmp_path / "batch1_b.csv"
    before = snapshot(tmp_path)
    assert main(["annotate", "merge", str(a), str(b), "--out", str(b)]) == 2
    assert error_line(capsys).startswith(f"error: {b}: given as --out but it is also an input")
    assert main(["annotate", "agree", str(a), str(b), "--json", str(a)]) == 2
    assert error_line(capsys).startswith(f"error: {a}: given as --json but it is also an input")
    assert snapshot(tmp_path) == before
    assert main(["annotate", "merge", str(a), str(b), "--out", str(tmp_path / "all.csv")]) == 0
    assert (tmp_path / "all.csv").read_text(encoding="utf-8").startswith("id,label,rationale,batch,annotator\n")
