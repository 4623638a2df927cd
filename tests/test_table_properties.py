"""Property-based tests (hypothesis) of every table reader: CSV, TSV and JSONL with arbitrary headers, cells
and encodings (UTF-8, with BOM, cp1252, UTF-8 with some cp1252 lines, UTF-16).

Whatever the table, a reader either reads it faithfully (every row, every cell, as written) or refuses it
with a one-line CorpusError that starts with the file's name; it never crashes. The expected rows are
computed here from what was written, independently of the reader: cells as written with line ends as LF,
blank rows left out, a line that is not UTF-8 decoded as cp1252.
"""
import csv
import io
import json
import tempfile
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from experiments.annotate.records import read_label_rows
from experiments.corpus.data import read_annotations
from features.read.encoding import CorpusError
from features.read.tables import TableSpec, raw_rows

CHARS = st.characters(blacklist_categories=("Cs",))  # lone surrogates cannot be written in any encoding
PIECES = st.one_of(st.text(CHARS, max_size=8), st.sampled_from(["é", "’", "«", " ", "\n", "\r\n", ",", "\t", '"',
                                                               "préparatifs", "", "text", "id", "label"]))
CELL = st.lists(PIECES, max_size=4).map("".join)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "mixed", "utf-16", "utf-16-le"])
PROPERTY = settings(max_examples=250, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@st.composite
def tables(draw):
    """(header, rows) with rows as long as the header: names may repeat, be blank, hold anything."""
    width = draw(st.integers(1, 4))
    header = draw(st.lists(st.one_of(st.sampled_from(["id", "text", "label", " text "]), CELL),
                           min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(CELL, min_size=width, max_size=width), max_size=5))
    return header, rows


def encode_lines(text: str, encoding: str, cp1252_lines: set[int]) -> bytes | None:
    """`text` encoded; "mixed": UTF-8 but for the physical lines in `cp1252_lines`. None if not encodable."""
    try:
        if encoding != "mixed":
            return text.encode(encoding)
        lines = text.split("\n")
        return b"\n".join(ln.encode("cp1252" if k in cp1252_lines else "utf-8") for k, ln in enumerate(lines))
    except UnicodeEncodeError:
        return None


def expected_text(data: bytes, encoding: str) -> str:
    """What a faithful reader sees: each line UTF-8 (BOM removed), else cp1252; line ends as LF."""
    if encoding == "cp1252":
        text = data.decode("cp1252")
    else:
        lines = data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
        decoded = []
        for line in lines:
            try:
                decoded.append(line.decode("utf-8"))
            except UnicodeDecodeError:
                decoded.append(line.decode("cp1252", errors="replace"))
        text = "\n".join(decoded)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_or_refuse(path: Path, reader):
    """(rows, None) or (None, error); any other exception fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the encoding warning is tested in test_encoding.py
        try:
            return reader(path), None
        except CorpusError as err:
            message = str(err)
            assert "\n" not in message and message.startswith(str(path)), message
            return None, err


@PROPERTY
@given(table=tables(), encoding=ENCODINGS, suffix=st.sampled_from([".csv", ".tsv"]),
       cp1252_lines=st.sets(st.integers(0, 12), max_size=3))
def test_any_csv_or_tsv_is_read_faithfully_or_refused_in_one_line(table, encoding, suffix, cp1252_lines):
    header, rows = table
    out = io.StringIO()
    csv.writer(out, delimiter="," if suffix == ".csv" else "\t", lineterminator="\n").writerows([header, *rows])
    data = encode_lines(out.getvalue(), encoding, cp1252_lines)
    if data is None:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "t" + suffix)
        path.write_bytes(data)
        got, err = read_or_refuse(path, lambda p: [row for _, row in raw_rows(p, TableSpec())])
    names = [h.strip() for h in header]
    if encoding.startswith("utf-16") and (got is None or data.count(b"\x00")):
        assert err is not None and "UTF-16" in str(err) or got is not None, err
        return
    if err is not None:  # the only refusals of a table csv.writer wrote: a name twice, a NUL, a field
        why = str(err)  # csv cannot read back (a lone CR/NUL), or bytes that look binary
        assert "appears" in why and len(set(names)) < len(names) or "binary" in why or "NUL" in why \
            or "UTF-16" in why or "new-line" in why or "expected" in why, why
        return
    assert len(set(names)) == len(names)  # a repeated name is never read silently
    reread = list(csv.reader(io.StringIO(expected_text(data, encoding)),
                             delimiter="," if suffix == ".csv" else "\t"))
    want = [dict(zip(names, cells, strict=True)) for cells in reread[1:] if any(c.strip() for c in cells)]
    assert got == want


@PROPERTY
@given(objects=st.lists(st.lists(st.tuples(st.sampled_from(["id", "text", "doc"]), CELL), max_size=4), max_size=5),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]), ascii_only=st.booleans())
def test_any_jsonl_is_read_faithfully_or_refused_in_one_line(objects, encoding, ascii_only):
    lines = ["{" + ", ".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=ascii_only)}" for k, v in pairs) + "}"
             for pairs in objects]
    data = encode_lines("\n".join(lines) + "\n", encoding, set())
    if data is None:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "t.jsonl")
        path.write_bytes(data)
        got, err = read_or_refuse(path, lambda p: [row for _, row in raw_rows(p, TableSpec())])
    if err is not None:
        assert "appears twice" in str(err) and any(len({k for k, _ in p}) < len(p) for p in objects) \
            or "UTF-16" in str(err) or encoding == "cp1252", err
        return
    assert got == [dict(pairs) for pairs in objects if len({k for k, _ in pairs}) == len(pairs)]
    assert all(len({k for k, _ in p}) == len(p) for p in objects)


@PROPERTY
@given(table=tables(), encoding=ENCODINGS)
def test_label_file_readers_read_or_refuse_in_one_line(table, encoding):
    header, rows = table
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    data = encode_lines(out.getvalue(), encoding, {1})
    if data is None:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "labels.csv")
        path.write_bytes(data)
        sheet, _ = read_or_refuse(path, read_label_rows)
        annotations, _ = read_or_refuse(path, lambda p: read_annotations(p, ["deterrence", "none"]))
    if sheet is not None:  # read: then no column was named twice (DictReader would keep the last)
        assert len(set(header)) == len(header) and "id" in header
    if annotations is not None:
        assert len({h.strip() for h in header}) == len(header)
