"""Annotation sheets: written with empty `label` and `note` columns, checked once filled in.

A sheet is a CSV: `id`, the chosen metadata columns, `text`, then `label` and `note` for the annotator.
`check_sheet` lists every problem of a filled sheet at once, one line each, with the line number (header
= line 1) so that the annotator can fix them all in one pass.
"""
from __future__ import annotations

import csv
import difflib
from collections import Counter
from pathlib import Path

from experiments.annotate.records import read_label_rows
from experiments.output.tables import csv_text, write_rows
from features.read.encoding import CorpusError


def sheet_columns(records: list[dict], metadata: list[str]) -> list[str]:
    """Header of a sheet: id, metadata (all record columns when `metadata` is empty), text, label, note.

    Illustration: sheet_columns([{"id": "x", "country": "FRA", "text": "…"}], [])
             -> ["id", "country", "text", "label", "note"]
    """
    available = [k for k in records[0] if k not in ("id", "text", "label", "note")]  # never show a label
    for name in metadata:
        if name not in available:
            raise CorpusError(f"[annotate] sheet_columns: no column {name!r}; the records have {', '.join(available)}")
    return ["id", *(metadata or available), "text", "label", "note"]


def write_sheet(out, records: list[dict], indices: list[int], metadata: list[str]) -> None:
    """Write the records at `indices`, in that order, as a sheet with empty label and note columns, to a
    path or an open text stream.

    Illustration: write_sheet("batch3.csv", records, [5, 2], ["country", "year"])
             -> batch3.csv: id,country,year,text,label,note + 2 rows
    """
    columns = sheet_columns(records, metadata)
    rows = [[{**records[i], "label": "", "note": ""}.get(c, "") for c in columns] for i in indices]
    if hasattr(out, "write"):
        out.write(csv_text(columns, rows))
        return
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    write_rows(Path(out), columns, rows)


def label_problem(label: str, labels: list[str]) -> str | None:
    """Why a label is not acceptable, or None when it is one of `labels` exactly.

    Illustration: label_problem("Deterrence", LABELS) -> "unknown label 'Deterrence'; did you mean 'deterrence'?"
    """
    if label in labels:
        return None
    if not label:
        return f"no label; write one of {', '.join(labels)}"
    near = difflib.get_close_matches(label.lower(), labels, n=1)
    hint = f"did you mean '{near[0]}'?" if near else f"use one of {', '.join(labels)}"
    return f"unknown label '{label}'; {hint}"


def check_sheet(path: str | Path, labels: list[str]) -> tuple[Counter, list[str]]:
    """Label counts of a filled sheet and its problems, each 'FILE:LINE: cause; what to do'.

    Illustration: check_sheet("seeds/ungdc/labels/batch1_a.csv", LABELS)
             -> (Counter({"none": 84, …}), [])
    """
    rows = read_label_rows(path)
    with open(path, encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f), [])
    if "label" not in header:
        return Counter(), [f"{path}:1: no 'label' column; a filled sheet needs columns id,label"]
    counts, errors, first_line = Counter(), [], {}
    for line, row in rows:
        seg_id, label = (row["id"] or "").strip(), (row["label"] or "").strip()
        if not seg_id:
            errors.append(f"{path}:{line}: empty id; restore the id written in the sheet")
        elif seg_id in first_line:
            errors.append(f"{path}:{line}: duplicate id '{seg_id}' (first on line {first_line[seg_id]}); keep one row")
        else:
            first_line[seg_id] = line
        problem = label_problem(label, labels)
        if problem:
            errors.append(f"{path}:{line}: {problem}")
        else:
            counts[label] += 1
    if not rows:
        errors.append(f"{path}:2: the sheet has no rows")
    return counts, errors
