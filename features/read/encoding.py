"""Read a text file whatever its encoding: UTF-8 (with or without BOM), a line that is not UTF-8 as cp1252.

Corpora arrive from many tools. UTF-8 is the norm; Windows exports are often cp1252, and a file edited in
both has a few cp1252 lines among UTF-8 ones. We decide line by line: a valid UTF-8 line stays UTF-8 (so
one Windows line never turns every accent of the file into mojibake), a line that is not is read as
cp1252, and the caller gets one warning counting such lines and naming the first ones. `[corpus] encoding
= "utf-8"` refuses such a file instead. UTF-16 (with or without BOM) and binary files are refused by name.

Large files are read line by line (`sniff` then `iter_pieces`), never whole: memory holds one chunk and
at most `MAX_LINE_BYTES` of a line (a longer line comes in pieces), whatever the size of the file.
"""
from __future__ import annotations

import codecs
import re
import sys
import warnings
from pathlib import Path
from typing import Iterator

from features.errors import CorpusError  # noqa: F401 (raised here; imported from here by older code)

LINE_END = re.compile(rb"\r\n|\r|\n")
CHUNK = 1 << 16
MAX_LINE_BYTES = 1 << 20  # a longer line is read in pieces (`raw_pieces`): a paragraph of a book is ~10 kB
SNIFF_BYTES = 8192
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class EncodingWarning_(UserWarning):
    """Some lines of a file were not UTF-8 and were decoded as cp1252."""


MIXED = "utf-8/cp1252"  # each line UTF-8, or cp1252 when it is not (what "auto" reads a non-UTF-8 file as)
SHOWN_LINES = 5  # line numbers a warning names; the count says how many more


def _utf16_without_bom(head: bytes) -> str:
    """"LE" or "BE" when `head` looks like UTF-16 text without a BOM (a NUL in every other byte), else "".

    Text in UTF-16 has a NUL high byte for every ASCII character; a binary file has NULs anywhere.
    Illustration: _utf16_without_bom("Le Monde".encode("utf-16-le")) -> "LE"
    """
    pairs = len(head) // 2
    if pairs < 2:
        return ""
    even, odd = head[0:2 * pairs:2].count(0), head[1:2 * pairs:2].count(0)
    if odd >= 0.3 * pairs and even <= 0.1 * pairs:
        return "LE"
    if even >= 0.3 * pairs and odd <= 0.1 * pairs:
        return "BE"
    return ""


def _refuse_non_text(head: bytes, name: str) -> None:
    """Refuse UTF-16 (with or without BOM) and binary files from their first bytes (decoded: garbage).

    Illustration: _refuse_non_text(b"\\x89PNG\\r\\n\\x1a\\n\\x00", "a.txt") -> CorpusError (binary file)
    """
    if head.startswith(UTF16_BOMS):
        raise CorpusError(f"{name}:1: UTF-16 text, not UTF-8; save it as UTF-8 (or remove it from the folder)")
    if b"\x00" in head:
        if order := _utf16_without_bom(head):
            raise CorpusError(f"{name}:1: UTF-16{order} text without BOM, not UTF-8; save it as UTF-8 "
                              "(or remove it from the folder)")
        offset = head.index(b"\x00")
        raise CorpusError(f"{name}: binary file (NUL byte at offset {offset}), not text; "
                          "remove it from the corpus folder")


def check_text_file(path: str | Path) -> None:
    """Refuse a file that is binary or UTF-16 from its first bytes (one line naming it).

    Illustration: check_text_file("seeds/annotations.csv") -> None
    """
    with open(path, "rb") as f:
        _refuse_non_text(f.read(SNIFF_BYTES), str(path))


def decode_line(line: bytes) -> tuple[str, bool]:
    """One line as UTF-8, or as cp1252 when it is not UTF-8; and whether it was not.

    cp1252 leaves 5 bytes undefined; 'replace' keeps going (the warning names the line).
    Illustration: decode_line(b"caf\\xe9") -> ("café", True)
    """
    try:
        return line.decode("utf-8"), False
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace"), True


