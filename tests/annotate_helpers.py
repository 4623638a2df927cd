"""Shared pieces of the annotation tests: the UN passages as records, and the committed batch label files.

Until the project's table reader reads the UN CSV from a config, the records are built here the way the
batches were drawn: rows in file order, id = f"{country}_{session}_{year}_{para_idx}".
"""
import csv
from functools import lru_cache

from tests.conftest import SEEDS, shared_data

LABELS_DIR = SEEDS / "ungdc" / "labels"
UN_CSV = ("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv")


@lru_cache(maxsize=1)
def _read(path) -> tuple:
    with open(path, encoding="utf-8", newline="") as f:
        return tuple({"id": f"{r['country']}_{r['session']}_{r['year']}_{r['para_idx']}", **r}
                     for r in csv.DictReader(f))


def un_records() -> list[dict]:
    """The 17,080 UN passages as records (skips the test when the shared data are absent)."""
    return list(_read(shared_data(*UN_CSV)))


def batch_ids(name: str) -> list[str]:
    """Ids of a committed batch label file, in file order (e.g. batch_ids("batch1_a"))."""
    with open(LABELS_DIR / f"{name}.csv", encoding="utf-8", newline="") as f:
        return [r["id"] for r in csv.DictReader(f)]
