"""Read a text file whatever its encoding: UTF-8 (with or without BOM), else cp1252 with a warning.

Corpora arrive from many tools. UTF-8 is the norm; Windows exports are often cp1252. We never guess
silently: a file that is not valid UTF-8 is decoded as cp1252 and the caller gets a warning naming it.

Large files are read line by line (`sniff` then `iter_lines`), never whole: memory holds one chunk and
the longest line, whatever the size of the file.
"""
from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Iterator

from features.errors import CorpusError  # noqa: F401 (raised here; imported from here by older code)

LINE_END = re.compile(rb"\r\n|\r|\n")
CHUNK = 1 << 16
SNIFF_BYTES = 8192
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class EncodingWarning_(UserWarning):
    """A file was not UTF-8 and was decoded as cp1252."""


def _refuse_non_text(head: bytes, name: str) -> None:
    """Refuse UTF-16 and binary files from their first bytes: decoding them would print garbage.

    Illustration: _refuse_non_text(b"\\x89PNG\\r\\n\\x1a\\n\\x00", "a.txt") -> CorpusError (binary file)
    """
    if head.startswith(UTF16_BOMS):
        raise CorpusError(f"{name}:1: UTF-16 text, not UTF-8; save it as UTF-8 (or remove it from the folder)")
    if b"\x00" in head:
        offset = head.index(b"\x00")
        raise CorpusError(f"{name}: binary file (NUL byte at offset {offset}), not text; "
                          "remove it from the corpus folder")


def decode_bytes(data: bytes, name: str) -> str:
    """Decode `data`: UTF-8 (BOM removed) or, failing that, cp1252 with a warning.

    CRLF and CR line ends become LF so that paragraph and line numbers are the same on every platform.

    Illustration: decode_bytes(b"caf\\xe9", "a.txt") -> "café"  (and warns: a.txt is not UTF-8)
    """
    _refuse_non_text(data[:SNIFF_BYTES], name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        # cp1252 leaves 5 bytes undefined; 'replace' keeps going but we say so in the warning.
        text = data.decode("cp1252", errors="replace")
        warnings.warn(
            f"{name}:{line}: not UTF-8 (byte 0x{data[err.start]:02x}); read as cp1252 (Windows); "
            "save it as UTF-8 to silence this warning",
            EncodingWarning_,
            stacklevel=2,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str | Path) -> str:
    """Read one file as text with `decode_bytes`.

    >>> read_text("seeds/003_83fc1e9fc7e21474.txt")[:14]
    ' date 2022-10 '
    """
    path = Path(path)
    return decode_bytes(path.read_bytes(), str(path))


def raw_lines(path: str | Path, chunk_size: int = CHUNK) -> Iterator[bytes]:
    """The lines of a file as bytes, without their ends (LF, CRLF or CR), read one chunk at a time.

    Like `data.split` on every line end: a file ending with a line end gives a last empty line.
    Illustration: list(raw_lines("a.txt")) for a file b"A\\r\\nB\\n" -> [b"A", b"B", b""]
    """
    pending = b""
    with open(path, "rb") as f:
        while chunk := f.read(chunk_size):
            data = pending + chunk
            hold = data.endswith(b"\r")  # may be the first half of a CRLF split across chunks
            lines = LINE_END.split(data[:-1] if hold else data)
            pending = lines.pop() + (b"\r" if hold else b"")
            yield from lines
    yield from LINE_END.split(pending)


def sniff(path: str | Path) -> str:
    """The encoding to read `path` with: "utf-8-sig", or "cp1252" (with a warning naming the first bad line).

    Reads the whole file once, line by line. Raises CorpusError for binary or UTF-16 files.
    >>> sniff("seeds/003_83fc1e9fc7e21474.txt")
    'utf-8-sig'
    """
    with open(path, "rb") as f:
        _refuse_non_text(f.read(SNIFF_BYTES), str(path))
    for number, line in enumerate(raw_lines(path), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as err:
            warnings.warn(f"{path}:{number}: not UTF-8 (byte 0x{line[err.start]:02x}); read as cp1252 "
                          "(Windows); save it as UTF-8 to silence this warning", EncodingWarning_, stacklevel=2)
            return "cp1252"
    return "utf-8-sig"


def iter_lines(path: str | Path, encoding: str) -> Iterator[str]:
    """The decoded lines of a file (as `sniff` chose), without line ends, BOM removed from the first.

    Illustration: list(iter_lines("a.txt", "cp1252")) for a file b"caf\\xe9\\r\\n" -> ["café", ""]
    """
    codec = "utf-8" if encoding == "utf-8-sig" else encoding  # the BOM is removed below, once
    for number, line in enumerate(raw_lines(path)):
        # cp1252 leaves 5 bytes undefined; 'replace' keeps going (the warning already named the file).
        text = line.decode(codec, errors="replace")
        yield text.removeprefix("\ufeff") if number == 0 else text