class BadLines:
    """The numbers of the lines that are not UTF-8, and whether some other line was UTF-8 beyond ASCII
    (then the file is mixed, not a cp1252 file), for one warning or one refusal."""

    def __init__(self, name: str, policy: str = "auto"):
        self.name, self.policy, self.numbers, self.count, self.utf8_accents = name, policy, [], 0, False
        self.first_byte = 0

    def add(self, number: int, line: bytes) -> None:
        """Record line `number` (1-based); refuse it at once when the policy is "utf-8"."""
        try:
            line.decode("utf-8")
            self.utf8_accents = self.utf8_accents or not line.isascii()
            return
        except UnicodeDecodeError as err:
            byte = line[err.start]
        if self.policy == "utf-8":
            raise CorpusError(f"{self.name}:{number}: not UTF-8 (byte 0x{byte:02x}) and [corpus] encoding = "
                              "\"utf-8\"; save the file as UTF-8, or set encoding = \"auto\" to read such lines "
                              "as cp1252")
        self.first_byte = self.first_byte or byte
        self.count += 1
        if len(self.numbers) < SHOWN_LINES:
            self.numbers.append(number)

    def warn(self, stacklevel: int = 3) -> None:
        """One warning for the whole file: how many lines, the first line numbers, how they were read."""
        if not self.count:
            return
        more = ", …" if self.count > len(self.numbers) else ""
        lines = f"{self.count} line(s) not UTF-8: {', '.join(map(str, self.numbers))}{more}"
        if self.utf8_accents:
            what = (f"{lines} (byte 0x{self.first_byte:02x}); those lines read as cp1252 (Windows), the other "
                    "lines as UTF-8")
        else:
            what = f"not UTF-8 (byte 0x{self.first_byte:02x}); read as cp1252 (Windows) ({lines})"
        warnings.warn(f"{self.name}:{self.numbers[0]}: {what}; save it as UTF-8 to silence this warning",
                      EncodingWarning_, stacklevel=stacklevel)


