"""The scale benchmark's data: UN General Debate passages repeated to n segments, and the labelled ones.

Sizes above the 17,080 passages repeat them: copy k >= 1 has ids suffixed "#r<k>" and group "<country>#r<k>",
so ids stay unique and grouped folds still have groups. The stance data are the labelled passages
(seeds/ungdc/labels.csv) repeated the same way with their own labels: real labels, but the repeats are not new data.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from experiments.benchmarks.common import ROOT
from features.read.tables import TableSpec

UNGDC = Path("ungdc") / "ungdc_nuclear_paragraphs_1946_2024.csv"
LABELS = ROOT / "seeds" / "ungdc" / "labels.csv"
RANDOM_STATE = 2029  # experiments/configs/ungdc_stance.toml


def table_spec():
    """How the benchmark tables map onto records: the config's id columns; the group column is the copy's."""
    return TableSpec(text_columns=("text",), id_columns=("country", "session", "year", "para_idx"),
                     group_column="group")


def repeat_rows(rows: list[dict], n: int) -> list[dict]:
    """The first n rows of `rows` cycled; copy k >= 1 gets "#r<k>" on its last id part and its group.

    Illustration: repeat_rows([{"country": "FRA", "para_idx": "3", ...}], 2)[1]["para_idx"] -> "3#r1"
    """
    out = []
    for i in range(n):
        row, k = rows[i % len(rows)], i // len(rows)
        tag = f"#r{k}" if k else ""
        out.append({**row, "para_idx": row["para_idx"] + tag, "group": row["country"] + tag})
    return out


def write_table(source: Path, n: int, path: Path) -> Path:
    """A CSV of n passages (columns id, group, country, session, year, para_idx, text) for read and predict."""
    with open(source, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    names = ["id", "group", "country", "session", "year", "para_idx", "text"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(names)
        for row in repeat_rows(rows, n):
            row["id"] = "_".join(row[c] for c in ("country", "session", "year", "para_idx"))
            writer.writerow([row[c] for c in names])
    return path


def labelled_rows(source: Path) -> list[dict]:
    """The labelled passages, in the order of labels.csv, with their label (text, country, ..., label)."""
    with open(LABELS, encoding="utf-8", newline="") as f:
        labels = {r["id"]: r["label"] for r in csv.DictReader(f)}
    with open(source, encoding="utf-8", newline="") as f:
        rows = {"_".join(r[c] for c in ("country", "session", "year", "para_idx")): r for r in csv.DictReader(f)}
    return [{**rows[i], "label": lab} for i, lab in labels.items()]


def stance_data(source: Path, n: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, labels and groups of n labelled segments (the labelled passages repeated as `repeat_rows`).

    Illustration: stance_data(csv, 1000)[1][:2] -> array(["escalation", "none"])   (real labels, no repeat)
    """
    rows = repeat_rows(labelled_rows(source), n)
    return [r["text"] for r in rows], np.array([r["label"] for r in rows]), np.array([r["group"] for r in rows])
