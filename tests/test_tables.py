"""Table readers on real text: the UN General Debate passages and the seed sentences written as tables."""
import csv
import json

import pytest

from features.read.encoding import CorpusError
from features.read.rowcheck import SkippedRowsWarning, checked
from features.read.tables import TableSpec, decade, iter_records
from tests.conftest import shared_data

UN_SPEC = TableSpec(id_columns=("country", "session", "year", "para_idx"), group_column="country",
                    metadata_columns=("country", "year"), decade_column="year", date_column="year")


def write_table(path, rows, delimiter=",", encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return path


@pytest.fixture
def seed_rows(seed_segments):
    return [(s.id, s.doc, s.text) for s in seed_segments[:3] + seed_segments[-3:]]


@pytest.mark.shared
def test_un_passages_ids_groups_and_decades():
    records = list(iter_records(shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv"), UN_SPEC))
    assert len(records) == 17080
    assert records[0].id == "FRA_1_1946_18" and records[0].group == "FRA" and records[0].line == 2
    assert records[0].metadata == {"country": "FRA", "year": "1946", "decade": "1940s"}
    assert len({r.id for r in records}) == 17080
    assert {r.metadata["decade"] for r in records} >= {"1940s", "1980s", "2020s"}


def test_multiline_cells_keep_the_line_where_each_row_starts(tmp_path, seed_rows):
    rows = [("id", "doc", "text"), (seed_rows[0][0], seed_rows[0][1], seed_rows[0][2] + "\n\n" + seed_rows[1][2]),
            seed_rows[2]]
    records = list(iter_records(write_table(tmp_path / "t.csv", rows), TableSpec(id_columns=("id",))))
    assert [r.line for r in records] == [2, 5]
    assert records[1].id == seed_rows[2][0] and records[1].text == seed_rows[2][2]


def test_tsv_cp1252_without_header(tmp_path, seed_rows):
    path = write_table(tmp_path / "t.tsv", [(d, t) for _, d, t in seed_rows], "\t", "cp1252")
    spec = TableSpec(header=False, columns=("doc", "text"), group_column="doc", encoding="cp1252", quoting="none")
    records = list(iter_records(path, spec))
    assert [r.text for r in records] == [t for _, _, t in seed_rows]
    assert records[0].id == "t:1" and records[0].group == seed_rows[0][1]
    assert any("’" in r.text or "é" in r.text for r in records)  # cp1252 letters decoded, not mangled


def test_wrong_encoding_names_the_file(tmp_path, seed_rows):
    path = write_table(tmp_path / "t.csv", [("id", "doc", "text")] + seed_rows, encoding="cp1252")
    with pytest.raises(CorpusError, match=r"t\.csv: not utf-8"):
        list(iter_records(path, TableSpec(encoding="utf-8")))
    with pytest.warns(UserWarning, match="read as cp1252"):  # "auto" falls back with a warning
        assert len(list(iter_records(path, TableSpec()))) == 6


def test_jsonl_and_bad_json_line(tmp_path, seed_rows):
    lines = [json.dumps({"id": i, "text": t, "year": 2022}, ensure_ascii=False) for i, _, t in seed_rows]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = list(iter_records(path, TableSpec(id_columns=("id",), decade_column="year")))
    assert [r.id for r in records] == [i for i, _, _ in seed_rows] and records[0].metadata["decade"] == "2020s"
    path.write_text(lines[0] + "\n{oops\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"t\.jsonl:2: not valid JSON"):
        list(iter_records(path, TableSpec()))


def test_missing_column_and_ragged_row(tmp_path, seed_rows):
    path = write_table(tmp_path / "t.csv", [("id", "doc", "text")] + seed_rows)
    with pytest.raises(CorpusError, match=r"t\.csv:2: no column 'stance'"):
        list(iter_records(path, TableSpec(label_column="stance")))
    path.write_text("id,text\na,b,c\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"t\.csv:2: 3 cells but 2 columns"):
        list(iter_records(path, TableSpec()))


def test_rows_kept_or_dropped_by_a_column(tmp_path, seed_rows):
    path = write_table(tmp_path / "t.csv", [("id", "doc", "text")] + seed_rows)
    doc = seed_rows[0][1]
    kept = list(iter_records(path, TableSpec(filter_column="doc", keep_values=(doc,))))
    dropped = list(iter_records(path, TableSpec(filter_column="doc", drop_values=(doc,))))
    assert len(kept) == 3 and len(dropped) == 3 and all(r.text for r in kept)


def test_invalid_rows_reported_with_line_numbers(tmp_path, seed_rows):
    rows = [("id", "label", "text"), ("a", "none", seed_rows[0][2]), ("b", "none", "  "),
            ("c", "deterence", seed_rows[1][2]), ("a", "none", seed_rows[2][2])]
    records = list(iter_records(write_table(tmp_path / "t.csv", rows), TableSpec(id_columns=("id",),
                                                                                  label_column="label")))
    labels = ["deterrence", "none"]
    with pytest.raises(CorpusError, match=r"3 invalid row\(s\): \S*t\.csv:3 empty text; \S*t\.csv:4 label "
                                          r"'deterence' not in deterrence, none; \S*t\.csv:5 duplicate id 'a'"):
        checked(records, labels, "error")
    with pytest.warns(SkippedRowsWarning, match=r"skipped 3 invalid row\(s\)"):
        assert [r.line for r in checked(records, labels, "skip")] == [2]


def test_decade():
    assert decade("1987") == "1980s" and decade("2022-10") == "2020s" and decade("") == ""
