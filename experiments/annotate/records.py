"""The corpus as records (id, text, metadata) for sampling, and the ids and labels of label files.

A record is a plain dict: {"id": ..., "text": ..., <metadata column>: ...}, in corpus file order. The
corpus is read by the project's readers from the experiment config, exactly as the experiments read it,
so a sheet's ids are the ids an experiment joins labels on.
"""
from __future__ import annotations

import csv
import dataclasses
import difflib
from pathlib import Path

from experiments.config.resolved import Config
from experiments.corpus.data import QUOTES, load_segments
from features.read.columns import check_header, check_row_width
from features.read.encoding import CorpusError, check_text_file
from features.read.paths import not_a_file


def as_record(segment) -> dict:
    """One segment (a dataclass, or a mapping) -> a record dict with `id` and `text`.

    Illustration: as_record(Segment("x:0:0", "x", 0, 0, "LE MONDE", "2022-10", "Texte."))
             -> {"id": "x:0:0", "doc": "x", …, "text": "Texte."}
    """
    record = dataclasses.asdict(segment) if dataclasses.is_dataclass(segment) else dict(segment)
    record.update(record.pop("metadata", None) or {})  # readers that keep extra columns in a mapping
    for key in ("group", "label", "split"):  # segment fields that only tables and collections fill in
        if not record.get(key):
            record.pop(key, None)
    return record


def load_records(config: Config) -> list[dict]:
    """The segments named by the config's [corpus] and [segments] tables, as records in file order.

    Illustration: load_records(seeds_config)[0]["id"] -> "000_109b279601610553:0:0"
    """
    return [as_record(s) for s in load_segments(config)]


def read_label_rows(path: str | Path) -> list[tuple[int, dict]]:
    """The rows of a CSV label file or sheet with the line where each row starts (header: line 1).

    A text field may span lines, so the start line is one after where the previous row ended.
    Illustration: read_label_rows("seeds/ungdc/labels/batch1_a.csv")[0] -> (2, {"id": "YEM_46_1991_14", …})
    """
    path = Path(path)
    if what := not_a_file(path):  # a folder, a pipe (that would block the read), or nothing
        raise CorpusError(f"{path}: {'file not found' if what == 'no such file' else what}; give a CSV label file")
    check_text_file(path)  # binary and UTF-16 files are named as such
    end = 0  # the line where the last row read ended (the header: line 1)
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f, strict=True)  # a quote left open would swallow the rows after it
            if not reader.fieldnames or "id" not in reader.fieldnames:
                raise CorpusError(f"{path}:1: no 'id' column; a label file needs columns id,label")
            check_header(reader.fieldnames, path)
            rows, end = [], 1
            for row in reader:
                if None in row:  # cells past the header (DictReader keeps them under None)
                    check_row_width([*row.values()][:-1] + row[None], reader.fieldnames, f"{path}:{end + 1}")
                rows.append((end + 1, row))
                end = reader.line_num
    except UnicodeDecodeError as err:
        raise CorpusError(f"{path}: not UTF-8 (byte 0x{err.object[err.start]:02x}); save the label file as UTF-8"
                          ) from None
    except csv.Error as err:
        raise CorpusError(f"{path}:{end + 1}: {err}; {QUOTES}") from None  # the line where the row started
    return rows


def read_labels(paths, labels: list[str]) -> tuple[set[str], dict[str, str]]:
    """Ids of label files (all excluded from new draws) and their labels where one is filled in.

    An empty label (a sheet still being read) excludes its passage but teaches nothing; a label outside
    `labels` is an error naming file and line.
    Illustration: read_labels(["seeds/ungdc/labels/batch1_a.csv"], LABELS)[1]["YEM_46_1991_14"] -> "escalation"
    """
    ids: set[str] = set()
    known: dict[str, str] = {}
    for path in paths:
        for line, row in read_label_rows(path):
            seg_id, label = (row.get("id") or "").strip(), (row.get("label") or "").strip()
            ids.add(seg_id)
            if not label:
                continue
            if label not in labels:
                near = difflib.get_close_matches(label, labels, n=1)
                hint = f"did you mean '{near[0]}'?" if near else f"use one of {', '.join(labels)}"
                raise CorpusError(f"{path}:{line}: unknown label '{label}'; {hint}")
            known[seg_id] = label
    return ids, known


def check_ids_known(records: list[dict], ids, source: str) -> None:
    """Label-file ids must name passages of this corpus (a file from another corpus is a mistake).

    Illustration: check_ids_known(records, {"nope"}, "x.csv") -> CorpusError("x.csv: 1 labelled id(s) …")
    """
    stray = sorted(set(ids) - {r["id"] for r in records})
    if stray:
        raise CorpusError(f"{source}: {len(stray)} labelled id(s) match no passage of the corpus, first: "
                          f"{stray[0]}; check the config's [corpus] and the label files")
