"""JSONL tables -> rows: one JSON object a line, each a {column: value} dict with its line number.

A key given twice in one object is refused (json.loads would silently keep the last one), so that every
field is read from the right place; null reads as an empty cell. A text field must be a string (a number, an
array or an object there is a mistake in the export, not text), and no field the reader uses may be an array
or an object (its Python spelling would become an id, a label or a group).
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Iterator

from features.errors import PARSE_LIMITS, parse_reason
from features.read.encoding import CorpusError


def jsonl_rows(f, path: Path, texts: tuple[str, ...] = (), used: tuple[str, ...] = ()
               ) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {key: value as text}) of every object of an open JSONL file; blank lines skipped.
    `texts`: the keys that must hold a string (or null); `used`: other keys read, which must hold no array
    or object.

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
        for key in texts:
            if not isinstance(obj.get(key, ""), (str, type(None))):
                raise CorpusError(f"{path}:{number}: \"{key}\" is {_kind(obj[key])}, not a string; give the "
                                  "text as one JSON string (\"...\")")
        for key in used:
            if isinstance(obj.get(key), (list, dict)):
                raise CorpusError(f"{path}:{number}: \"{key}\" is {_kind(obj[key])}; give a string or a number")
        yield number, {k: "" if v is None else str(v) for k, v in obj.items()}


def _kind(value) -> str:
    """A JSON value's type in JSON's words.

    >>> _kind([1]), _kind(True), _kind(2.5)
    ('an array', 'true/false', 'a number')
    """
    if isinstance(value, bool):
        return "true/false"
    return {list: "an array", dict: "an object"}.get(type(value), "a number")


class _DuplicateKey(Exception):
    """A JSON object names a key twice (json.loads would silently keep the last)."""


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    """`object_pairs_hook` for json.loads: the object as a dict, refusing a key given twice."""
    seen = Counter(k for k, _ in pairs)
    for key, n in seen.items():
        if n > 1:
            raise _DuplicateKey(key)
    return dict(pairs)
