"""Read a text file whatever its encoding: UTF-8 (with or without BOM), else cp1252 with a warning.

Corpora arrive from many tools. UTF-8 is the norm; Windows exports are often cp1252. We never guess
silently: a file that is not valid UTF-8 is decoded as cp1252 and the caller gets a warning naming it.
"""
from __future__ import annotations

import warnings
from pathlib import Path


class CorpusError(ValueError):
    """Bad input the user must fix: the message names the file, the line where it applies, and the cause."""


class EncodingWarning_(UserWarning):
    """A file was not UTF-8 and was decoded as cp1252."""


def decode_bytes(data: bytes, name: str) -> str:
    """Decode `data`: UTF-8 (BOM removed) or, failing that, cp1252 with a warning.

    CRLF and CR line ends become LF so that paragraph and line numbers are the same on every platform.

    Example: decode_bytes(b"caf\\xe9", "a.txt") -> "café"  (and warns: a.txt is not UTF-8)
    """
    if b"\x00" in data[:8192]:
        raise CorpusError(f"{name}: binary file (NUL bytes), not text; remove it from the corpus folder")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        # cp1252 leaves 5 bytes undefined; 'replace' keeps going but we say so in the warning.
        text = data.decode("cp1252", errors="replace")
        warnings.warn(
            f"{name}:{line}: not UTF-8 (byte 0x{data[err.start]:02x}); read as cp1252",
            EncodingWarning_,
            stacklevel=2,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str | Path) -> str:
    """Read one file as text with `decode_bytes`.

    Example: read_text("seeds/003_83fc1e9fc7e21474.txt")[:14] -> " date 2022-10 "
    """
    path = Path(path)
    return decode_bytes(path.read_bytes(), str(path))
