"""CSV, TSV and JSONL tables -> records (id, text, label, group, split, metadata), with line numbers.

Researchers bring corpora as spreadsheets and dumps. A `TableSpec` maps the table's columns onto what
stancelab reads; every record keeps the line where it starts so that a bad row can be named. Rows are
read lazily (`iter_records`), so a table of a million rows can be streamed in chunks.
"""
from __future__ import annotations

import codecs
import contextlib
import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from features.read.columns import check_columns, check_header, named_columns
from features.read.encoding import MIXED, CorpusError, decode_line, raw_lines, sniff
from features.read.jsonl import jsonl_rows

csv.field_size_limit(2**31 - 1)  # whole speeches fit in one cell
DELIMITERS = {".csv": ",", ".tsv": "\t", ".tab": "\t", ".txt": "\t"}
JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class TableSpec:
    """Which columns hold what; the fields mirror the table keys of the config's [corpus] section."""

    text_columns: tuple[str, ...] = ("text",)
    label_column: str = ""
    id_columns: tuple[str, ...] = ()
    id_separator: str = "_"
    group_column: str = ""
    split_column: str = ""
    date_column: str = ""
    source_column: str = ""
    metadata_columns: tuple[str, ...] = ()
    decade_column: str = ""
    filter_column: str = ""
    keep_values: tuple[str, ...] = ()
    drop_values: tuple[str, ...] = ()
    encoding: str = "auto"
    delimiter: str = ""
    header: bool = True
    columns: tuple[str, ...] = ()
    quoting: str = "standard"


@dataclass
class Record:
    """One row of a table: what the segmenter and the models need, and where it came from."""

    id: str
    text: str
    line: int
    origin: str = ""  # the file the record came from, for messages
    label: str = ""
    group: str = ""
    split: str = ""
    date: str = ""
    source: str = ""
    metadata: dict[str, str] = field(default_factory=dict)


def decade(value: str) -> str:
    """The decade of a year or of a date that starts with one.

    >>> decade("1987")
    '1980s'
    >>> decade("2022-10")
    '2020s'
    """
    digits = value.strip()[:4]
    return f"{int(digits) // 10 * 10}s" if digits.isdigit() else ""


def _text_stream(path: Path, encoding: str):
    """The file as lines of text: "auto" is UTF-8, a line that is not as cp1252 (one warning, as for
    articles); "utf-8" refuses a line that is not, naming it; else the codec given.

    "auto" checks the encoding in one streamed pass (`sniff`) and then reads the file lazily, with line
    ends translated to LF as `decode_bytes` does, so a table of a million rows never sits whole in memory.
    Illustration: next(_text_stream(Path("t.csv"), "auto"))  for t.csv = b"id,text\r\n" -> "id,text\n"
    """
    if encoding.lower().replace("_", "-") in ("auto", "utf-8", "utf8", "utf-8-sig"):
        chosen = sniff(path, "auto" if encoding == "auto" else "utf-8")
        if chosen == MIXED:
            return contextlib.closing(_mixed_lines(path))
        # newline=None: CRLF and CR become LF, inside quoted cells too, as decode_bytes made them.
        return open(path, encoding=chosen, errors="strict", newline=None)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise CorpusError(f"{path}: unknown encoding '{encoding}'; use e.g. utf-8, latin-1, cp1252") from None
    return open(path, encoding=encoding, errors="strict", newline="")


def _mixed_lines(path: Path) -> Iterator[str]:
    """The lines of a file that is UTF-8 but for some lines, each decoded on its own (`decode_line`), with
    LF line ends (a table row may span lines: its quoted cells keep their line breaks).

    Illustration: list(_mixed_lines(p)) for p = b"id,text\r\n1,caf\xe9\r\n2,d\xc3\xa9j\xc3\xa0\r\n"
             -> ["id,text\n", "1,café\n", "2,déjà\n"]
    """
    held = None
    for number, line in enumerate(raw_lines(path)):
        text = decode_line(line)[0]
        if held is not None:
            yield held + "\n"
        held = text.removeprefix("\ufeff") if number == 0 else text
    if held:
        yield held


