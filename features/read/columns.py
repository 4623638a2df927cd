"""The columns of a table: its header names each column once, and holds every column the spec reads.

Kept apart from the readers (features/read/tables.py) so that label files and sheets check their headers
the same way.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from features.read.encoding import CorpusError


def check_header(names: list[str], path: str | Path) -> None:
    """A column name given twice is an error: a reader would silently take the last of the two columns.

    Illustration: check_header(["id", "label", "rationale", "label"], "gold.csv")
             -> CorpusError("gold.csv:1: column 'label' appears 2 times in the header; …")
    """
    twice = [name for name, n in Counter(names).items() if n > 1]
    if twice:
        counts = Counter(names)
        listed = ", ".join(f"'{name}' appears {counts[name]} times" for name in twice)
        raise CorpusError(f"{path}:1: column {listed} in the header; rename or remove the extra column(s), "
                          "so that each column is read from the right place")


def named_columns(spec) -> tuple[str, ...]:
    """The columns a `features.read.tables.TableSpec` reads, its text columns first.

    >>> from features.read.tables import TableSpec
    >>> named_columns(TableSpec(id_columns=("country",), label_column="stance"))
    ('text', 'country', 'stance')
    """
    named = [*spec.text_columns, *spec.id_columns, *spec.metadata_columns, spec.label_column,
             spec.group_column, spec.split_column, spec.date_column, spec.source_column,
             spec.decade_column, spec.filter_column]
    return tuple(c for c in named if c)


def check_columns(path: str | Path, line: int, row: dict[str, str], spec) -> None:
    """Every column the spec names must exist in the table (checked on the first row of a CSV, on every row
    with new keys of a JSONL table, whose objects may differ)."""
    missing = [c for c in named_columns(spec) if c not in row]
    if missing:
        raise CorpusError(f"{path}:{line}: no column {', '.join(map(repr, missing))}; the table has "
                          f"{', '.join(row)}; fix the [corpus] column names")


def check_row_width(cells: list[str], names: list[str], where: str) -> None:
    """A row with more cells than the header, past it something not blank, is an error: the cells past the
    header would be dropped unread, and they mostly come from a comma left unquoted inside a cell.

    Illustration: check_row_width(["a:0:0", "none", "trop", "court"], ["id", "label", "note"], "ann.csv:7")
             -> CorpusError("ann.csv:7: 4 cells but 3 columns in the header (past it: 'court'); …")
    """
    if len(cells) > len(names) and any(c.strip() for c in cells[len(names):]):
        extra = ", ".join(repr(c) for c in cells[len(names):][:3])
        raise CorpusError(f"{where}: {len(cells)} cells but {len(names)} columns in the header (past it: {extra}); "
                          "put a cell that holds a comma in quotes (\"a, b\"), or name the column in the header")
