"""Check records before use: empty text, labels outside the label set, duplicate ids.

Every bad row is reported with the file and line where it starts. The config says what happens next:
`on_invalid = "error"` stops with one line naming the first rows (the default: nothing is dropped
silently), `"skip"` drops them with a warning that names them.
"""
from __future__ import annotations

import warnings
from typing import Iterable

from features.read.encoding import CorpusError
from features.read.tables import Record

SHOWN = 5  # rows named in the message; the count says how many more


class SkippedRowsWarning(UserWarning):
    """Rows were dropped because [corpus] on_invalid = "skip"."""


def problem(record: Record, labels: frozenset[str], seen: set[str]) -> str:
    """Why a record cannot be used ("" when it can).

    >>> problem(Record("a", "", 3), frozenset(), set())
    'empty text'
    """
    if not record.text.strip():
        return "empty text"
    if not record.id.strip():  # its id columns are blank: every such row would share the id ""
        return "empty id (blank id columns)"
    if labels and record.label not in labels:
        shown = record.label if len(record.label) <= 40 else record.label[:39] + "…"  # a text column named as label
        return f"label '{shown}' not in {', '.join(sorted(labels))}" if record.label else "no label"
    if record.id in seen:
        return f"duplicate id '{record.id}'"
    return ""


def checked(records: Iterable[Record], labels: Iterable[str] = (), on_invalid: str = "error") -> list[Record]:
    """The usable records; bad ones raise (on_invalid="error") or are dropped with a warning ("skip").

    Illustration: checked([Record("a", "x", 2), Record("b", " ", 3)], on_invalid="skip")
             -> [Record("a", …)]  and warns: "skipped 1 invalid row(s): …:3 empty text"
    """
    if on_invalid not in ("error", "skip"):
        raise ValueError(f"on_invalid must be 'error' or 'skip', not {on_invalid!r}")
    labels, seen, kept, bad = frozenset(labels), set(), [], []
    for rec in records:
        why = problem(rec, labels, seen)
        if why:
            bad.append(f"{rec.origin}:{rec.line} {why}")
        else:
            seen.add(rec.id)
            kept.append(rec)
    if bad:
        listed = "; ".join(bad[:SHOWN]) + (f"; and {len(bad) - SHOWN} more" if len(bad) > SHOWN else "")
        if on_invalid == "error":
            raise CorpusError(f"{len(bad)} invalid row(s): {listed}; fix them or set [corpus] on_invalid = \"skip\"")
        warnings.warn(f"skipped {len(bad)} invalid row(s): {listed}", SkippedRowsWarning, stacklevel=2)
    return kept