def raw_rows(path: str | Path, spec: TableSpec) -> Iterator[tuple[int, dict[str, str]]]:
    """(line where the row starts, {column: value}) for every data row of a CSV, TSV or JSONL file.

    Illustration: next(raw_rows("t.csv", TableSpec()))  with t.csv = "id,text\\n7,Hello\\n"
             -> (2, {"id": "7", "text": "Hello"})
    """
    rows = raw_cells(path, spec)
    names = next(rows)[1]
    if names is None:  # JSONL: every row is a dict already
        yield from rows
        return
    for start, cells in rows:
        yield start, dict(zip(names or [str(i) for i in range(len(cells))], cells, strict=True))


def raw_cells(path: str | Path, spec: TableSpec) -> Iterator[tuple[int, list[str] | dict[str, str] | None]]:
    """Like `raw_rows`, but a CSV row stays the list of its cells (no dict a row: reading costs a third less);
    the first item is (0, the column names) for CSV and TSV, (0, None) for JSONL, whose rows are dicts.

    Illustration: list(raw_cells("t.csv", TableSpec()))  with t.csv = "id,text\\n7,Hello\\n"
             -> [(0, ["id", "text"]), (2, ["7", "Hello"])]
    """
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"{path}: table file not found")
    with _text_stream(path, spec.encoding) as f:
        try:
            if path.suffix.lower() in JSONL_SUFFIXES:
                yield 0, None
                yield from jsonl_rows(f, path, spec.text_columns, named_columns(spec)[len(spec.text_columns):])
            else:
                yield from _csv_cells(f, path, spec)
        except UnicodeError as e:  # also a codec's own refusal (utf-16 without BOM): no reason
            raise CorpusError(f"{path}: not {spec.encoding} ({getattr(e, 'reason', e)}); fix [corpus] encoding") from e


def _csv_cells(f, path: Path, spec: TableSpec) -> Iterator[tuple[int, list[str]]]:
    delimiter = spec.delimiter or DELIMITERS.get(path.suffix.lower(), ",")
    quoting = csv.QUOTE_NONE if spec.quoting == "none" else csv.QUOTE_MINIMAL
    reader = csv.reader(f, delimiter=delimiter, quoting=quoting, strict=True)
    names = list(spec.columns)
    start = 1
    try:
        if spec.header:
            header = [h.strip() for h in next(reader, [])]
            names = names or header
            check_header(names, path)
            start = reader.line_num + 1
        yield 0, names
        width = len(names)
        for cells in reader:
            # blank line between rows (the first cell decides for almost every row, without stripping all)
            if not cells or (not cells[0].strip() and not any(map(str.strip, cells))):
                start = reader.line_num + 1
                continue
            if width and len(cells) != width:
                raise CorpusError(f"{path}:{start}: {len(cells)} cells but {width} columns; "
                                  f"check [corpus] delimiter and quoting")
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as err:
        raise CorpusError(f"{path}:{reader.line_num}: {err}; check [corpus] quoting and delimiter") from None


def to_record(path: Path, line: int, row: dict[str, str], spec: TableSpec) -> Record:
    """One row as a record: the text columns joined by a blank line, the id from its columns or the line.

    Illustration: to_record(Path("un.csv"), 2, {"country": "FRA", "year": "1946", "text": "…"},
                       TableSpec(id_columns=("country", "year"), decade_column="year"))
             -> Record(id="FRA_1946", text="…", line=2, metadata={"decade": "1940s"})
    """
    return cell_records(path, list(row), spec)(line, list(row.values()))  # one way to make a record


