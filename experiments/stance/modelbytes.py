"""The bytes of a skops model file that depend on the model only: the same fitted model, the same file.

`skops.io.dumps` names each saved object by `id(obj)` (a memory address, different in every process) in the
schema's `__id__` fields and in the names of the `.npy` members, and stamps every zip member with the time it
was written. A rerun of a committed run then rewrote `model.skops` (and the SHA-256 in its card) although the
model was the same. `canonical` renumbers those ids in the order the schema first names them (one-to-one for
lists, dicts, arrays and estimators, so objects shared in the model stay shared; one number per occurrence for
immutable JSON values, whose sharing depends on how they were made), saves the attributes that cache a memory
address as 0 (`ADDRESSES`), and writes the members in name order with a fixed date, deflated. skops reads the
result as it reads its own files (`__id__` only tells it which nodes are one object), with no trusted type added.
"""
from __future__ import annotations

import io
import json
import zipfile

SCHEMA = "schema.json"
EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip member can hold
# skops stores members uncompressed; deflated, the UN model (sparse coefficients over ~200k n-grams, float64
# arrays of mostly zeros) shrinks about 19-fold and still reads in a fraction of a second
COMPRESSION, LEVEL = zipfile.ZIP_DEFLATED, 6
# Attributes that hold a memory address, saved as 0 (no object's address): TfidfVectorizer caches
# id(stop_words) to skip its stop-word check when it sees the same object again; in a loaded model the saved
# address never matches, so the check runs either way.
ADDRESSES = ("_stop_words_id",)


def _fresh(ids: dict) -> int:
    """A number no other node has: the next one, held under a key no address can be."""
    number = len(ids)
    ids[("json", number)] = number
    return number


def _renumber(node, ids: dict):
    """The schema tree with each `__id__` and `<id>.npy` file name replaced by its number of first appearance."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in ADDRESSES and isinstance(value, dict) and value.get("is_json"):
                value = {**value, "content": "0"}
            if key == "__id__" and isinstance(value, int):
                # an immutable JSON value (str, int, ...) is shared or not by chance (small ints, interned
                # strings, a value read back from a file): each gets its own number, as skops may rebuild it
                value = _fresh(ids) if node.get("is_json") else ids.setdefault(value, len(ids))
            elif key == "file" and isinstance(value, str) and value.endswith(".npy") and value[:-4].isdigit():
                value = f"{ids.setdefault(int(value[:-4]), len(ids))}.npy"
            out[key] = _renumber(value, ids)
        return out
    if isinstance(node, list):
        return [_renumber(value, ids) for value in node]
    return node


def canonical(data: bytes) -> bytes:
    """A skops file's bytes with process-independent object ids and member dates.

    Illustration: canonical(skops.io.dumps(model)) == canonical(skops.io.dumps(model)) in another process -> True
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {info.filename: (info, source.read(info)) for info in source.infolist()}
    ids: dict = {}
    schema = _renumber(json.loads(members[SCHEMA][1]), ids)
    renamed = {SCHEMA: (members[SCHEMA][0], json.dumps(schema, indent=2).encode("utf-8"))}
    for name, (info, content) in members.items():
        if name != SCHEMA:
            stem = name[:-4]
            new = f"{ids.setdefault(int(stem), len(ids))}.npy" if name.endswith(".npy") and stem.isdigit() else name
            renamed[new] = (info, content)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=COMPRESSION, compresslevel=LEVEL) as target:
        for name in sorted(renamed):
            info, content = renamed[name]
            member = zipfile.ZipInfo(name, date_time=EPOCH)
            member.external_attr = info.external_attr
            target.writestr(member, content, compress_type=COMPRESSION, compresslevel=LEVEL)
    return out.getvalue()
