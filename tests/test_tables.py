"""Table readers on real text: the UN General Debate passages and the seed sentences written as tables."""
import csv
import dataclasses
import json

import pytest

from features.read.encoding import CorpusError
from features.read.rowcheck import SkippedRowsWarning, checked
from features.read.tables import TableSpec, decade, iter_records, raw_rows, to_record
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
    with pytest.raises(CorpusError, match=r"t\.csv:2: not UTF-8 \(byte 0xe9\) and \[corpus\] encoding = \"utf-8\""):
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


def test_one_cp1252_line_in_a_utf8_table_leaves_every_other_accent_as_written(tmp_path, seed_segments):
    # Issue 18: one Windows line made the whole file cp1252, every valid row mojibake ("prÃ©paratifs").
    rows = [(s.id, s.text) for s in seed_segments if not s.text.isascii()][:12]
    bad = (rows[5][0], "Le ministre a parlé de « dissuasion » – sans préciser.")
    table = [("id", "text"), *rows[:5], bad, *rows[6:]]
    row = lambda r: f'{r[0]},"{r[1].replace(chr(34), 2 * chr(34))}"\r\n'  # noqa: E731 - a CSV line, quoted
    data = b"".join(row(r).encode("cp1252" if r is bad else "utf-8") for r in table)
    (tmp_path / "t.csv").write_bytes(data)
    with pytest.warns(UserWarning, match=r"t\.csv:7: 1 line\(s\) not UTF-8: 7 \(byte 0xe9\); those lines read as "
                                         r"cp1252 \(Windows\), the other lines as UTF-8") as caught:
        records = list(iter_records(tmp_path / "t.csv", TableSpec(id_columns=("id",))))
    assert len([w for w in caught if "UTF-8" in str(w.message)]) == 1  # one warning for the file
    assert [r.text for r in records] == [t for _, t in rows[:5]] + [bad[1]] + [t for _, t in rows[6:]]
    assert not any("Ã" in r.text for r in records)


def test_utf8_policy_refuses_a_table_with_a_cp1252_line(tmp_path, seed_rows):
    path = tmp_path / "t.csv"
    path.write_bytes("id,text\n1,déjà\n".encode() + "2,préparatifs\n".encode("cp1252"))
    with pytest.raises(CorpusError, match=r"t\.csv:3: not UTF-8 \(byte 0xe9\) and \[corpus\] encoding = \"utf-8\""):
        list(iter_records(path, TableSpec(encoding="utf-8")))


@pytest.mark.parametrize("header,column", [("id,label,rationale,label", "label"), ("text,text", "text")])
def test_a_column_named_twice_is_an_error_naming_it_and_the_file(tmp_path, seed_rows, header, column):
    n = len(header.split(","))
    path = write_table(tmp_path / "gold.csv", [header.split(",")] + [(seed_rows[0][2],) * n])
    with pytest.raises(CorpusError, match=rf"gold\.csv:1: column '{column}' appears 2 times in the header"):
        list(iter_records(path, TableSpec(text_columns=(header.split(",")[0] if column == "label" else "text",))))


def test_a_jsonl_key_given_twice_is_an_error_naming_the_line(tmp_path, seed_rows):
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"text": seed_rows[0][2]}) + "\n" + '{"text": "a", "text": "b"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"t\.jsonl:2: key 'text' appears twice"):
        list(iter_records(path, TableSpec()))


@pytest.mark.parametrize("spec", [
    TableSpec(text_columns=("doc", "text"), id_columns=("id", "doc"), label_column="doc", group_column="doc",
              metadata_columns=("doc",), decade_column="year", date_column="year"),
    TableSpec(text_columns=("text",), filter_column="doc", drop_values=("first document",)),
    TableSpec(text_columns=("2",), header=False, id_columns=("0",)),
])
def test_records_read_by_position_equal_records_read_by_name(tmp_path, seed_rows, spec):
    """iter_records builds records from each row's cells by position; to_record reads the row as a dict."""
    rows = [(i, d, t, "1985") for i, d, t in seed_rows]
    if spec.drop_values:  # drop the first seed article's rows
        spec = dataclasses.replace(spec, drop_values=(rows[0][1],))
    path = write_table(tmp_path / "t.csv", ([] if not spec.header else [("id", "doc", "text", "year")]) + rows)
    by_name = [to_record(path, line, row, spec) for line, row in raw_rows(path, spec)
               if not spec.filter_column or row[spec.filter_column] not in spec.drop_values]
    by_position = list(iter_records(path, spec))
    assert by_position == by_name and len(by_position) == (3 if spec.drop_values else len(rows))
    assert by_position[0].text and by_position[-1].line == len(rows) + spec.header