def cell_records(path: Path, names: list[str], spec: TableSpec):
    """A function (line, cells) -> Record for the rows of one table: the text columns joined by a blank line,
    the id from its columns or the line; the columns' positions are looked up once, not a dict made a row (for
    a CSV, a third of the reading time).

    Illustration: cell_records(Path("un.csv"), ["country", "year", "text"], TableSpec(id_columns=("country",)))(
                      2, ["FRA", "1946", " Peace. "]) -> Record(id="FRA", text="Peace.", line=2, …)
    """
    at = {name: i for i, name in enumerate(names)}
    texts, ids = [at[c] for c in spec.text_columns], [at[c] for c in spec.id_columns]
    meta = [(c, at[c]) for c in spec.metadata_columns]
    decade_at = at[spec.decade_column] if spec.decade_column else None
    fields = [None if not c else at[c] for c in (  # label, group, split, date, source, as Record orders them
        spec.label_column, spec.group_column, spec.split_column, spec.date_column, spec.source_column)]
    origin, stem, sep = str(path), path.stem, spec.id_separator
    single = texts[0] if len(texts) == 1 else None
    decades: dict[str, str] = {}  # a table repeats its years: `decade` once per distinct value

    def make(line: int, cells: list[str]) -> Record:
        if single is not None:
            text = cells[single].strip()
        else:
            text = "\n\n".join(t for t in (cells[i].strip() for i in texts) if t)
        rid = sep.join([cells[i].strip() for i in ids]) if ids else f"{stem}:{line}"
        metadata = {c: cells[i] for c, i in meta}
        if decade_at is not None:
            ten = decades.get(cells[decade_at])
            if ten is None:
                ten = decades[cells[decade_at]] = decade(cells[decade_at])
            metadata["decade"] = ten
        return Record(rid, text, line, origin, *["" if i is None else cells[i].strip() for i in fields], metadata)
    return make


def dict_records(path: Path, spec: TableSpec):
    """A function (line, row dict) -> Record for the rows of a JSONL table: `to_record`, with one `cell_records`
    per distinct column order rather than one per row (JSONL rows nearly always share theirs: 100,000 rows
    0.27 CPU s instead of 0.57).

    Illustration: dict_records(Path("un.jsonl"), TableSpec(id_columns=("country",)))(1, {"country": "FRA",
                      "text": "Peace."}) -> Record(id="FRA", text="Peace.", line=1, …)
    """
    builders: dict[tuple, object] = {}

    def make(line: int, row: dict[str, str]) -> Record:
        names = tuple(row)
        build = builders.get(names)
        if build is None:
            if builders and (missing := [c for c in named_columns(spec) if c not in row]):  # unlike the first
                raise CorpusError(f"{path}:{line}: no key '{missing[0]}' in this object (it has "
                                  f"{', '.join(row) or 'none'}); give every object the keys [corpus] names")
            build = builders[names] = cell_records(path, list(names), spec)
        return build(line, list(row.values()))
    return make


def iter_records(path: str | Path, spec: TableSpec) -> Iterator[Record]:
    """The records of a table, rows kept or dropped by the filter column; bad rows are left to the caller.

    Illustration: [r.id for r in iter_records("un.csv", TableSpec(filter_column="country", keep_values=("FRA",)))]
             -> ["un:2", …]
    """
    path = Path(path)
    rows = raw_cells(path, spec)
    names = next(rows)[1]
    make, keep = None, None
    for line, row in rows:
        if make is None:  # the first row: the columns the spec names must exist
            columns = names or [str(i) for i in range(len(row))]
            check_columns(path, line, row if names is None else dict.fromkeys(columns, ""), spec)
            if names is None:  # JSONL: a dict a row
                make = dict_records(path, spec)
            else:
                make = cell_records(path, columns, spec)
            if spec.filter_column:
                keep = _kept(spec) if names is None else _kept(spec, columns.index(spec.filter_column))
        if keep is not None and not keep(row):
            continue
        yield make(line, row)


def _kept(spec: TableSpec, position: int | str | None = None):
    """Whether a row passes the filter column: in keep_values (when given) and not in drop_values."""
    key = spec.filter_column if position is None else position

    def keep(row) -> bool:
        value = row[key].strip()
        return not ((spec.keep_values and value not in spec.keep_values) or value in spec.drop_values)
    return keep
