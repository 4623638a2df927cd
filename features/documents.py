"""Article files -> documents: id, metadata (source, date) and the paragraphs that are text.

Paragraphs are the blank-line separated blocks of the file, numbered from 0 as received, so that a
segment id does not change when a boilerplate rule changes. Boilerplate paragraphs keep their number
but are not returned as text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from features import boilerplate
from features.encoding import CorpusError, read_text

# `date 2022-10` at the very start of the text, as one of the seed conventions writes it.
DATE_MARKER = re.compile(r"^\s*date\s+(\d{4}(?:-\d{2}){0,2})\b\s*", re.IGNORECASE)
ARTICLE_SUFFIXES = (".txt",)  # other files (codebook, annotations) live beside the articles


@dataclass
class Document:
    """One article: its id (the file stem), metadata and kept paragraphs as (number, text)."""

    id: str
    source: str = ""
    date: str = ""
    paragraphs: list[tuple[int, str]] = field(default_factory=list)
    dropped: list[tuple[int, str]] = field(default_factory=list)  # (number, reason)
    path: str = ""


def split_paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines, inner line breaks joined; a file without blank lines: one per line.

    Example: split_paragraphs("A\\nb.\\n\\nC.") -> ["A b.", "C."]
    """
    if re.search(r"\n\s*\n", text):
        blocks = re.split(r"\n\s*\n", text)
    else:
        blocks = text.split("\n")
    return [" ".join(line.strip() for line in b.split("\n")).strip() for b in blocks if b.strip()]


def parse_article(text: str, doc_id: str, path: str = "") -> Document:
    """Find source, date and boilerplate in one article's text.

    Example: parse_article("LE MONDE\\n\\nTitre\\n\\nTexte.", "a").source -> "LE MONDE"
    """
    doc = Document(id=doc_id, path=path)
    paragraphs = split_paragraphs(text.replace("\u00a0", " "))
    repeats = boilerplate.repeated(paragraphs)
    for number, para in enumerate(paragraphs):
        if number == 0 and boilerplate.is_outlet_header(para):
            doc.source = para
            doc.dropped.append((number, "outlet header"))
            continue
        if not doc.date and not doc.paragraphs and (m := DATE_MARKER.match(para)):
            doc.date, para = m.group(1), para[m.end():].strip()
        if para in repeats:
            doc.dropped.append((number, "repeated line"))
        elif boilerplate.is_credit(para):
            doc.dropped.append((number, "caption or photo credit"))
        elif para:
            doc.paragraphs.append((number, para))
    return doc


def article_files(folder: str | Path) -> list[Path]:
    """The article files of a folder, sorted by name (hidden files and sub-folders skipped).

    Example: article_files("seeds") -> [seeds/000_….txt, seeds/003_….txt]
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"{folder}: not a folder; give the folder that holds the article files")
    files = sorted(
        p for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in ARTICLE_SUFFIXES
    )
    if not files:
        raise CorpusError(f"{folder}: no article files (*.txt) in this folder")
    return files


def read_article(path: str | Path) -> Document:
    """Read and parse one article file; its id is the file stem.

    Example: read_article("seeds/003_83fc1e9fc7e21474.txt").date -> "2022-10"
    """
    path = Path(path)
    text = read_text(path)
    if not text.strip():
        raise CorpusError(f"{path}: empty file; remove it or add its text")
    return parse_article(text, path.stem, str(path))


def read_folder(folder: str | Path) -> list[Document]:
    """Every article of a folder as documents, in file-name order.

    Example: [d.id for d in read_folder("seeds")] -> ["000_109b279601610553", "003_83fc1e9fc7e21474"]
    """
    return [read_article(p) for p in article_files(folder)]
