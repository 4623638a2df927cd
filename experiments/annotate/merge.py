"""Batch label files -> one label file `id,label,rationale,batch,annotator` (merging only: labels are
copied as the annotators wrote them, never changed or added).

The batch and annotator come from the file name `batch<B>[_<tag>...][_<annotator>].csv`, the annotator being
a final single lower-case letter: `batch1_a.csv` -> batch "1", annotator "a"; `batch5_uncertainty_b.csv` ->
batch "5_uncertainty", annotator "b"; `batch3_diverse.csv` -> batch "3_diverse", no annotator letter ("").
"""
from __future__ import annotations

import re
from pathlib import Path

from experiments.annotate.agree import read_checked
from experiments.annotate.records import read_label_rows
from features.read.encoding import CorpusError

BATCH_FILE = re.compile(r"^batch(?P<batch>\d+(?:_[A-Za-z0-9]+)*?)(?:_(?P<annotator>[a-z]))?$")
MERGED_COLUMNS = ["id", "label", "rationale", "batch", "annotator"]


def batch_and_annotator(path: str | Path) -> tuple[str, str]:
    """Batch and annotator named by a label file's name.

    Illustration: batch_and_annotator("seeds/ungdc/labels/batch2_b.csv") -> ("2", "b")
             batch_and_annotator("batch3_diverse.csv") -> ("3_diverse", "")
    """
    match = BATCH_FILE.match(Path(path).stem)
    if not match:
        raise CorpusError(f"{path}: name a batch label file batch<number>[_<tag>][_<annotator letter>].csv, "
                          "e.g. batch1_a.csv or batch3_diverse.csv")
    return match["batch"], match["annotator"] or ""


def merge_rows(paths, labels: list[str]) -> list[dict]:
    """The rows of every file (each checked first), in the order given, with batch and annotator added.

    An id in two files is an error: a passage has one label in the merged set (second-pass labels are
    kept in their own file for the agreement figures).
    Illustration: merge_rows(["batch1_a.csv", "batch1_b.csv"], LABELS)[0]
             -> {"id": "YEM_46_1991_14", "label": "escalation", "rationale": "rule 8: …", "batch": "1",
                 "annotator": "a"}
    """
    rows, seen = [], {}
    for path in paths:
        batch, annotator = batch_and_annotator(path)
        read_checked(path, labels)  # every label valid, no duplicate inside the file
        for line, row in read_label_rows(path):
            seg_id = row["id"].strip()
            if seg_id in seen:
                raise CorpusError(f"{path}:{line}: id '{seg_id}' is already labelled in {seen[seg_id]}")
            seen[seg_id] = path
            rows.append({"id": seg_id, "label": row["label"].strip(), "rationale": (row.get("rationale") or
                         row.get("note") or "").strip(), "batch": batch, "annotator": annotator})
    return rows
