"""JSONL tables -> rows: one JSON object a line, each a {column: value} dict with its line number.

A key given twice in one object is refused (json.loads would silently keep the last one), so that every
field is read from the right place; null reads as an empty cell.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Iterator

from features.errors import PARSE_LIMITS, parse_reason
from features.read.encoding import CorpusError


def jsonl_rows(f, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {key: value as text}) of every object of an open JSONL file; blank lines skipped.

    Illustration: list(jsonl_rows(io.StringIO('{"id": 7, "text": null}\\n'), Path("t.jsonl")))
             -> [(1, {"id": "7", "text": ""})]
    """
    for number, line in enumerate(f, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line, object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as err:
            raise CorpusError(f"{path}:{number}: not valid JSON ({err.msg}); one object a line") from None
        except PARSE_LIMITS as err:  # an integer of 4,300+ digits, arrays nested too deep
            raise CorpusError(f"{path}:{number}: not valid JSON ({parse_reason(err)}); one object a line") from None
        except _DuplicateKey as err:
            raise CorpusError(f"{path}:{number}: key '{err}' appears twice in this object; keep one, so that "
                              "each field is read from the right place") from None
        if not isinstance(obj, dict):
            raise CorpusError(f"{path}:{number}: expected a JSON object, got {type(obj).__name__}")
        yield number, {k: "" if v is None else str(v) for k, v in obj.items()}


class _DuplicateKey(Exception):
    """A JSON object names a key twice (json.loads would silently keep the last)."""


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    """`object_pairs_hook` for json.loads: the object as a dict, refusing a key given twice."""
    seen = Counter(k for k, _ in pairs)
    for key, n in seen.items():
        if n > 1:
            raise _DuplicateKey(key)
    return dict(pairs)