def decode_bytes(data: bytes, name: str, policy: str = "auto") -> str:
    """Decode `data`: UTF-8 (BOM removed); a line that is not UTF-8 is read as cp1252, with one warning
    naming the count and the first such lines (policy "utf-8": refused, naming the first one).

    CRLF and CR line ends become LF so that paragraph and line numbers are the same on every platform.

    Illustration: decode_bytes(b"caf\\xe9", "a.txt") -> "café"  (and warns: a.txt is not UTF-8)
    """
    _refuse_non_text(data[:SNIFF_BYTES], name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        bad, lines = BadLines(name, policy), LINE_END.split(data.removeprefix(b"\xef\xbb\xbf"))
        for number, line in enumerate(lines, start=1):
            bad.add(number, line)
        bad.warn()
        return "\n".join(decode_line(line)[0] for line in lines)
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

    Like `data.split` on every line end: a file ending with a line end gives a last empty line. A chunk
    with no line end is put aside as it is, not joined to what is held, so that a line of any length
    is read in time proportional to its length and held once (`raw_pieces` with no length limit).
    Illustration: list(raw_lines("a.txt")) for a file b"A\\r\\nB\\n" -> [b"A", b"B", b""]
    """
    for line, _ in raw_pieces(path, sys.maxsize, chunk_size):
        yield line


def cut_point(data: bytes, max_bytes: int) -> int:
    """Where to cut a line longer than `max_bytes`: after the last sentence stop and its space in the first
    `max_bytes`, else after the last space, else at the last UTF-8 character start (never inside a character).

    >>> cut_point(b"Un. Deux trois", 12)
    4
    >>> cut_point("\u00e9\u00e9".encode(), 3)
    2
    """
    window = data[:max_bytes]
    stops = [window.rfind(stop) for stop in (b". ", b"! ", b"? ")]
    if max(stops) > 0:
        return max(stops) + 2
    if (space := window.rfind(b" ")) > 0:
        return space + 1
    cut = max_bytes
    while cut > 1 and data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: step back to the character start
        cut -= 1
    return cut


def raw_pieces(path: str | Path, max_bytes: int = MAX_LINE_BYTES, chunk_size: int = CHUNK
               ) -> Iterator[tuple[bytes, bool]]:
    """The lines of a file as `raw_lines` reads them, but a line longer than `max_bytes` comes in pieces of at
    most `max_bytes` cut by `cut_point`: (piece, True) while the line goes on, (last piece, False) at its end.

    So memory holds at most `max_bytes` + one chunk, whatever the length of a line (a 44 MB article on one line).
    Illustration: list(raw_pieces("a.txt", 4)) for a file b"Un. Deux\nC" -> [(b"Un. ", True), (b"Deux", False),
                  (b"C", False)]
    """
    held: list[bytes] = []  # the start of the current line, as read
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(chunk_size):
            held.append(chunk)
            size += len(chunk)
            if b"\n" in chunk or b"\r" in chunk or held[0].endswith(b"\r"):
                data = b"".join(held)
                hold = data.endswith(b"\r")  # may be the first half of a CRLF split across chunks
                lines = LINE_END.split(data[:-1] if hold else data)
                last = lines.pop() + (b"\r" if hold else b"")
                for line in lines:
                    yield from _pieces(line, max_bytes, ends=True)
                held, size = [last], len(last)
            if size > max_bytes:  # a long line without an end yet: give out its pieces, keep the rest
                data = b"".join(held)
                *pieces, rest = _pieces(data, max_bytes, ends=False)
                yield from pieces
                held, size = [rest[0]], len(rest[0])
    for line in LINE_END.split(b"".join(held)):  # the held part may end with a CR line end
        yield from _pieces(line, max_bytes, ends=True)


def _pieces(line: bytes, max_bytes: int, ends: bool) -> list[tuple[bytes, bool]]:
    """`line` cut into pieces of at most `max_bytes` (see `raw_pieces`); the last one is flagged as going on
    unless the line `ends` here."""
    out = []
    while len(line) > max_bytes:
        cut = cut_point(line, max_bytes)
        out.append((line[:cut], True))
        line = line[cut:]
    out.append((line, not ends))
    return out


def all_utf8(path: str | Path, chunk_size: int = 1 << 16) -> bool:
    """Whether the whole file decodes as UTF-8, in 64 KB chunks (faster than by line; memory: one chunk)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as f:
        try:
            while chunk := f.read(chunk_size):
                decoder.decode(chunk)
            return decoder.decode(b"", final=True) == ""
        except UnicodeDecodeError:
            return False


def sniff(path: str | Path, policy: str = "auto") -> str:
    """The encoding to read `path` with: "utf-8-sig", or MIXED (each line UTF-8, else cp1252) with one warning
    that counts the lines that are not UTF-8 and names the first ones (policy "utf-8": refused instead).

    Reads the whole file in chunks, then by line if not all UTF-8. Raises CorpusError for binary or UTF-16 files.
    >>> sniff("seeds/003_83fc1e9fc7e21474.txt")
    'utf-8-sig'
    """
    check_text_file(path)
    if all_utf8(path):  # then every line is: the line-by-line pass below would find nothing to warn about
        return "utf-8-sig"
    bad, number = BadLines(str(path), policy), 1
    for piece, goes_on in raw_pieces(path):  # pieces of a long line are cut between characters: checked alone
        bad.add(number, piece)
        number += not goes_on
    bad.warn()
    return MIXED if bad.count else "utf-8-sig"


def iter_pieces(path: str | Path, encoding: str, max_bytes: int = MAX_LINE_BYTES) -> Iterator[tuple[str, bool]]:
    """The decoded lines of a file (as `sniff` chose), a line longer than `max_bytes` in pieces as `raw_pieces`
    gives them: (text, True) while the line goes on. Line ends and the BOM of the first line are removed.

    MIXED decodes each piece on its own: UTF-8 when it is, cp1252 when it is not.
    Illustration: list(iter_pieces("a.txt", MIXED)) for a file b"caf\\xe9\\r\\nd\\xc3\\xa9j\\xc3\\xa0"
                  -> [("café", False), ("déjà", False)]
    """
    codec = "utf-8" if encoding == "utf-8-sig" else encoding  # the BOM is removed below, once
    for number, (piece, goes_on) in enumerate(raw_pieces(path, max_bytes)):
        if encoding == MIXED:
            text = decode_line(piece)[0]
        else:  # cp1252 leaves 5 bytes undefined; 'replace' keeps going (the warning already named the file).
            text = piece.decode(codec, errors="replace")
        yield (text.removeprefix("\ufeff") if number == 0 else text), goes_on


def iter_lines(path: str | Path, encoding: str) -> Iterator[str]:
    """The decoded lines of a file (as `sniff` chose), without line ends, BOM removed from the first: the
    pieces of `iter_pieces` joined into whole lines.

    Illustration: list(iter_lines("a.txt", MIXED)) for a file b"caf\\xe9\\r\\nd\\xc3\\xa9j\\xc3\\xa0"
                  -> ["café", "déjà"]
    """
    parts: list[str] = []
    for text, goes_on in iter_pieces(path, encoding):
        parts.append(text)
        if not goes_on:
            yield "".join(parts)
            parts = []
