"""CSV tables of a run: a header row, LF line ends, UTF-8."""
from __future__ import annotations

import csv
from pathlib import Path


def write_rows(path: Path, header: list[str], rows) -> None:
    """A CSV table with a header row and LF line ends.

    Example: write_rows(Path("t.csv"), ["a"], [[1]]) -> t.csv holds "a\\n1\\n"
    """
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV table as dicts (for figures drawn from saved results)."""
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
