"""Recognise the lines of an article that are not its text: outlet headers, captions, photo credits.

A line (a paragraph of the file) is boilerplate when it is
- the outlet header: the first non-empty line, written in capitals, short, with no sentence punctuation
  (`LE MONDE`); its value becomes the document's `source`;
- a photo credit or a caption ending in one: `... (Olivier Matthys/Associated Press)`, `Photo : AFP`, `© Reuters`;
- repeated verbatim in the same document: a caption printed under each picture (`Jens Stoltenberg - OTAN`).
"""
from __future__ import annotations

import hashlib
import re
from array import array
from collections import Counter
from typing import Iterable

import numpy as np

# "(Name/Agency)" at the end of a paragraph is how wire captions credit the photographer.
CREDIT_AT_END = re.compile(r"\((?:[^()/]{2,60})/(?:[^()]{2,60})\)\s*$")
CREDIT_LINE = re.compile(r"^\s*(?:photo|photos|crédit|credit|credits|crédits)\s*[:©]|^\s*©", re.IGNORECASE)
SENTENCE_PUNCT = re.compile(r"[.!?;:,«»\"“”]")


def is_outlet_header(line: str) -> bool:
    """True for a short all-capitals line such as an outlet name.

    >>> is_outlet_header("LE MONDE")
    True
    >>> is_outlet_header("L'OTAN en alerte")
    False
    """
    letters = [c for c in line if c.isalpha()]
    return (
        1 <= len(line.split()) <= 6
        and len(letters) >= 2
        and all(c.isupper() for c in letters)
        and not SENTENCE_PUNCT.search(line)
    )


def is_credit(line: str) -> bool:
    """True for a caption ending with a photo credit, or a credit line.

    >>> is_credit("Bruxelles, le 13 octobre 2022. (Olivier Matthys/Associated Press)")
    True
    """
    return bool(CREDIT_AT_END.search(line) or CREDIT_LINE.search(line))


def repeated(paragraphs: list[str]) -> set[str]:
    """The paragraphs that occur more than once, verbatim after trimming spaces.

    >>> repeated(["Jens Stoltenberg - OTAN", "x.", "Jens Stoltenberg - OTAN"])
    {'Jens Stoltenberg - OTAN'}
    """
    counts = Counter(p.strip() for p in paragraphs if p.strip())
    return {p for p, n in counts.items() if n > 1}


def digest(paragraph: str) -> bytes:
    """A short fingerprint of a paragraph (trimmed): equal paragraphs, equal digests.

    >>> digest(" A ") == digest("A")
    True
    """
    return hashlib.blake2b(paragraph.strip().encode("utf-8", "surrogatepass"), digest_size=8).digest()


def repeated_digests(paragraphs: Iterable[str]) -> set[bytes]:
    """The `digest` of the non-empty paragraphs that occur more than once.

    Costs 8 bytes per paragraph, sorted in place: a long file is not held in memory to find its captions.
    >>> repeated_digests(["A", "b", "A"]) == {digest("A")}
    True
    """
    seen = array("Q", (int.from_bytes(digest(p), "little") for p in paragraphs if p.strip()))
    values = np.frombuffer(seen, dtype=np.uint64)
    values.sort()
    twice = values[1:][values[1:] == values[:-1]]
    return {int(v).to_bytes(8, "little") for v in twice}
